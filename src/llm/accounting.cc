#include "llm/accounting.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace t2s {

double CostUsd(const Usage& u, const Price& p) {
  double cached_price = p.cached_input_per_mtok < 0 ? p.input_per_mtok : p.cached_input_per_mtok;
  double fresh = static_cast<double>(u.prompt_tokens - u.cached_tokens);
  return (fresh * p.input_per_mtok + static_cast<double>(u.cached_tokens) * cached_price +
          static_cast<double>(u.completion_tokens) * p.output_per_mtok) /
         1e6;
}

double StageStats::LatencyPercentile(double p) const {
  if (latencies_ms.empty()) return 0;
  std::vector<double> sorted = latencies_ms;
  std::sort(sorted.begin(), sorted.end());
  size_t rank = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(rank, sorted.size() - 1)];
}

void StageStats::Add(const StageStats& o) {
  calls += o.calls;
  answered += o.answered;
  cache_hits += o.cache_hits;
  http_attempts += o.http_attempts;
  retries += o.retries;
  repairs += o.repairs;
  for (const auto& [cause, n] : o.failures) failures[cause] += n;
  tokens += o.tokens;
  cost_usd += o.cost_usd;
  cached += o.cached;
  cached_cost_usd += o.cached_cost_usd;
  latencies_ms.insert(latencies_ms.end(), o.latencies_ms.begin(), o.latencies_ms.end());
}

void Accounting::Record(const std::string& stage, const CallResult& result, int http_attempts,
                        int retries, int repairs, const Price* price) {
  StageStats& s = stages_[stage];
  ++s.calls;
  s.http_attempts += http_attempts;
  s.retries += retries;
  s.repairs += repairs;
  if (result.ok() && result.response->from_cache) {
    ++s.answered;
    ++s.cache_hits;
    s.cached += result.response->usage;
    s.cached_cost_usd += price != nullptr ? CostUsd(result.response->usage, *price) : 0;
    return;  // this run paid nothing for it
  }
  // Failed calls were paid for too: a cut-off answer, an invalid one.
  s.tokens += result.usage;
  double cost = price != nullptr ? CostUsd(result.usage, *price) : 0;
  s.cost_usd += cost;
  spent_tokens_ += result.usage.prompt_tokens + result.usage.completion_tokens;
  spent_cost_usd_ += cost;
  if (!result.ok()) {
    ++s.failures[result.cause];
    return;
  }
  ++s.answered;
  s.latencies_ms.push_back(result.response->latency_ms);
}

StageStats Accounting::Total() const {
  StageStats total;
  for (const auto& [name, s] : stages_) total.Add(s);
  return total;
}

static nlohmann::json StatsJson(const StageStats& s) {
  nlohmann::json failures = nlohmann::json::object();
  for (const auto& [cause, n] : s.failures) failures[std::string(FailureCauseName(cause))] = n;
  return {{"calls", s.calls},
          {"answered", s.answered},
          {"cache_hits", s.cache_hits},
          {"http_attempts", s.http_attempts},
          {"retries", s.retries},
          {"repairs", s.repairs},
          {"failures", failures},
          {"tokens",
           {{"prompt", s.tokens.prompt_tokens},
            {"completion", s.tokens.completion_tokens},
            {"reasoning", s.tokens.reasoning_tokens},
            {"cached", s.tokens.cached_tokens}}},
          {"cost_usd", s.cost_usd},
          {"cached",
           {{"prompt", s.cached.prompt_tokens},
            {"completion", s.cached.completion_tokens},
            {"cost_usd", s.cached_cost_usd}}},
          {"latency_ms",
           {{"p50", s.LatencyPercentile(50)},
            {"p90", s.LatencyPercentile(90)},
            {"p99", s.LatencyPercentile(99)}}}};
}

std::string Accounting::ToJson() const {
  nlohmann::json stages = nlohmann::json::object();
  for (const auto& [name, s] : stages_) stages[name] = StatsJson(s);
  nlohmann::json j = {
      {"schema", "t2s.llm-accounting/1"}, {"stages", stages}, {"total", StatsJson(Total())}};
  return j.dump(2);
}

std::string Accounting::Summary(bool priced) const {
  std::string out;
  auto money = [priced](double usd) {
    return priced ? fmt::format("${:.4f}", usd) : std::string("cost unknown");
  };
  auto line = [&](const std::string& name, const StageStats& s) {
    int64_t failed = 0;
    for (const auto& [cause, n] : s.failures) failed += n;
    out += fmt::format(
        "{}: {} calls, {} answered ({} from cache), {} failed, {} retries; {} prompt + {} "
        "completion tokens; "
        "{}; p50 {:.0f} ms, p90 {:.0f} ms{}\n",
        name, s.calls, s.answered, s.cache_hits, failed, s.retries, s.tokens.prompt_tokens,
        s.tokens.completion_tokens, money(s.cost_usd), s.LatencyPercentile(50),
        s.LatencyPercentile(90),
        s.cache_hits == 0
            ? std::string()
        : priced ? fmt::format("; the cached answers first cost {} ({} prompt + {} completion "
                               "tokens), not paid again",
                               money(s.cached_cost_usd), s.cached.prompt_tokens,
                               s.cached.completion_tokens)
                 : fmt::format("; the cached answers ({} prompt + {} completion tokens) were "
                               "paid in an earlier run",
                               s.cached.prompt_tokens, s.cached.completion_tokens));
  };
  for (const auto& [name, s] : stages_) line(name, s);
  if (stages_.size() > 1) line("total", Total());
  return out;
}

}  // namespace t2s
