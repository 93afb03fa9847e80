// The offline evidence miner: what recurs across trajectories, what fails,
// and what recovered, counted rather than judged.
#ifndef T2S_MINE_MINER_H_
#define T2S_MINE_MINER_H_

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "trace/trajectory.h"

namespace t2s {

struct MineOptions {
  size_t min_support = 3;  // no claim from fewer trajectories than this
  size_t examples = 3;     // examples kept per signature
};

struct Example {
  std::string trajectory;
  size_t step = 0;
  std::string message;
};

struct SignatureStats {
  std::string signature;
  std::set<std::string> tools;
  std::set<std::string> trajectories;  // affected
  size_t occurrences = 0;
  size_t affected_failed = 0;      // affected trajectories labelled fail
  size_t affected_labelled = 0;    // affected with a success/fail label
  double failure_rate = 0;         // among affected labelled
  double failure_rate_others = 0;  // among unaffected labelled
  double lift = 0;                 // failure_rate / failure_rate_others (0 when undefined)
  std::vector<Example> examples;
};

struct ToolStats {
  std::string tool;
  size_t calls = 0;
  size_t error_results = 0;
  size_t trajectories_with_error = 0;
  size_t of_those_failed = 0;
};

// An error followed, in a successful trajectory, by a successful call of the
// same tool: what changed in the arguments.
struct Recovery {
  std::string signature;
  std::string tool;
  std::string change;  // "changed amount, payment_id" or "retried unchanged"
  std::set<std::string> trajectories;
};

// A tool (or tool pair "a -> b") used more in successful than in failed
// trajectories, or the reverse.
struct Correlate {
  std::string pattern;
  size_t in_success = 0;
  size_t in_fail = 0;
  double success_share = 0;  // in_success / successes
  double fail_share = 0;     // in_fail / failures
};

struct Evidence {
  size_t trajectories = 0;
  size_t successes = 0;
  size_t failures = 0;
  size_t steps = 0;
  std::vector<SignatureStats> signatures;  // most affected trajectories first
  std::vector<ToolStats> tools;            // by name
  std::vector<Recovery> recoveries;        // most support first (support >= min_support)
  std::vector<Correlate> correlates;  // largest share difference first (support >= min_support)

  // {"schema":"t2s.evidence/1", ...}; `top` limits each list (0: all).
  std::string ToJson(size_t top = 0) const;
  // Readable tables.
  std::string Summary(size_t top = 10) const;
};

// Mines trajectories one at a time, keeping counts and ids only, so memory
// does not grow with the size of the trajectories (only with the number of
// distinct signatures, tools and the ids behind them).
class Miner {
 public:
  explicit Miner(MineOptions options = {});
  void Add(const Trajectory& trajectory);
  // The evidence of everything added; the miner is empty afterwards.
  Evidence Finish();

 private:
  MineOptions options_;
  Evidence ev_;
  std::map<std::string, SignatureStats> sigs_;
  std::map<std::string, ToolStats> tools_;
  std::map<std::string, Recovery> recoveries_;
  std::map<std::string, std::pair<size_t, size_t>> patterns_;  // trajectories: success, fail
};

// Mine over a list: the same as adding each to a Miner.
Evidence Mine(const std::vector<Trajectory>& trajectories, const MineOptions& options = {});

}  // namespace t2s

#endif  // T2S_MINE_MINER_H_
