// OpenAI-compatible Chat Completions: POST {base}/chat/completions.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "llm/provider.h"
#include "llm/wire_json.h"

namespace t2s {
namespace {

using Json = nlohmann::json;

// {base}{path} with the bearer key when there is one.
HttpRequest Request(const Endpoint& endpoint, const char* path) {
  HttpRequest http;
  // A query ("?api-version=...", Azure style) stays at the end of the URL.
  size_t q = endpoint.base_url.find('?');
  std::string base = endpoint.base_url.substr(0, q);
  std::string query = q == std::string::npos ? "" : endpoint.base_url.substr(q);
  while (!base.empty() && base.back() == '/') base.pop_back();
  http.url = base + path + query;
  if (!endpoint.api_key.empty())
    http.headers.emplace_back("Authorization", "Bearer " + endpoint.api_key);
  return http;
}

// One message as Chat Completions wants it: an assistant's tool calls with
// their arguments as text, a tool result with the id of its call.
Json WireMessage(const ChatMessage& m, std::string content) {
  Json out = {{"role", m.role}, {"content", std::move(content)}};
  if (m.role == "tool") out["tool_call_id"] = m.tool_call_id;
  if (!m.tool_calls.empty()) {
    Json calls = Json::array();
    for (const ToolCall& c : m.tool_calls) {
      calls.push_back({{"id", c.id},
                       {"type", "function"},
                       {"function", {{"name", c.name}, {"arguments", c.arguments}}}});
    }
    out["tool_calls"] = std::move(calls);
    if (out["content"].get_ref<const std::string&>().empty()) out["content"] = nullptr;
  }
  return out;
}

// The tool calls of an answer's message. Arguments stay the model's text
// (a server may send an object instead: it is serialized).
std::vector<ToolCall> ReadToolCalls(const Json& message) {
  std::vector<ToolCall> out;
  auto calls = message.find("tool_calls");
  if (calls == message.end() || !calls->is_array()) return out;
  for (const Json& c : *calls) {
    if (!c.is_object()) continue;
    const Json function = c.value("function", Json::object());
    if (!function.is_object()) continue;
    ToolCall call;
    call.id = StringAt(c, "id");
    call.name = StringAt(function, "name");
    if (auto a = function.find("arguments"); a != function.end()) {
      call.arguments = a->is_string() ? a->get<std::string>()
                                      : a->dump(-1, ' ', false, Json::error_handler_t::replace);
    }
    out.push_back(std::move(call));
  }
  return out;
}

class OpenAIProvider final : public Provider {
 public:
  std::string_view name() const override { return "openai"; }
  StructuredMode best_mode() const override { return StructuredMode::kJsonSchema; }
  StructuredMode Weaker(StructuredMode mode) const override {
    return mode == StructuredMode::kJsonSchema ? StructuredMode::kJsonObject
                                               : StructuredMode::kPromptOnly;
  }

  HttpRequest Build(const ChatRequest& r, StructuredMode mode,
                    const Endpoint& endpoint) const override {
    Json body;
    body["model"] = r.model;
    Json messages = Json::array();
    for (size_t i = 0; i < r.messages.size(); ++i) {
      std::string content = r.messages[i].content;
      // json_object only promises some JSON: the prompt must name the fields.
      bool last = i + 1 == r.messages.size();
      if (!r.schema.empty() && mode != StructuredMode::kJsonSchema && last) {
        content += SchemaInstruction(r.schema);
      }
      messages.push_back(WireMessage(r.messages[i], std::move(content)));
    }
    body["messages"] = std::move(messages);
    if (!r.tools.empty()) {
      Json tools = Json::array();
      for (const ToolSpec& t : r.tools) {
        tools.push_back({{"type", "function"},
                         {"function",
                          {{"name", t.name},
                           {"description", t.description},
                           {"parameters", Json::parse(t.parameters, nullptr, false)}}}});
      }
      body["tools"] = std::move(tools);
    }
    const SamplingParams& s = r.sampling;
    body["max_tokens"] = s.max_tokens;
    if (s.temperature) body["temperature"] = *s.temperature;
    if (s.top_p) body["top_p"] = *s.top_p;
    if (s.top_k) body["top_k"] = *s.top_k;
    if (s.seed) body["seed"] = *s.seed;
    if (!s.stop.empty()) body["stop"] = s.stop;
    if (!r.schema.empty() && mode == StructuredMode::kJsonSchema) {
      body["response_format"] = {{"type", "json_schema"},
                                 {"json_schema",
                                  {{"name", r.schema.name},
                                   {"schema", Json::parse(r.schema.schema_json, nullptr, false)},
                                   {"strict", true}}}};
    } else if (!r.schema.empty() && mode == StructuredMode::kJsonObject) {
      body["response_format"] = {{"type", "json_object"}};
    }
    if (!s.extra_json.empty()) {
      Json extra = Json::parse(s.extra_json, nullptr, false);
      if (extra.is_object()) body.update(extra);
    }
    HttpRequest http = Request(endpoint, "/chat/completions");
    http.headers.emplace(http.headers.begin(), "Content-Type", "application/json");
    http.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
    return http;
  }

  HttpRequest BuildListModels(const Endpoint& endpoint) const override {
    HttpRequest http = Request(endpoint, "/models");
    http.method = "GET";
    return http;
  }

  Result<ChatResponse> Parse(const HttpResponse& http) const override {
    T2S_ASSIGN_OR_RETURN(Json j, ParseWireObject(http.body));
    auto choices = j.find("choices");
    if (choices == j.end() || !choices->is_array() || choices->empty() ||
        !(*choices)[0].is_object()) {
      return Status::InvalidArgument("answer has no choices[0]");
    }
    const Json& choice = (*choices)[0];
    const Json message = choice.value("message", Json::object());
    ChatResponse out;
    if (auto c = message.find("content"); c != message.end() && c->is_string())
      out.content = c->get<std::string>();
    for (const char* key : {"reasoning_content", "reasoning"}) {
      if (auto r = message.find(key);
          r != message.end() && r->is_string() && out.reasoning.empty()) {
        out.reasoning = r->get<std::string>();
      }
    }
    StripThink(&out.content, &out.reasoning);
    out.tool_calls = ReadToolCalls(message);
    if (auto f = choice.find("finish_reason"); f != choice.end() && f->is_string())
      out.finish_reason = f->get<std::string>();
    if (auto u = j.find("usage"); u != j.end() && u->is_object()) {
      out.usage.prompt_tokens = IntAt(*u, "prompt_tokens");
      out.usage.completion_tokens = IntAt(*u, "completion_tokens");
      if (auto d = u->find("completion_tokens_details"); d != u->end() && d->is_object()) {
        out.usage.reasoning_tokens = IntAt(*d, "reasoning_tokens");
      }
      if (auto d = u->find("prompt_tokens_details"); d != u->end() && d->is_object()) {
        out.usage.cached_tokens = IntAt(*d, "cached_tokens");
      }
    }
    out.latency_ms = http.elapsed_ms;
    return out;
  }
};

}  // namespace

std::unique_ptr<Provider> MakeOpenAIProvider() { return std::make_unique<OpenAIProvider>(); }

}  // namespace t2s
