// Accounting: what the LLM calls of a run did and cost, per stage.
#ifndef T2S_LLM_ACCOUNTING_H_
#define T2S_LLM_ACCOUNTING_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "llm/chat_types.h"

namespace t2s {

// US dollars per million tokens.
struct Price {
  double input_per_mtok = 0;
  double output_per_mtok = 0;
  double cached_input_per_mtok = -1;  // < 0: same as input
};

double CostUsd(const Usage& usage, const Price& price);

struct StageStats {
  int64_t calls = 0;
  int64_t answered = 0;
  int64_t cache_hits = 0;
  int64_t http_attempts = 0;
  int64_t retries = 0;
  int64_t repairs = 0;
  std::map<FailureCause, int64_t> failures;
  Usage tokens;  // paid in this run: every call's CallResult::usage, failed calls included
  double cost_usd = 0;
  // What the cache hits cost when they were first asked (not paid in this run).
  Usage cached;
  double cached_cost_usd = 0;
  std::vector<double> latencies_ms;  // answered calls that reached the server

  // The p-th percentile (0..100) of latencies_ms; 0 when there are none.
  double LatencyPercentile(double p) const;
  void Add(const StageStats& other);
};

class Accounting {
 public:
  // Records one finished call of `stage`; `price` may be null (cost 0).
  // Counts result.usage whether the call succeeded or not; a cache hit adds
  // its original usage to `cached` instead.
  void Record(const std::string& stage, const CallResult& result, int http_attempts, int retries,
              int repairs, const Price* price);

  const std::map<std::string, StageStats>& stages() const { return stages_; }
  StageStats Total() const;
  // Prompt + completion tokens and dollars of every recorded call, kept as
  // running sums: the scheduler checks the budget on every loop turn.
  int64_t spent_tokens() const { return spent_tokens_; }
  double spent_cost_usd() const { return spent_cost_usd_; }

  // {"schema":"t2s.llm-accounting/1","stages":{...},"total":{...}}; each
  // stage: calls, answered, cache_hits, http_attempts, retries, repairs,
  // failures, tokens, cost_usd, cached {prompt, completion, cost_usd},
  // latency_ms.
  std::string ToJson() const;
  // One line per stage, for people; without a price for the model
  // (`priced` false) the cost reads "cost unknown", not $0.
  std::string Summary(bool priced) const;

 private:
  std::map<std::string, StageStats> stages_;
  int64_t spent_tokens_ = 0;
  double spent_cost_usd_ = 0;
};

}  // namespace t2s

#endif  // T2S_LLM_ACCOUNTING_H_
