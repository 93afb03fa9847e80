// RunEval: every skill on the same tasks with the same seeds, each a
// resumable `run` (bench/suite_run.h), then the statistics that say whether
// a skill helps (bench/eval_summary.h). What `trace2skill eval` does, and
// what loop calls for selection and for the held-out split.
//
// Writes into OUT:
//   runs/<label>/seed-<s>/  one run folder per skill and seed
//   cache.sqlite            the response cache the runs share (unless the
//                           caller names another, or none)
//   eval.json               t2s.eval/1 (bench/eval_report.h)
//   report.html             the tables and a chart
// Re-running the same command resumes: finished runs cost nothing.
#ifndef T2S_BENCH_EVAL_H_
#define T2S_BENCH_EVAL_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "bench/eval_summary.h"
#include "bench/suite_run.h"

namespace t2s {

struct EvalSkill {
  std::string label;  // names its run folders and its row; unique in the eval
  std::string dir;    // empty: no skill (the baseline)
};

// The labels eval gives skill arguments: "none" for none, else the
// folder's name; a repeated name gets "-2", "-3".
std::vector<EvalSkill> LabelSkills(const std::vector<std::string>& dirs);

struct EvalOptions {
  std::string suite;
  std::string tasks;               // "A:B", "" = all
  ShardSpec shard;                 // --shard i/n: this share of the tasks (eval --combine joins)
  std::vector<EvalSkill> skills;   // the first is the reference of the paired tests
  std::vector<int64_t> seeds = {41};
  std::string out;
  double alpha = 0.05;             // significance of "better" / "worse"
  // Everything else of each run (agent, sandbox, jobs, cache, prices,
  // progress); suite, tasks, skill_dir, out and the seed are set per run.
  // An empty `run.cache` becomes OUT/cache.sqlite unless `run.no_cache`.
  SuiteRunOptions run;
  // Count episodes, calls and tokens; run nothing, write nothing.
  bool dry_run = false;
  // Write into an --out that holds other files (bench/result_folder.h).
  bool force = false;
  // The title of eval.json and report.html ("eval", "loop: selection").
  std::string title = "eval";
  // Called before each run starts: ("S0", 41, 1, 6).
  std::function<void(const std::string&, int64_t, size_t, size_t)> on_run;
};

struct EvalResult {
  EvalSummary summary;
  std::string dry_run_report;  // with dry_run: one line per skill and a total
  // Why the eval stopped before every run finished ("" when it did not):
  // the runs after the first unfinished one were not started.
  std::string stop_reason;
};

// Errors (one line): a bad suite or task range, a skill folder that does
// not load, no skill or no seed, a run that cannot start. The budget of
// llm.max_cost_usd / max_total_tokens holds for the eval as a whole.
Result<EvalResult> RunEval(const EvalOptions& options, const std::string& provider,
                           const std::vector<Endpoint>& endpoints, const LlmOptions& llm,
                           Transport* transport, Clock* clock,
                           const std::function<void(LlmClient*)>& attach_client = {});

}  // namespace t2s

#endif  // T2S_BENCH_EVAL_H_
