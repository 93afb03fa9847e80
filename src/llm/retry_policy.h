// What to do after a failed HTTP exchange: retry (and when), fall back to
// a weaker structured-output mode, or give up.
#ifndef T2S_LLM_RETRY_POLICY_H_
#define T2S_LLM_RETRY_POLICY_H_

#include <cstdint>
#include <random>
#include <string>

#include "llm/chat_types.h"
#include "llm/http_types.h"

namespace t2s {

struct RetryOptions {
  int max_attempts = 6;                 // HTTP attempts per call, the first included
  int64_t backoff_base_ms = 500;        // first retry after about this long
  int64_t backoff_cap_ms = 30000;       // never wait longer between attempts
  int64_t retry_after_cap_ms = 120000;  // a server's Retry-After is honoured up to this
};

enum class Verdict { kOk, kRetry, kFallback, kFail };

struct Classified {
  Verdict verdict = Verdict::kOk;
  FailureCause cause = FailureCause::kNone;
  std::string error;   // one line, for the call's failure
  bool fatal = false;  // every other call would fail the same way: stop the run
};

// Classifies an exchange:
//  - connection errors, timeouts, 408/409/429/5xx/529: retry;
//  - 400/422 saying the server does not support a structured-output mode
//    (names response_format, json_schema, json_object, tools or tool_choice
//    together with "not supported", "unsupported", "unknown", "unrecognized",
//    "not permitted", "not allowed", "extra inputs", "must be one of", ...):
//    fall back to a weaker mode;
//  - 400 saying our schema is invalid ("Invalid schema for response_format
//    ...", "JSON schema is invalid"): fail, fatal (our bug, never hidden by a
//    fallback);
//  - 401/403 (auth), 404 (model or URL), 429 insufficient_quota: fail, fatal;
//  - any other 4xx: fail this call only.
Classified ClassifyExchange(const HttpResponse& response);

// True for a 404 whose body speaks of a model ("model", "does not exist",
// "not found"): worth asking the server which models it serves.
bool LooksLikeMissingModel(const HttpResponse& response);

// Milliseconds to wait before attempt `attempt + 1` (attempt >= 1): the
// server's retry-after-ms / Retry-After when given (capped), otherwise
// exponential backoff with full jitter in [delay/2, delay].
int64_t RetryDelayMs(const HttpResponse& response, int attempt, const RetryOptions& options,
                     std::mt19937_64& rng);

}  // namespace t2s

#endif  // T2S_LLM_RETRY_POLICY_H_
