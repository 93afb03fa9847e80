// Provider: the wire format of one chat API.
#ifndef T2S_LLM_PROVIDER_H_
#define T2S_LLM_PROVIDER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "llm/chat_types.h"
#include "llm/http_types.h"

namespace t2s {

struct Endpoint {
  std::string base_url;  // "http://localhost:8000/v1", "https://api.anthropic.com"
  std::string api_key;   // may be empty (local servers)
};

class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::string_view name() const = 0;
  // The most structured output mode this provider can ask for.
  virtual StructuredMode best_mode() const = 0;
  // The mode to try after a server said it does not support `mode`;
  // kPromptOnly is the last (Weaker(kPromptOnly) == kPromptOnly).
  virtual StructuredMode Weaker(StructuredMode mode) const = 0;
  virtual HttpRequest Build(const ChatRequest& request, StructuredMode mode,
                            const Endpoint& endpoint) const = 0;
  // Reads a 2xx answer. Errors (InvalidArgument) say what the body lacked:
  //   "answer is not a JSON object", "answer is nested deeper than 256 levels"
  virtual Result<ChatResponse> Parse(const HttpResponse& response) const = 0;
  // GET the list of models the endpoint serves (OpenAI-compatible
  // {base}/models; Anthropic {base}/v1/models).
  virtual HttpRequest BuildListModels(const Endpoint& endpoint) const = 0;
};

// The model ids of a models-list answer ({"data": [{"id": "..."}, ...]}),
// in the server's order. Errors: "answer is not a model list".
Result<std::vector<std::string>> ParseModelList(const HttpResponse& response);

// OpenAI-compatible Chat Completions: vLLM, SGLang, llama.cpp, Ollama, OpenAI...
std::unique_ptr<Provider> MakeOpenAIProvider();
// Anthropic Messages.
std::unique_ptr<Provider> MakeAnthropicProvider();
// "openai" or "anthropic"; nullptr otherwise.
std::unique_ptr<Provider> MakeProvider(std::string_view name);

// The text a json_object or prompt-only request appends to the last message,
// so the model knows the field names.
std::string SchemaInstruction(const OutputSchema& schema);

// A schema answer given as a forced tool call (Anthropic's kTool mode): the
// first call's input, serialized, becomes the content, which then goes the
// same extraction and validation way as a text answer. No call: unchanged.
void TakeForcedToolAnswer(ChatResponse* answer);

// Splits "<think>...</think>" blocks (a reasoning model served without a
// reasoning parser) out of `content`, appending them to `reasoning`.
void StripThink(std::string* content, std::string* reasoning);

}  // namespace t2s

#endif  // T2S_LLM_PROVIDER_H_
