// What eval concludes from the runs of several skills on the same tasks and
// seeds: pass rates with Wilson intervals, the spread over seeds, paired
// McNemar tests against the first skill, per task type and per task. Pure:
// the runs' results in, numbers and words out.
#ifndef T2S_BENCH_EVAL_SUMMARY_H_
#define T2S_BENCH_EVAL_SUMMARY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/stats.h"
#include "bench/suite_run.h"

namespace t2s {

// One skill's runs, one per seed (in the eval's seed order; a seed whose
// run was not started is missing).
struct SkillRuns {
  std::string label;
  std::string dir;  // empty: no skill
  std::vector<std::pair<int64_t, SuiteRunSummary>> runs;
};

// Passes over finished (task, seed) outcomes; unfinished ones count nowhere.
struct Rate {
  size_t passed = 0;
  size_t finished = 0;
  double rate() const { return finished == 0 ? 0 : static_cast<double>(passed) / finished; }
  Interval interval() const { return WilsonInterval(passed, finished); }
};

// The skill against the reference (the first skill), task by task on the
// seeds both finished: `pairs` tasks compared, `b` tasks this skill passed
// with more seeds, `c` tasks the reference did; p is the exact two-sided
// sign test on b and c (McNemar's test when there is one seed).
struct Comparison {
  std::string reference;
  size_t pairs = 0;
  size_t b = 0;
  size_t c = 0;
  double p = 1;
  std::string words;  // CompareWords: "better (p = 0.02)", "no significant difference (p = 1)"
  bool significant = false;
};

struct SkillSummary {
  std::string label;
  std::string dir;
  Rate overall;
  std::vector<std::pair<int64_t, Rate>> per_seed;
  double seed_mean = 0;  // mean of the per-seed pass rates
  double seed_sd = 0;    // their sample standard deviation (0 with one seed)
  std::map<std::string, Rate> by_type;  // task type ("" untyped) -> rate
  std::optional<Comparison> vs_reference;  // none for the reference itself
  size_t unfinished = 0;
  Usage usage;
  double cost_usd = 0;
  double seconds = 0;  // the sum of the tasks' times
};

struct TaskRow {
  std::string id;
  std::string type;
  // [skill][seed]: "pass", "fail", "error", "unfinished", or "" (not run).
  std::vector<std::vector<std::string>> verdicts;
};

struct EvalSummary {
  std::string title;
  std::string suite;
  std::string suite_name;
  std::string tasks;  // the range as given
  std::string shard;  // "2/4" for a shard of an eval (eval --shard), else ""
  std::vector<std::string> combined_from;  // eval --combine: the shards' folders, in order
  std::vector<int64_t> seeds;
  double alpha = 0.05;
  std::vector<SkillSummary> skills;
  std::vector<TaskRow> rows;  // in suite order
  bool complete = false;      // every skill ran every task with every seed to the end
  // How the runs were made, for the report: the model, the agent's settings
  // ("max_turns=100 skill_mode=preload ..."), whether the model has a price.
  std::string model;
  std::string settings;
  bool price_known = false;
  RunSpend spend;  // this invocation's runs
};

// `types` maps each selected task's id to its type, in suite order.
EvalSummary Summarize(const std::vector<SkillRuns>& skills,
                      const std::vector<std::pair<std::string, std::string>>& types,
                      const std::vector<int64_t>& seeds, double alpha);

// Skill `index` of `summary` against skill `reference`, on the (task, seed)
// pairs both finished (what vs_reference holds for the first skill).
Comparison CompareSkills(const EvalSummary& summary, size_t index, size_t reference);

}  // namespace t2s

#endif  // T2S_BENCH_EVAL_SUMMARY_H_
