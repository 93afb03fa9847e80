// Requests to and answers from a chat model, independent of the provider.
#ifndef T2S_LLM_CHAT_TYPES_H_
#define T2S_LLM_CHAT_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/tool_call.h"

namespace t2s {

struct ChatMessage {
  std::string role;  // system, user, assistant, tool
  std::string content;
  // assistant: the tools it called (content may be empty then).
  std::vector<ToolCall> tool_calls = {};
  // tool: the call this message answers, and whether it failed (Anthropic's
  // tool_result is_error; OpenAI has no such flag and gets the text only).
  std::string tool_call_id = {};
  bool is_error = false;
  // content[0, cache_prefix) is the same in every request of its stage (the
  // instructions and the skill before one trajectory): Anthropic requests
  // mark it, and the system prompt, with cache_control; OpenAI-compatible
  // servers reuse such a prefix by themselves. 0: nothing marked.
  size_t cache_prefix = 0;
};

// A tool offered to the model: `parameters` is a JSON Schema object, as text.
struct ToolSpec {
  std::string name;
  std::string description;
  std::string parameters;
};

struct SamplingParams {
  std::optional<double> temperature;  // unset: the server's default (never overridden silently)
  std::optional<double> top_p;
  std::optional<int> top_k;  // a server extra (vLLM, SGLang, llama.cpp, Anthropic)
  int max_tokens = 4096;
  std::optional<int64_t> seed;
  std::vector<std::string> stop;
  // A JSON object merged into the request body as is, for server extras such
  // as {"chat_template_kwargs": {"enable_thinking": false}}. Empty: none.
  std::string extra_json;
};

// The JSON the answer must be: a name (t2s_analysis, t2s_patch, t2s_merge)
// and a JSON Schema. An empty name asks for free text.
struct OutputSchema {
  std::string name;
  std::string schema_json;
  bool empty() const { return name.empty(); }
};

struct ChatRequest {
  std::string stage;  // accounting bucket: "analyze", "merge", "ping", ...
  std::string model;
  std::vector<ChatMessage> messages;
  SamplingParams sampling;
  OutputSchema schema;
  // Tools the model may call (not with a schema: an answer is one or the
  // other). The model chooses whether to call them ("auto").
  std::vector<ToolSpec> tools;
};

struct Usage {
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  int64_t reasoning_tokens = 0;  // part of completion_tokens where the server says so
  int64_t cached_tokens = 0;     // part of prompt_tokens served from the server's cache

  Usage& operator+=(const Usage& o) {
    prompt_tokens += o.prompt_tokens;
    completion_tokens += o.completion_tokens;
    reasoning_tokens += o.reasoning_tokens;
    cached_tokens += o.cached_tokens;
    return *this;
  }
  Usage& operator-=(const Usage& o) {
    prompt_tokens -= o.prompt_tokens;
    completion_tokens -= o.completion_tokens;
    reasoning_tokens -= o.reasoning_tokens;
    cached_tokens -= o.cached_tokens;
    return *this;
  }
  int64_t total() const { return prompt_tokens + completion_tokens; }
};

// How structured output is asked for; a server that says it does not support
// one gets the provider's next weaker mode (Provider::Weaker).
enum class StructuredMode {
  kJsonSchema,  // OpenAI response_format json_schema, strict: the server enforces the schema
  kTool,        // Anthropic: a forced tool call whose input_schema is the schema
  kJsonObject,  // response_format json_object (any JSON), the schema in the prompt
  kPromptOnly,  // the schema in the prompt only
};
std::string_view StructuredModeName(StructuredMode mode);

struct ChatResponse {
  std::string content;    // <think> blocks removed
  std::string reasoning;  // reasoning / reasoning_content / thinking, or the removed <think> text
  std::string finish_reason;  // "stop", "length", "tool_calls", ...
  std::vector<ToolCall> tool_calls;  // for a request with tools
  Usage usage;  // every turn of the call (a repaired answer: both); for a cache hit, the original
  double latency_ms = 0;  // of the attempt that answered
  int attempts = 0;       // HTTP attempts made for this call (0 for a cache hit)
  bool from_cache = false;
  std::string json;  // for a schema request: the extracted, validated JSON object
};

// Why a call did not produce an answer.
enum class FailureCause {
  kNone,
  kConnection,   // refused, reset, DNS, dropped mid-response
  kTimeout,      // the per-request timeout
  kRateLimited,  // 429 after every retry
  kServer,       // 5xx / 529 after every retry
  kClient,       // 400 / 404 / 422: the request is wrong; never retried
  kAuth,         // 401 / 403
  kQuota,        // insufficient_quota: money, not rate
  kLength,       // finish_reason "length": the answer was cut off
  kBadResponse,  // 2xx whose body is not the provider's format
  kInvalidJson,  // no valid JSON for the schema, even after one repair turn
  kBudget,       // the run budget was reached before the call started
  kDeadline,     // the run deadline passed before the call started or finished
  kCancelled,    // SIGINT / Cancel()
  kStopped,      // not started: an earlier call failed fatally (LlmClient::fatal_error())
};
std::string_view FailureCauseName(FailureCause cause);

struct CallResult {
  std::optional<ChatResponse> response;
  FailureCause cause = FailureCause::kNone;
  std::string error;  // one line; never contains an API key
  // The tokens this call made a server spend in this run, whatever became of
  // them: every answer that arrived with usage, a cut-off (length) answer, an
  // invalid answer and its repair turn included. 0 for a cache hit. This is
  // what the stage's tokens, the cost and the budget count.
  Usage usage;
  bool ok() const { return response.has_value(); }
};

// A call that ended without an answer, for `cause`, saying `error`.
CallResult FailedCall(FailureCause cause, std::string error);

}  // namespace t2s

#endif  // T2S_LLM_CHAT_TYPES_H_
