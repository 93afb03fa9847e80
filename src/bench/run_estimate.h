// What suite runs will ask of the model, at least and at most, before any
// call: what `eval --dry-run` and `loop --dry-run` print.
#ifndef T2S_BENCH_RUN_ESTIMATE_H_
#define T2S_BENCH_RUN_ESTIMATE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "bench/suite.h"
#include "bench/suite_run.h"
#include "llm/accounting.h"
#include "skill/skill.h"

namespace t2s {

struct RunEstimate {
  size_t episodes = 0;
  size_t max_calls = 0;            // every episode to --max-turns
  size_t first_prompt_tokens = 0;  // each episode's first prompt (system + task): a floor
  int64_t max_tokens = 0;          // episodes x --episode-tokens, when `bounded`
  bool bounded = true;             // every part had --episode-tokens
  RunEstimate& operator+=(const RunEstimate& o);
};

// `skill` null: no skill. Every selected task once per seed.
RunEstimate EstimateRuns(const Suite& suite, const std::vector<size_t>& tasks, const Skill* skill,
                         const SuiteRunOptions& options, size_t seeds);

// One line: "eval: 72 episodes, at most 7200 model calls; prompts at least
// 21.6k tokens (first turns), at most 1.44M tokens (--episode-tokens 20000);
// cost $0.05 .. $3.60". Without --episode-tokens the upper bound is named as
// missing; without a price for `model`, the cost is.
std::string EstimateLine(const std::string& what, const RunEstimate& e,
                         const std::map<std::string, Price>& prices, const std::string& model);

}  // namespace t2s

#endif  // T2S_BENCH_RUN_ESTIMATE_H_
