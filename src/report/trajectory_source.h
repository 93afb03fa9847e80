// Finding, at report time, the trajectories a run read: its inputs as the
// manifest records them (files or folders, a store, labels) or the
// trajectories.jsonl a `run` wrote.
#ifndef T2S_REPORT_TRAJECTORY_SOURCE_H_
#define T2S_REPORT_TRAJECTORY_SOURCE_H_

#include <map>
#include <set>
#include <string>

#include "store/trajectory_input.h"
#include "trace/trajectory.h"

namespace t2s {

struct FoundTrajectories {
  std::map<std::string, Trajectory> by_id;  // only the wanted ones
  // Why the input could not be read (whole), or empty; a page whose
  // trajectory was not found says this.
  std::string problem;
};

// Reads `input` (quietly: nothing on stderr) and keeps the trajectories
// whose ids are in `wanted`, with the ids and labels the run gave them.
// Never fails: what cannot be read is described in `problem`.
FoundTrajectories FindTrajectories(const TrajectoryInput& input, const std::set<std::string>& wanted);

}  // namespace t2s

#endif  // T2S_REPORT_TRAJECTORY_SOURCE_H_
