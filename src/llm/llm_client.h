// LlmClient: runs many chat calls concurrently against one model served by
// one or more endpoints, from a single thread driving one Transport.
//
// It caps calls in flight (globally and per endpoint, picking the least
// loaded endpoint; one call in flight to an endpoint until it first answers), retries what is worth retrying with backoff, falls back
// to the provider's next weaker structured-output mode for a server that says
// it does not support one (remembered per endpoint), extracts and validates
// JSON answers with one repair turn, answers from the cache when it can,
// stops starting calls when the budget or the deadline is reached or on
// Cancel(), stops the run on a fatal error (see fatal_error()), and accounts
// for everything, failed answers included. Results come back in request
// order. Not thread-safe, except Cancel().
#ifndef T2S_LLM_LLM_CLIENT_H_
#define T2S_LLM_LLM_CLIENT_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "base/clock.h"
#include "llm/accounting.h"
#include "llm/chat_types.h"
#include "llm/provider.h"
#include "llm/response_cache.h"
#include "llm/retry_policy.h"
#include "llm/transport.h"

namespace t2s {

// Batch mode (--batch): each Run's calls not answered by the cache go to
// the provider's batch API as one batch (llm/batch_api.h), polled with
// backoff; items that fail or expire go in a follow-up batch. Batch ids are
// recorded in the run store, so a killed run polls them again instead of
// paying twice. Costs use the batch price: price_factor of the model's.
struct BatchOptions {
  bool enabled = false;
  int64_t poll_ms = 10'000;       // the first wait before a batch is polled
  int64_t max_poll_ms = 300'000;  // the wait doubles up to this
  int rounds = 3;                 // a batch, then follow-ups for what failed in it
  double price_factor = 0.5;      // OpenAI's and Anthropic's batch discount
  std::string window = "24h";     // OpenAI's completion_window
  size_t max_items = 50'000;      // items in one batch (OpenAI's limit)
};

struct LlmOptions {
  int concurrency = 16;              // calls in flight at once, in all
  int per_endpoint_concurrency = 0;  // 0: only the global cap
  RetryOptions retry;
  int64_t request_timeout_ms = 600000;
  int64_t deadline_ms = 0;  // from the start of Run; 0: none
  // Budgets, 0: none. They count every answer paid for (cut-off and invalid
  // ones, repair turns), added when its call finishes; no call starts once
  // one is reached.
  int64_t max_total_tokens = 0;  // prompt + completion tokens
  double max_cost_usd = 0;
  std::map<std::string, Price> prices;  // by model
  bool repair_json = true;              // one repair turn for an invalid JSON answer
  uint64_t jitter_seed = 42;
  BatchOptions batch;  // Run() only; Submit()/Step() calls are never batched
};

// The first error that stopped the client: every other call would have
// failed the same way.
//  - the endpoint refused a call: HTTP 401/403 (cause kAuth), 404 (model or
//    URL not found, kClient), 429 insufficient_quota (kQuota), or a 400
//    refusing the request's JSON schema (kClient: our bug);
//  - an answer could not be stored in the cache (cause kStopped): going on
//    would pay for answers a re-run must buy again;
//  - the endpoint could not be reached: every attempt of a call failed to
//    connect (refused, DNS) and no endpoint of this client ever answered
//    (kConnection).
struct FatalError {
  FailureCause cause = FailureCause::kNone;
  std::string endpoint;  // the base URL
  // One line for people, naming the endpoint, never an API key:
  //   http://127.0.0.1:8000/v1: model "qwen-32b": HTTP 404: The model `qwen-32b` does not exist.
  //       (the server lists: qwen-7b, llama-3)     <- a 404 about the model, when GET
  //                                                   {base}/models answers
  //   cannot reach http://127.0.0.1:9/v1: Failed to connect to 127.0.0.1 port 9 after 0 ms:
  //       Connection refused (6 attempts)
  std::string message;
};

// Requests made when their call is about to start.
struct RequestSource {
  size_t count = 0;
  // Of every request: recorded for calls that end before they start.
  std::string stage;
  std::string model;
  std::function<ChatRequest(size_t)> make;
};

class LlmClient {
 public:
  // `transport`, `clock` and `cache` (may be null) must outlive the client.
  LlmClient(std::unique_ptr<Provider> provider, std::vector<Endpoint> endpoints,
            Transport* transport, Clock* clock, ResponseCache* cache, LlmOptions options);
  ~LlmClient();

  // Runs every request; results in request order. After a fatal error no
  // call is started or retried (calls in flight may complete): the others
  // fail with FailureCause::kStopped and "not started: the endpoint refused
  // an earlier call" (or "... could not be reached"; "not retried: ..." for
  // a call that had been tried). The client stays stopped for later Runs.
  std::vector<CallResult> Run(const std::vector<ChatRequest>& requests);
  // The same with requests made on demand: a request exists only while its
  // call is waiting or in flight, so a run of many calls holds few prompts.
  std::vector<CallResult> Run(const RequestSource& source);
  CallResult Call(const ChatRequest& request) { return Run({request}).front(); }

  // Calls that arrive while others run, for loops that interleave many
  // conversations (each turn submitted as soon as the conversation is ready
  // for it) with other work on the same thread. Do not mix with Run().
  //
  // Submit() queues a call; it starts within the concurrency caps at the
  // next Step(). Step() starts what is ready, waits at most `max_wait_ms`
  // for answers (returning early when one of `extra_fds` is readable; curl's
  // extra_fds) and returns the calls that finished, in no set order. The
  // deadline counts from the first Submit().
  using CallId = uint64_t;
  CallId Submit(ChatRequest request);
  std::vector<std::pair<CallId, CallResult>> Step(int max_wait_ms,
                                                  const std::vector<int>& extra_fds = {});
  // Calls submitted and not yet returned by Step().
  size_t active() const { return jobs_.size(); }

  // Stops starting calls; calls in flight get a second to finish, then are
  // abandoned. Safe from a signal handler.
  void Cancel() { cancelled_.store(true); }
  bool cancelled() const { return cancelled_.load(); }

  // Called after each call of a Run finishes: (done, total, failed).
  void set_progress(std::function<void(size_t, size_t, size_t)> progress) {
    progress_ = std::move(progress);
  }

  // Called with a line for people when a batch is submitted, found again,
  // polled with news, or collected (batch mode).
  void set_log(std::function<void(const std::string&)> log) { log_ = std::move(log); }

  const Accounting& accounting() const { return accounting_; }
  // The error that stopped the client, if one did.
  const std::optional<FatalError>& fatal_error() const { return fatal_; }
  StructuredMode mode_of(size_t endpoint) const { return modes_[endpoint]; }
  const Provider& provider() const { return *provider_; }

 private:
  struct Job;
  // Run() in batch mode (llm/llm_batch.cc).
  std::vector<CallResult> RunBatch(const RequestSource& source);
  // One HTTP exchange through the transport, waited on.
  HttpResponse ExchangeNow(HttpRequest request);
  // The schema check of a 2xx answer (sets answer->json): kLength for a
  // cut-off answer, kInvalidJson for one that does not match.
  CallResult CheckAnswer(const ChatRequest& request, ChatResponse answer) const;
  // Makes the request of `job` when it does not exist yet.
  void Materialize(Job& job);
  void StartJob(Job& job, size_t endpoint, uint64_t tag);
  void Finish(Job& job, CallResult result);
  // Handles the 2xx answer of `job`: finishes it, or queues its repair turn.
  void OnAnswer(Job& job, ChatResponse answer);
  // One turn of the event loop: fails what can no longer start, starts what
  // is ready, waits for answers and handles them. Finished jobs are listed
  // in finished_.
  void Turn(int max_wait_ms, const std::vector<int>& extra_fds);
  // Starts queued jobs while there is room; the earliest time a waiting one
  // may start (INT64_MAX: none waits for a time).
  int64_t StartReady(int64_t now);
  void OnResponse(uint64_t tag, HttpResponse response);
  // Fails queued jobs and, after a cancel's grace second or at the
  // deadline, the jobs in flight. True when nothing may start.
  bool StopIfNeeded(int64_t now);
  void SetFatal(const Job& job, const Classified& c, const HttpResponse& response);
  std::string StoppedReason(const Job& job) const;
  bool BudgetReached() const;
  std::string Redact(std::string text) const;

  std::unique_ptr<Provider> provider_;
  std::vector<Endpoint> endpoints_;
  std::vector<StructuredMode> modes_;
  std::vector<int> endpoint_load_;
  std::vector<bool> endpoint_answered_;  // an HTTP answer ever came from it
  // Refused a connection and never answered: new calls wait for the calls
  // already tried there (they decide whether the endpoint is unreachable).
  std::vector<bool> endpoint_suspect_;
  std::optional<FatalError> fatal_;
  Transport* transport_;
  Clock* clock_;
  ResponseCache* cache_;
  LlmOptions options_;
  Accounting accounting_;
  std::mt19937_64 rng_;
  std::atomic<bool> cancelled_{false};
  std::function<void(size_t, size_t, size_t)> progress_;
  std::function<void(const std::string&)> log_;
  size_t run_total_ = 0, run_done_ = 0, run_failed_ = 0;
  const RequestSource* source_ = nullptr;  // of the Run in progress

  // The loop's state, shared by Run() and Submit()/Step().
  std::map<uint64_t, Job> jobs_;      // by id, until handed back
  std::deque<uint64_t> queue_;        // ids of jobs waiting to start
  std::map<uint64_t, uint64_t> in_flight_;  // transport tag -> job id (kModelsJob: models list)
  std::vector<uint64_t> finished_;    // ids finished and not yet handed back
  uint64_t next_id_ = 1;
  uint64_t next_tag_ = 1;
  int64_t started_ = -1;      // when the loop first ran (the deadline counts from it)
  int64_t cancel_seen_ = -1;  // when a cancel was first seen
};

}  // namespace t2s

#endif  // T2S_LLM_LLM_CLIENT_H_
