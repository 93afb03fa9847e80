// RunLoop: the paper's protocol end to end, in one folder, every stage
// resumable (re-running the same command redoes nothing that finished):
//
//   S0 (given, or drafted with --new)
//   -> run S0 on the train split, once per seed          selection/runs/S0/seed-<s>/
//   -> evolve one candidate per seed from those runs     evolve/seed-<s>/
//   -> evaluate S0 and every candidate on the train split (selection/eval.json)
//   -> the gate: the best candidate is kept only if it beats S0 there
//   -> evaluate no skill, S0 and the kept skill on the test split (test/eval.json)
//   -> skill/<name>/ (the kept skill), loop.json, report.html
#ifndef T2S_BENCH_LOOP_H_
#define T2S_BENCH_LOOP_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bench/eval.h"
#include "evolve/pipeline.h"

namespace t2s {

inline constexpr std::string_view kLoopSchema = "t2s.loop/1";

struct LoopOptions {
  std::string suite;
  std::string train;        // task range of the evolving split
  std::string test;         // task range of the held-out split
  std::string skill_dir;    // S0; empty with evolve.new_name (drafted first)
  std::vector<int64_t> seeds = {41, 42, 43};
  std::string out;
  SuiteRunOptions run;      // agent, sandbox, cache... (as for eval)
  EvolveOptions evolve;     // mode, fan-in, ... (seed set per candidate)
  double alpha = 0.05;      // of the reported comparisons
  // The gate: a candidate needs more passes than S0 on the train split and,
  // when this is above 0, also McNemar p below it.
  double gate_alpha = 0;
  std::function<void(const std::string&)> progress;  // a line per stage
  // Count episodes, calls and tokens per stage; run nothing, write nothing.
  bool dry_run = false;
  // Write into an --out that holds other files (bench/result_folder.h).
  bool force = false;
};

struct LoopCandidate {
  int64_t seed = 0;
  std::string label;   // "seed-41"
  std::string dir;     // evolve/seed-41/skill/<name>; empty when there is none
  std::string why_none;  // why this seed gave no candidate
  size_t applied_edits = 0;
};

struct LoopResult {
  std::string s0_dir;
  std::vector<LoopCandidate> candidates;
  EvalSummary selection;
  EvalSummary test;
  std::string kept_label;   // "S0" or a candidate's label
  bool kept_seed_skill = true;
  std::string gate_reason;  // one sentence
  std::string skill_out;    // OUT/skill/<name>
  // Set when a run did not finish: the loop stopped at that stage.
  std::string stop_reason;
  std::string dry_run_report;  // with dry_run: a line per stage and a total
};

// Errors (one line): bad options (task ranges that select nothing or
// overlap), a suite or skill that does not load, a seed skill with
// validation errors, an evolve run that cannot start, a failed write. A stage whose runs did not
// finish ends the loop with stop_reason set (the same call resumes).
Result<LoopResult> RunLoop(const LoopOptions& options, const LlmConfig& llm, Transport* transport,
                           Clock* clock, const AttachFn& attach = {});

// The gate's decision from the selection eval, whose first skill is S0:
// the index of the kept skill (0: S0) and the sentence saying why, which
// names the tasks as `where` ("on the train split").
std::pair<size_t, std::string> GateDecision(const EvalSummary& selection, double gate_alpha,
                                            const std::string& where);

}  // namespace t2s

#endif  // T2S_BENCH_LOOP_H_
