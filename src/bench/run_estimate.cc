#include "bench/run_estimate.h"

#include <fmt/format.h>

#include <algorithm>

#include "agent/system_prompt.h"
#include "trace/token_estimate.h"

namespace t2s {
namespace {

std::string Tokens(double n) {
  if (n >= 1e6) return fmt::format("{:.2f}M", n / 1e6);
  if (n >= 1e3) return fmt::format("{:.1f}k", n / 1e3);
  return fmt::format("{:.0f}", n);
}

}  // namespace

RunEstimate& RunEstimate::operator+=(const RunEstimate& o) {
  episodes += o.episodes;
  max_calls += o.max_calls;
  first_prompt_tokens += o.first_prompt_tokens;
  max_tokens += o.max_tokens;
  bounded = bounded && o.bounded;
  return *this;
}

RunEstimate EstimateRuns(const Suite& suite, const std::vector<size_t>& tasks, const Skill* skill,
                         const SuiteRunOptions& o, size_t seeds) {
  RunEstimate e;
  size_t system = EstimateTokens(SystemPrompt(skill, o.skill_mode));
  for (size_t i : tasks) {
    e.first_prompt_tokens += (system + EstimateTokens(suite.tasks[i].instruction)) * seeds;
  }
  e.episodes = tasks.size() * seeds;
  e.max_calls = e.episodes * static_cast<size_t>(o.agent.max_turns);
  e.bounded = o.agent.max_episode_tokens > 0;
  e.max_tokens = e.bounded ? o.agent.max_episode_tokens * static_cast<int64_t>(e.episodes) : 0;
  return e;
}

std::string EstimateLine(const std::string& what, const RunEstimate& e,
                         const std::map<std::string, Price>& prices, const std::string& model) {
  std::string line = fmt::format("{}: {} episodes, at most {} model calls; prompts at least {} tokens "
                                 "(first turns)",
                                 what, e.episodes, e.max_calls,
                                 Tokens(static_cast<double>(e.first_prompt_tokens)));
  line += e.bounded
              ? fmt::format(", at most {} tokens (--episode-tokens)",
                            Tokens(static_cast<double>(e.max_tokens)))
              : ", no upper bound (set --episode-tokens to cap each task)";
  auto price = prices.find(model);
  if (price == prices.end()) return line + "; cost unknown: set [prices] for the model";
  double low = static_cast<double>(e.first_prompt_tokens) * price->second.input_per_mtok / 1e6;
  if (!e.bounded) return line + fmt::format("; cost at least ${:.2f}", low);
  double high = static_cast<double>(e.max_tokens) *
                std::max(price->second.input_per_mtok, price->second.output_per_mtok) / 1e6;
  return line + fmt::format("; cost ${:.2f} .. ${:.2f}", low, high);
}

}  // namespace t2s
