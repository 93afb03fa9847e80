// RunSuite: the agent on every selected task of a suite, each in its own
// sandboxed workspace, the checker's verdict as the outcome. What
// `trace2skill run` does, and what eval and loop call per skill and seed.
//
// Writes into OUT:
//   trajectories.jsonl  t2s.trajectory/1, one finished episode a line, in task order
//   results.json        t2s.results/1: per task verdict, detail, turns, tokens, cost, seconds
//   workspaces/<id>/    each task's files as the agent left them
//   run.sqlite          settings, finished episodes, tool results, model answers
//   report.html         the verdicts at a glance
// Re-running resumes: finished tasks are not run again; unfinished ones
// start over in a fresh workspace, their answered turns from the cache and
// their tool results from the log, so no answered turn is asked again.
#ifndef T2S_BENCH_SUITE_RUN_H_
#define T2S_BENCH_SUITE_RUN_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "agent/episode.h"
#include "agent/system_prompt.h"
#include "base/result.h"
#include "base/shard_spec.h"
#include "llm/chat_types.h"
#include "llm/llm_client.h"
#include "sandbox/sandbox.h"

namespace t2s {

struct SuiteRunOptions {
  std::string suite;       // a t2s.suite/1 folder or spreadsheetbench:PATH
  std::string skill_dir;   // empty: no skill (the baseline)
  SkillMode skill_mode = SkillMode::kPreload;
  std::string out;
  std::string tasks;       // "A:B", "" = all
  ShardSpec shard;         // --shard i/n: this share of the selected tasks
  AgentOptions agent;
  SandboxOptions sandbox;
  int jobs = 4;            // tool processes at once
  std::string cache;       // a shared response cache; empty: OUT/run.sqlite only
  bool no_cache = false;   // answers are recorded, none is reused
  std::map<std::string, Price> prices;
  // A line for people as each task ends: "[3/20] t3: pass (4 turns, 12.1 s)".
  std::function<void(const std::string&)> progress;
  // The counts as tasks end (and once before the first): done, total, and
  // how many of them did not pass.
  std::function<void(size_t done, size_t total, size_t not_passed)> on_count;
};

struct TaskResult {
  std::string id;
  std::string verdict;  // pass | fail | error
  std::string detail;
  int turns = 0;
  int tool_calls = 0;
  Usage usage;
  double cost_usd = 0;
  double seconds = 0;
  bool finished = false;  // false: the run stopped before it ended (resumable)
  bool resumed = false;   // finished in an earlier run of the same command
};

// What the model calls of one invocation cost: paid now, and answered from
// the cache (their original cost, not paid again). Tasks finished in an
// earlier invocation count in neither.
struct RunSpend {
  Usage paid, cached;
  double paid_cost_usd = 0, cached_cost_usd = 0;
  int cached_turns = 0;

  RunSpend& operator+=(const RunSpend& o) {
    paid += o.paid;
    cached += o.cached;
    paid_cost_usd += o.paid_cost_usd;
    cached_cost_usd += o.cached_cost_usd;
    cached_turns += o.cached_turns;
    return *this;
  }
};

struct SuiteRunSummary {
  std::string suite_name;
  std::vector<TaskResult> tasks;  // the selected tasks, in suite order
  size_t passed = 0, failed = 0, errors = 0, unfinished = 0;
  RunSpend spend;
  bool price_known = false;  // the model has a configured price
  std::string stop_reason;  // why unfinished tasks did not finish, "" if none
};

// `transport` and `clock` drive the client made from `llm` (tests pass a
// fake clock; the real run RealClock()). Errors are one line: a bad suite,
// a bad --tasks, a sandbox that cannot start, an out folder in use or
// holding another run.
Result<SuiteRunSummary> RunSuite(const SuiteRunOptions& options, const std::string& provider,
                                 const std::vector<Endpoint>& endpoints, const LlmOptions& llm,
                                 Transport* transport, Clock* clock,
                                 const std::function<void(LlmClient*)>& attach_client = {});

}  // namespace t2s

#endif  // T2S_BENCH_SUITE_RUN_H_
