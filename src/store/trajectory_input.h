// Reading trajectories for commands that stream them (evolve, mine, report): files
// and folders in any supported format, a store, labels.
#ifndef T2S_STORE_TRAJECTORY_INPUT_H_
#define T2S_STORE_TRAJECTORY_INPUT_H_

#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "trace/trajectory.h"

namespace t2s {

struct TrajectoryInput {
  std::vector<std::string> paths;  // files or folders
  std::string store;               // a store made by `ingest`
  std::string labels;              // CSV or JSONL of id,label[,reward]
};

// A record that could not be read: where ("runs.jsonl:17") and why.
struct SkippedRecord {
  std::string where;
  std::string what;
};

// Reads every trajectory of `input`: `fn` gets each (labelled, its id made
// unique: trace/unique_ids.h, with one line on stderr) as it is read; none
// is kept. Malformed records are reported on stderr as FILE:LINE: WHAT,
// skipped, and listed in `skipped` when given. `quiet`: nothing on stderr
// (a second reading of the same input).
Status ForEachTrajectory(const TrajectoryInput& input, const std::function<void(Trajectory)>& fn,
                         std::vector<SkippedRecord>* skipped = nullptr, bool quiet = false);

}  // namespace t2s

#endif  // T2S_STORE_TRAJECTORY_INPUT_H_
