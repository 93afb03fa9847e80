#include "llm/llm_client.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <limits>

#include "llm/json_extract.h"
#include "llm/redact.h"

namespace t2s {
namespace {

// The in-flight slot of the models-list request (after a 404 about the model).
constexpr size_t kModelsJob = std::numeric_limits<size_t>::max();
// Model names quoted in a fatal line at most.
constexpr size_t kMaxListedModels = 20;

}  // namespace

struct LlmClient::Job {
  uint64_t id = 0;
  // A Run's job: its index in the source, which makes its request again
  // when needed (the request is dropped while the call waits). A submitted
  // job keeps its request.
  size_t index = 0;
  bool from_source = false;
  std::unique_ptr<ChatRequest> request;  // while the call waits or is in flight
  std::vector<ChatMessage> repair_messages;  // set for the repair turn
  std::string cache_key;
  int http_attempts = 0;
  int failed_attempts = 0;  // counted against max_attempts
  int retries = 0;
  int repairs = 0;
  int64_t not_before = 0;
  size_t endpoint = 0;
  StructuredMode mode = StructuredMode::kJsonSchema;  // of the attempt in flight
  bool unreachable = true;                            // every attempt so far failed to connect
  Usage usage;                                        // of every answer received for this call
  bool done = false;
  bool cache_checked = false;  // looked up once: a waiting call is not looked up every turn
  CallResult result;
};

LlmClient::LlmClient(std::unique_ptr<Provider> provider, std::vector<Endpoint> endpoints,
                     Transport* transport, Clock* clock, ResponseCache* cache, LlmOptions options)
    : provider_(std::move(provider)),
      endpoints_(std::move(endpoints)),
      modes_(endpoints_.size(), provider_->best_mode()),
      endpoint_load_(endpoints_.size(), 0),
      endpoint_answered_(endpoints_.size(), false),
      endpoint_suspect_(endpoints_.size(), false),
      transport_(transport),
      clock_(clock),
      cache_(cache),
      options_(std::move(options)),
      rng_(options_.jitter_seed) {}

LlmClient::~LlmClient() = default;

std::string LlmClient::Redact(std::string text) const {
  return RedactSecrets(std::move(text), endpoints_);
}

bool LlmClient::BudgetReached() const {
  if (options_.max_total_tokens <= 0 && options_.max_cost_usd <= 0) return false;
  if (options_.max_total_tokens > 0 && accounting_.spent_tokens() >= options_.max_total_tokens)
    return true;
  return options_.max_cost_usd > 0 && accounting_.spent_cost_usd() >= options_.max_cost_usd;
}

void LlmClient::Materialize(Job& job) {
  if (job.request) return;
  job.request = std::make_unique<ChatRequest>(source_->make(job.index));
  if (job.cache_key.empty()) job.cache_key = CacheKey(provider_->name(), *job.request);
}

void LlmClient::Finish(Job& job, CallResult result) {
  result.error = Redact(std::move(result.error));
  if (!result.ok() || !result.response->from_cache) result.usage = job.usage;
  const std::string& model = job.request ? job.request->model : source_->model;
  auto price = options_.prices.find(model);
  accounting_.Record(job.request ? job.request->stage : source_->stage, result, job.http_attempts, job.retries, job.repairs,
                     price == options_.prices.end() ? nullptr : &price->second);
  if (result.ok() && !result.response->from_cache && cache_ != nullptr) {
    // An answer that cannot be kept would be paid for again by the next run:
    // stop rather than go on paying (a full disk, a read-only folder).
    if (Status st = cache_->Put(job.cache_key, *result.response); !st.ok() && !fatal_) {
      FatalError f;
      f.cause = FailureCause::kStopped;
      f.message = Redact("cannot store an answer, so the run stops to pay for nothing twice: " +
                         st.message());
      fatal_ = std::move(f);
    }
  }
  // A call that was tried has decided: new calls may try again.
  if (job.http_attempts > 0) std::fill(endpoint_suspect_.begin(), endpoint_suspect_.end(), false);
  ++run_done_;
  if (!result.ok()) ++run_failed_;
  job.result = std::move(result);
  job.done = true;
  job.request.reset();  // the prompt is no longer needed
  std::vector<ChatMessage>().swap(job.repair_messages);
  finished_.push_back(job.id);
  if (progress_) progress_(run_done_, run_total_, run_failed_);
}

void LlmClient::SetFatal(const Job& job, const Classified& c, const HttpResponse& response) {
  if (fatal_) return;  // the first one is the news
  FatalError f;
  f.cause = c.cause;
  f.endpoint = RedactUrl(endpoints_[job.endpoint].base_url);
  if (c.cause == FailureCause::kConnection) {
    f.message = fmt::format("cannot reach {}: {} ({} attempts)", f.endpoint,
                            response.transport_error, job.http_attempts);
  } else {
    f.message = fmt::format("{}: model \"{}\": {}", f.endpoint, job.request->model, c.error);
  }
  f.message = Redact(std::move(f.message));
  fatal_ = std::move(f);
}

std::string LlmClient::StoppedReason(const Job& job) const {
  const char* what = fatal_->cause == FailureCause::kConnection ? "the endpoint could not be reached"
                     : fatal_->cause == FailureCause::kStopped  ? "answers could not be stored"
                                                                : "the endpoint refused an earlier call";
  return fmt::format("{}: {}", job.http_attempts == 0 ? "not started" : "not retried", what);
}

void LlmClient::StartJob(Job& job, size_t endpoint, uint64_t tag) {
  ChatRequest request = *job.request;
  if (!job.repair_messages.empty()) request.messages = job.repair_messages;
  job.mode = modes_[endpoint];
  HttpRequest http = provider_->Build(request, job.mode, endpoints_[endpoint]);
  http.timeout_ms = options_.request_timeout_ms;
  job.endpoint = endpoint;
  ++job.http_attempts;
  ++endpoint_load_[endpoint];
  transport_->Start(tag, std::move(http));
}

void LlmClient::OnAnswer(Job& job, ChatResponse answer) {
  // Whatever becomes of this answer, it was paid for.
  job.usage += answer.usage;
  if (answer.finish_reason == "length") {
    Finish(job,
           FailedCall(FailureCause::kLength, fmt::format("the answer was cut off at max_tokens ({})",
                                                      job.request->sampling.max_tokens)));
    return;
  }
  answer.attempts = job.http_attempts;
  answer.usage = job.usage;  // a repaired answer: both turns
  if (!job.request->schema.empty()) {
    TakeForcedToolAnswer(&answer);
    Result<std::string> json = ExtractJsonObject(answer.content);
    Status valid =
        json.ok() ? ValidateJsonSchema(*json, job.request->schema.schema_json) : json.status();
    if (!valid.ok()) {
      if (options_.repair_json && job.repairs == 0) {
        ++job.repairs;
        job.repair_messages = job.request->messages;
        job.repair_messages.push_back({"assistant", answer.content});
        job.repair_messages.push_back(
            {"user",
             fmt::format("Your answer is not valid: {}. Reply with only the corrected JSON object.",
                         valid.message())});
        queue_.push_front(job.id);
        return;
      }
      Finish(job, FailedCall(FailureCause::kInvalidJson, valid.message()));
      return;
    }
    answer.json = *json;
  }
  CallResult ok;
  ok.response = std::move(answer);
  Finish(job, std::move(ok));
}

std::vector<CallResult> LlmClient::Run(const std::vector<ChatRequest>& requests) {
  RequestSource source;
  source.count = requests.size();
  if (!requests.empty()) {
    source.stage = requests.front().stage;
    source.model = requests.front().model;
  }
  source.make = [&requests](size_t i) { return requests[i]; };
  return Run(source);
}

std::vector<CallResult> LlmClient::Run(const RequestSource& source) {
  if (options_.batch.enabled) return RunBatch(source);
  source_ = &source;
  run_total_ = source.count;
  run_done_ = run_failed_ = 0;
  started_ = clock_->NowMs();
  cancel_seen_ = -1;
  std::vector<uint64_t> ids(source.count);
  for (size_t i = 0; i < source.count; ++i) {
    uint64_t id = next_id_++;
    Job& job = jobs_[id];
    job.id = id;
    job.index = i;
    job.from_source = true;
    ids[i] = id;
    queue_.push_back(id);
  }
  while (!queue_.empty() || !in_flight_.empty()) {
    Turn(100, {});
    finished_.clear();  // Run hands back every result at the end
  }
  std::vector<CallResult> out;
  out.reserve(ids.size());
  for (uint64_t id : ids) {
    Job& job = jobs_[id];
    if (!job.done) Finish(job, FailedCall(FailureCause::kCancelled, "not run"));
    out.push_back(std::move(job.result));
    jobs_.erase(id);
  }
  finished_.clear();
  source_ = nullptr;
  return out;
}

LlmClient::CallId LlmClient::Submit(ChatRequest request) {
  if (started_ < 0) started_ = clock_->NowMs();
  uint64_t id = next_id_++;
  Job& job = jobs_[id];
  job.id = id;
  job.request = std::make_unique<ChatRequest>(std::move(request));
  job.cache_key = CacheKey(provider_->name(), *job.request);
  queue_.push_back(id);
  return id;
}

std::vector<std::pair<LlmClient::CallId, CallResult>> LlmClient::Step(
    int max_wait_ms, const std::vector<int>& extra_fds) {
  if (finished_.empty() && (!queue_.empty() || !in_flight_.empty())) {
    Turn(max_wait_ms, extra_fds);
  } else if (finished_.empty() && !extra_fds.empty()) {
    transport_->PollWith(max_wait_ms, extra_fds);  // nothing of ours: wait for the caller's fds
  }
  std::vector<std::pair<CallId, CallResult>> out;
  for (uint64_t id : finished_) {
    auto it = jobs_.find(id);
    if (it == jobs_.end()) continue;
    out.emplace_back(id, std::move(it->second.result));
    jobs_.erase(it);
  }
  finished_.clear();
  return out;
}

bool LlmClient::StopIfNeeded(int64_t now) {
  bool deadline = options_.deadline_ms > 0 && started_ >= 0 && now - started_ >= options_.deadline_ms;
  bool cancelled = cancelled_.load();
  bool budget = BudgetReached();
  if (!deadline && !cancelled && !fatal_ && !budget) return false;
  // No new calls; what is queued fails with the reason.
  for (uint64_t id : queue_) {
    Job& job = jobs_[id];
    if (cancelled) {
      Finish(job, FailedCall(FailureCause::kCancelled, "cancelled before it started"));
    } else if (deadline) {
      Finish(job, FailedCall(FailureCause::kDeadline, "the run deadline passed before it started"));
    } else if (fatal_) {
      Finish(job, FailedCall(FailureCause::kStopped, StoppedReason(job)));
    } else {
      Finish(job, FailedCall(FailureCause::kBudget, "the run budget was reached before it started"));
    }
  }
  queue_.clear();
  if (cancelled && cancel_seen_ < 0) cancel_seen_ = now;
  if ((cancelled && now - cancel_seen_ >= 1000) || deadline) {
    for (auto& [tag, id] : in_flight_) {
      if (id == kModelsJob) continue;
      Finish(jobs_[id],
             FailedCall(cancelled ? FailureCause::kCancelled : FailureCause::kDeadline,
                     cancelled ? "cancelled while in flight" : "the run deadline passed"));
    }
    in_flight_.clear();
    transport_->AbortAll();
  }
  return true;
}

int64_t LlmClient::StartReady(int64_t now) {
  const int per_endpoint = options_.per_endpoint_concurrency > 0 ? options_.per_endpoint_concurrency
                                                                 : std::numeric_limits<int>::max();
  int64_t next_ready = std::numeric_limits<int64_t>::max();
  for (auto it = queue_.begin();
       it != queue_.end() && static_cast<int>(in_flight_.size()) < options_.concurrency;) {
    Job& job = jobs_[*it];
    if (job.not_before > now) {
      next_ready = std::min(next_ready, job.not_before);
      ++it;
      continue;
    }
    if (cache_ != nullptr && job.repair_messages.empty() && job.http_attempts == 0 &&
        !job.cache_checked) {
      Materialize(job);
      if (cancelled_.load()) break;  // making the request may have cancelled the run
      job.cache_checked = true;
      if (std::optional<ChatResponse> hit = cache_->Get(job.cache_key)) {
        CallResult cached;
        cached.response = std::move(hit);
        Finish(job, std::move(cached));
        it = queue_.erase(it);
        continue;
      }
    }
    size_t best = endpoints_.size();
    bool full = true;
    for (size_t e = 0; e < endpoints_.size(); ++e) {
      if (endpoint_load_[e] >= per_endpoint) continue;
      full = false;
      if (endpoint_suspect_[e] && job.http_attempts == 0) continue;
      // Slow start: until an endpoint has answered once, one call probes it,
      // so a wrong model, URL or key costs one refused call, not a
      // concurrency's worth of them.
      if (!endpoint_answered_[e] && endpoint_load_[e] > 0 && job.http_attempts == 0) continue;
      if (best == endpoints_.size() || endpoint_load_[e] < endpoint_load_[best]) best = e;
    }
    if (full || best == endpoints_.size()) {
      // It waits: its prompt is made again when it starts.
      if (job.from_source && job.repair_messages.empty()) job.request.reset();
      if (full) break;
      ++it;
      continue;
    }
    Materialize(job);
    if (cancelled_.load()) break;
    uint64_t tag = next_tag_++;
    StartJob(job, best, tag);
    in_flight_[tag] = *it;
    it = queue_.erase(it);
  }
  return next_ready;
}

void LlmClient::Turn(int max_wait_ms, const std::vector<int>& extra_fds) {
  int64_t now = clock_->NowMs();
  if (StopIfNeeded(now) && queue_.empty() && in_flight_.empty()) return;
  int64_t next_ready = StartReady(now);
  if (in_flight_.empty()) {
    if (queue_.empty() || !finished_.empty()) return;
    // Everything left waits for its backoff.
    int64_t wait = next_ready == std::numeric_limits<int64_t>::max() ? 1 : next_ready - now;
    wait = std::min<int64_t>(wait, std::max(max_wait_ms, 1));
    if (extra_fds.empty()) {
      clock_->SleepMs(wait);
    } else {
      transport_->PollWith(static_cast<int>(wait), extra_fds);
    }
    return;
  }
  int wait = next_ready == std::numeric_limits<int64_t>::max()
                 ? max_wait_ms
                 : static_cast<int>(std::clamp<int64_t>(next_ready - now, 0, max_wait_ms));
  if (!finished_.empty()) wait = 0;  // answers from the cache are ready now
  for (auto& [tag, response] : transport_->PollWith(wait, extra_fds)) {
    OnResponse(tag, std::move(response));
  }
}

void LlmClient::OnResponse(uint64_t tag, HttpResponse response) {
  auto it = in_flight_.find(tag);
  if (it == in_flight_.end()) return;
  uint64_t id = it->second;
  in_flight_.erase(it);
  if (id == kModelsJob) {
    Result<std::vector<std::string>> models = ParseModelList(response);
    if (response.status / 100 == 2 && models.ok() && !models->empty() && fatal_) {
      std::vector<std::string> names = std::move(*models);
      if (names.size() > kMaxListedModels) {
        names.resize(kMaxListedModels);
        names.push_back("...");
      }
      fatal_->message += Redact(fmt::format(" (the server lists: {})", fmt::join(names, ", ")));
    }
    return;
  }
  Job& job = jobs_[id];
  --endpoint_load_[job.endpoint];
  if (response.status != 0) {
    endpoint_answered_[job.endpoint] = true;
    endpoint_suspect_[job.endpoint] = false;
  }
  if (response.connect_failed && !endpoint_answered_[job.endpoint])
    endpoint_suspect_[job.endpoint] = true;
  if (!response.connect_failed) job.unreachable = false;
  Classified c = ClassifyExchange(response);
  if (c.verdict == Verdict::kFallback && job.mode != StructuredMode::kPromptOnly) {
    // Many calls in flight may be refused for the same mode: step down once.
    if (modes_[job.endpoint] == job.mode) {
      modes_[job.endpoint] = provider_->Weaker(job.mode);
    }
    queue_.push_front(job.id);  // not the call's fault: no attempt counted
    return;
  }
  if (c.verdict == Verdict::kOk) {
    Result<ChatResponse> parsed = provider_->Parse(response);
    if (parsed.ok()) {
      OnAnswer(job, std::move(*parsed));
      return;
    }
    c = {Verdict::kRetry, FailureCause::kBadResponse, "bad answer: " + parsed.status().message()};
  }
  if (c.verdict == Verdict::kRetry && !fatal_ &&
      ++job.failed_attempts < options_.retry.max_attempts) {
    ++job.retries;
    job.not_before =
        clock_->NowMs() + RetryDelayMs(response, job.failed_attempts, options_.retry, rng_);
    if (job.from_source && job.repair_messages.empty()) job.request.reset();  // made again
    queue_.push_back(job.id);
    return;
  }
  if (c.verdict == Verdict::kRetry) {
    c.error = fmt::format("{} (after {} attempts)", c.error, job.http_attempts);
  }
  // An endpoint that never answered anything, and refused every attempt
  // of a call, will refuse the others too.
  if (c.cause == FailureCause::kConnection && job.unreachable &&
      std::none_of(endpoint_answered_.begin(), endpoint_answered_.end(),
                   [](bool answered) { return answered; })) {
    c.fatal = true;
  }
  if (c.fatal && !fatal_) {
    SetFatal(job, c, response);
    if (LooksLikeMissingModel(response)) {
      HttpRequest list = provider_->BuildListModels(endpoints_[job.endpoint]);
      list.timeout_ms = std::min<int64_t>(options_.request_timeout_ms, 10000);
      uint64_t list_tag = next_tag_++;
      transport_->Start(list_tag, std::move(list));
      in_flight_[list_tag] = kModelsJob;
    }
  }
  Finish(job, FailedCall(c.cause, c.error));
}

}  // namespace t2s
