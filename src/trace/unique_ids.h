// Trajectory ids must be unique within a run: fates, support counts and
// provenance are keyed by them. Inputs gathered from several files (or the
// same file given twice) may repeat ids.
#ifndef T2S_TRACE_UNIQUE_IDS_H_
#define T2S_TRACE_UNIQUE_IDS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "trace/trajectory.h"

namespace t2s {

// A hash of what a trajectory says, wherever it was read from (its
// metadata "file", which holds the path and the position, is left out).
std::string TrajectoryContentHash(const Trajectory& trajectory);


struct UniqueIdReport {
  size_t exact_duplicates = 0;  // same id and same content: dropped
  size_t renamed = 0;           // same id, other content: renamed
  std::string example;          // "a -> a@runs2.jsonl"
};

// The same, one trajectory at a time (for streaming): Admit returns false
// for an exact duplicate (drop it) and renames a repeated id in place. Keeps
// each id and a content hash, not the trajectories.
class UniqueIds {
 public:
  bool Admit(Trajectory* trajectory);
  const UniqueIdReport& report() const { return report_; }

 private:
  std::map<std::string, std::set<std::string>> hashes_;  // id as read -> content hashes
  std::set<std::string> taken_;
  UniqueIdReport report_;
};

// Drops exact duplicates (same id and same content wherever it was read
// from, keeping the first) and renames the other repeats of an id to
// "<id>@<file name>" (the file from metadata "file", without "#index" or
// ":line"), then "<id>@<file name>#<n>" while still
// taken. The first occurrence keeps its id. Order is kept.
UniqueIdReport MakeIdsUnique(std::vector<Trajectory>* trajectories);

// One line for people, "" when nothing happened:
// "2 trajectories repeated an id with other content and were renamed (e.g. a -> a@b.jsonl);
//  1 exact duplicate was dropped"
std::string DescribeUniqueIds(const UniqueIdReport& report);

}  // namespace t2s

#endif  // T2S_TRACE_UNIQUE_IDS_H_
