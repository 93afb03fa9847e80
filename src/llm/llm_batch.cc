// LlmClient::Run in batch mode (BatchOptions): the cache first, then the
// batches an earlier run of the same calls left open, then one new batch
// for the rest; what fails in a batch goes in a follow-up one.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "llm/batch_api.h"
#include "llm/json_extract.h"
#include "llm/llm_client.h"

namespace t2s {
namespace {

// A batch being waited on.
struct ActiveBatch {
  std::string id;
  BatchState state;
  int poll_errors = 0;
};

// Consecutive failed polls of one batch before the run gives up on it (it
// stays recorded: the same command polls it again).
constexpr int kMaxPollErrors = 5;

}  // namespace

HttpResponse LlmClient::ExchangeNow(HttpRequest request) {
  const uint64_t tag = next_tag_++;
  transport_->Start(tag, std::move(request));
  while (true) {
    for (auto& [done, response] : transport_->Poll(1000)) {
      if (done == tag) return std::move(response);
    }
    if (cancelled_.load()) {
      transport_->AbortAll();
      HttpResponse r;
      r.transport_error = "cancelled";
      return r;
    }
  }
}

CallResult LlmClient::CheckAnswer(const ChatRequest& request, ChatResponse answer) const {
  CallResult r;
  r.usage = answer.usage;
  if (answer.finish_reason == "length") {
    r.cause = FailureCause::kLength;
    r.error = fmt::format("the answer was cut off at max_tokens ({})", request.sampling.max_tokens);
    return r;
  }
  if (!request.schema.empty()) {
    TakeForcedToolAnswer(&answer);
    Result<std::string> json = ExtractJsonObject(answer.content);
    Status valid = json.ok() ? ValidateJsonSchema(*json, request.schema.schema_json) : json.status();
    if (!valid.ok()) {
      r.cause = FailureCause::kInvalidJson;
      r.error = valid.message();
      return r;
    }
    answer.json = *json;
  }
  answer.attempts = 1;
  r.response = std::move(answer);
  return r;
}

std::vector<CallResult> LlmClient::RunBatch(const RequestSource& source) {
  const BatchOptions& bo = options_.batch;
  source_ = &source;
  run_total_ = source.count;
  run_done_ = run_failed_ = 0;
  started_ = clock_->NowMs();
  const size_t n = source.count;
  std::vector<CallResult> results(n);
  std::vector<bool> done(n, false);
  std::map<std::string, std::vector<size_t>> pending;  // cache key -> its calls (duplicates share)
  std::map<std::string, std::string> last_error;       // cache key -> why its last item failed
  Price batch_price;
  const Price* price = nullptr;
  if (auto it = options_.prices.find(source.model); it != options_.prices.end()) {
    batch_price = it->second;
    batch_price.input_per_mtok *= bo.price_factor;
    batch_price.output_per_mtok *= bo.price_factor;
    if (batch_price.cached_input_per_mtok >= 0) batch_price.cached_input_per_mtok *= bo.price_factor;
    price = &batch_price;
  }
  // `key`: the call's cache key, where a new answer is stored.
  auto finish = [&](size_t i, CallResult r, int attempts, const std::string& key,
                    bool counted = true) {
    r.error = Redact(std::move(r.error));
    accounting_.Record(source.stage, r, attempts, 0, 0, price);
    if (r.ok() && !r.response->from_cache && cache_ != nullptr && !fatal_) {
      if (Status st = cache_->Put(key, *r.response); !st.ok()) {
        FatalError f;
        f.cause = FailureCause::kStopped;
        f.message = Redact("cannot store an answer, so the run stops to pay for nothing twice: " +
                           st.message());
        fatal_ = std::move(f);
      }
    }
    results[i] = std::move(r);
    done[i] = true;
    if (!counted) return;  // never sent: not a finished call for the progress line
    ++run_done_;
    if (!results[i].ok()) ++run_failed_;
    if (progress_) progress_(run_done_, run_total_, run_failed_);
  };
  auto say = [&](const std::string& line) {
    if (log_) log_(fmt::format("{}: {}", source.stage, line));
  };
  auto fail_pending = [&](FailureCause cause, const std::string& why) {
    for (auto& [key, calls] : pending) {
      for (size_t i : calls) finish(i, FailedCall(cause, why), 0, key, /*counted=*/false);
    }
    pending.clear();
  };
  auto finish_run = [&] {
    source_ = nullptr;
    return std::move(results);
  };

  // The cache first: a re-run pays nothing for what was answered.
  HttpRequest sample;
  for (size_t i = 0; i < n; ++i) {
    ChatRequest request = source.make(i);
    std::string key = CacheKey(provider_->name(), request);
    if (cache_ != nullptr) {
      if (std::optional<ChatResponse> hit = cache_->Get(key)) {
        CallResult cached;
        cached.response = std::move(hit);
        finish(i, std::move(cached), 0, key);
        continue;
      }
    }
    if (sample.url.empty()) sample = provider_->Build(request, modes_[0], endpoints_[0]);
    pending[key].push_back(i);
  }
  if (pending.empty()) return finish_run();
  if (fatal_) {
    fail_pending(FailureCause::kStopped, "not started: an earlier call stopped the client");
    return finish_run();
  }
  std::unique_ptr<BatchApi> api = MakeBatchApi(
      provider_->name(), sample, bo.window, [this](HttpRequest r) { return ExchangeNow(std::move(r)); });

  // Batches an earlier, interrupted run submitted for these calls: polled,
  // not paid for again.
  std::vector<ActiveBatch> active;
  std::set<std::string> covered;
  if (cache_ != nullptr) {
    Result<std::vector<BatchRecord>> open = cache_->OpenBatches();
    if (open.ok()) {
      for (const BatchRecord& b : *open) {
        bool ours = std::any_of(b.keys.begin(), b.keys.end(),
                                [&](const std::string& k) { return pending.count(k) > 0; });
        if (!ours) continue;
        active.push_back({b.id, {}, 0});
        covered.insert(b.keys.begin(), b.keys.end());
        say(fmt::format("collecting batch {} ({} calls), submitted by an earlier run", b.id,
                        b.keys.size()));
      }
    }
  }

  for (int round = 0; round < std::max(1, bo.rounds) && !pending.empty(); ++round) {
    // A batch is paid for as a whole: none starts once the budget is spent,
    // nor one whose prompts alone (4 characters a token) would pass it.
    if (BudgetReached() && active.empty()) {
      fail_pending(FailureCause::kBudget, "the run budget was reached before its batch was submitted");
      return finish_run();
    }
    if (options_.max_cost_usd > 0 && price != nullptr) {
      double chars = 0;
      for (const auto& [key, calls] : pending) {
        if (covered.count(key) > 0) continue;
        for (const ChatMessage& m : source.make(calls.front()).messages) chars += m.content.size();
      }
      const double estimate = chars / 4 * price->input_per_mtok / 1e6;
      const double left = options_.max_cost_usd - accounting_.spent_cost_usd();
      if (estimate > left) {
        fail_pending(FailureCause::kBudget,
                     fmt::format("not submitted: the batch's prompts alone would cost about "
                                 "${:.4f}, more than the ${:.4f} left of the budget",
                                 estimate, left));
        return finish_run();
      }
    }
    // Submit what no open batch covers, max_items at a time.
    std::vector<std::pair<std::string, HttpRequest>> items;
    std::vector<std::string> keys;
    auto submit = [&]() -> Status {
      if (items.empty()) return Status::Ok();
      Result<std::string> id = api->Submit(items);
      if (!id.ok()) return id.status();
      if (cache_ != nullptr) T2S_RETURN_IF_ERROR(cache_->RecordBatch({*id, source.stage, keys}));
      say(fmt::format("batch {} submitted ({} calls); polling it (recorded in the run store: a "
                      "killed run collects it)",
                      *id, keys.size()));
      active.push_back({*id, {}, 0});
      items.clear();
      keys.clear();
      return Status::Ok();
    };
    Status submitted = Status::Ok();
    for (const auto& [key, calls] : pending) {
      if (covered.count(key) > 0) continue;
      HttpRequest http = provider_->Build(source.make(calls.front()), modes_[0], endpoints_[0]);
      items.emplace_back(key, std::move(http));
      keys.push_back(key);
      if (items.size() >= bo.max_items && !(submitted = submit()).ok()) break;
    }
    if (submitted.ok()) submitted = submit();
    if (!submitted.ok()) {
      FatalError f;
      f.cause = FailureCause::kClient;
      f.endpoint = endpoints_[0].base_url;
      f.message = Redact(submitted.message());
      fatal_ = f;
      fail_pending(FailureCause::kStopped, "not started: " + fatal_->message);
      return finish_run();
    }
    covered.clear();

    // Wait for every batch to end, polling with backoff.
    int64_t wait = std::max<int64_t>(1, bo.poll_ms);
    while (std::any_of(active.begin(), active.end(),
                       [](const ActiveBatch& a) { return !a.state.ended; })) {
      for (int64_t slept = 0; slept < wait && !cancelled_.load();) {
        int64_t step = std::min<int64_t>(wait - slept, 1000);
        clock_->SleepMs(step);
        slept += step;
      }
      const bool deadline =
          options_.deadline_ms > 0 && clock_->NowMs() - started_ >= options_.deadline_ms;
      if (cancelled_.load() || deadline) {
        std::vector<std::string> ids;
        for (const ActiveBatch& a : active) ids.push_back(a.id);
        fail_pending(cancelled_.load() ? FailureCause::kCancelled : FailureCause::kDeadline,
                     fmt::format("{} while batch {} ran (kept in the run store: the same command "
                                 "collects it)",
                                 cancelled_.load() ? "cancelled" : "the run deadline passed",
                                 fmt::join(ids, ", ")));
        return finish_run();
      }
      for (ActiveBatch& a : active) {
        if (a.state.ended) continue;
        Result<BatchState> state = api->Poll(a.id);
        if (!state.ok()) {
          if (++a.poll_errors >= kMaxPollErrors) {
            fail_pending(FailureCause::kServer,
                         fmt::format("batch {} could not be polled: {} (kept in the run store: "
                                     "the same command polls it again)",
                                     a.id, state.status().message()));
            return finish_run();
          }
          continue;
        }
        a.poll_errors = 0;
        if (state->status != a.state.status || state->done != a.state.done) {
          say(fmt::format("batch {} {}{}", a.id, state->status,
                          state->total > 0 ? fmt::format(": {} of {} done", state->done, state->total)
                                           : ""));
        }
        a.state = std::move(*state);
      }
      wait = std::min(wait * 2, std::max(bo.max_poll_ms, bo.poll_ms));
    }

    // Collect: answers are checked as a chat call's would be.
    for (const ActiveBatch& a : active) {
      Result<std::vector<BatchItemResult>> items_of = api->Results(a.state);
      if (!items_of.ok()) {
        fail_pending(FailureCause::kServer, fmt::format("batch {}: {}", a.id, items_of.status().message()));
        return finish_run();
      }
      for (BatchItemResult& item : *items_of) {
        auto it = pending.find(item.custom_id);
        if (it == pending.end()) continue;
        if (!item.answered) {
          last_error[item.custom_id] = item.error;
          continue;
        }
        Result<ChatResponse> parsed = provider_->Parse(item.response);
        if (!parsed.ok()) {
          last_error[item.custom_id] = parsed.status().message();
          continue;
        }
        const ChatRequest request = source.make(it->second.front());
        CallResult checked = CheckAnswer(request, std::move(*parsed));
        if (!checked.ok()) {
          // A cut-off answer would be cut off again: it ends here.
          if (checked.cause == FailureCause::kLength) {
            for (size_t i : it->second) finish(i, checked, 1, it->first);
            pending.erase(it);
          } else {
            last_error[item.custom_id] = checked.error;
          }
          continue;
        }
        for (size_t k = 0; k < it->second.size(); ++k) {
          CallResult copy = checked;
          if (k > 0) copy.usage = Usage{};  // one answer paid for, shared
          finish(it->second[k], std::move(copy), 1, it->first);
        }
        pending.erase(it);
      }
      for (const auto& [key, calls] : pending) {
        if (last_error.count(key) == 0 && !a.state.problem.empty()) last_error[key] = a.state.problem;
      }
      if (cache_ != nullptr) (void)cache_->CloseBatch(a.id);
    }
    active.clear();
  }
  for (auto& [key, calls] : pending) {
    std::string why = last_error.count(key) > 0 ? last_error[key] : "no result in the batch";
    for (size_t i : calls) {
      finish(i, FailedCall(FailureCause::kServer,
                        fmt::format("batch item failed {} time{}: {}", std::max(1, bo.rounds),
                                    bo.rounds == 1 ? "" : "s", why)),
             1, key);
    }
  }
  pending.clear();
  return finish_run();
}

}  // namespace t2s
