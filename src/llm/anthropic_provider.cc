// Anthropic Messages: POST {base}/v1/messages with x-api-key and
// anthropic-version; system prompts go in "system"; max_tokens is required.
//
// Structured output (StructuredMode::kTool) is the way the API offers it: one
// tool whose input_schema is the answer schema, forced with tool_choice; the
// answer is the tool_use block's input. A server that refuses tools gets the
// schema in the prompt instead (kPromptOnly).
#include <fmt/format.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "llm/provider.h"
#include "llm/wire_json.h"

namespace t2s {
namespace {

using Json = nlohmann::json;

// {base}/v1{path} with the key headers; a base ending in /v1 is accepted.
HttpRequest Request(const Endpoint& endpoint, const char* path) {
  HttpRequest http;
  std::string base = endpoint.base_url.empty() ? "https://api.anthropic.com" : endpoint.base_url;
  size_t q = base.find('?');  // a query stays at the end of the URL
  std::string query = q == std::string::npos ? "" : base.substr(q);
  base.resize(std::min(q, base.size()));
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (base.size() >= 3 && base.substr(base.size() - 3) == "/v1") base.resize(base.size() - 3);
  http.url = base + "/v1" + path + query;
  http.headers.emplace_back("anthropic-version", "2023-06-01");
  if (!endpoint.api_key.empty()) http.headers.emplace_back("x-api-key", endpoint.api_key);
  return http;
}

// Appends `m` to the Messages API's list. Tool results are tool_result
// blocks of a user turn, right after the assistant turn that called them;
// results and a user text that follow each other share one user turn (the
// API wants user and assistant turns to alternate).
void AppendWireMessage(const ChatMessage& m, std::string content, Json* messages) {
  if (m.role == "assistant" && !m.tool_calls.empty()) {
    Json blocks = Json::array();
    if (!content.empty()) blocks.push_back({{"type", "text"}, {"text", std::move(content)}});
    for (const ToolCall& c : m.tool_calls) {
      Json input = Json::parse(c.arguments, nullptr, false);
      if (!input.is_object()) input = Json::object();  // the API takes only an object
      blocks.push_back({{"type", "tool_use"}, {"id", c.id}, {"name", c.name}, {"input", input}});
    }
    messages->push_back({{"role", "assistant"}, {"content", std::move(blocks)}});
    return;
  }
  Json block;
  if (m.role == "tool") {
    block = {{"type", "tool_result"}, {"tool_use_id", m.tool_call_id}, {"content", content}};
    if (m.is_error) block["is_error"] = true;
  } else if (m.role == "user" && !messages->empty() && messages->back()["role"] == "user" &&
             messages->back()["content"].is_array()) {
    block = {{"type", "text"}, {"text", std::move(content)}};
  } else {
    messages->push_back({{"role", m.role}, {"content", std::move(content)}});
    return;
  }
  if (messages->empty() || messages->back()["role"] != "user") {
    messages->push_back({{"role", "user"}, {"content", Json::array()}});
  }
  Json& last = messages->back()["content"];
  if (last.is_string()) last = Json::array({{{"type", "text"}, {"text", last}}});
  last.push_back(std::move(block));
}

class AnthropicProvider final : public Provider {
 public:
  std::string_view name() const override { return "anthropic"; }
  StructuredMode best_mode() const override { return StructuredMode::kTool; }
  StructuredMode Weaker(StructuredMode) const override { return StructuredMode::kPromptOnly; }

  HttpRequest Build(const ChatRequest& r, StructuredMode mode,
                    const Endpoint& endpoint) const override {
    const bool tool = !r.schema.empty() && mode == StructuredMode::kTool;
    Json body;
    body["model"] = r.model;
    body["max_tokens"] = r.sampling.max_tokens;
    std::string system;
    Json messages = Json::array();
    bool cached = false;  // a shared prefix is marked: the system prompt is too
    for (size_t i = 0; i < r.messages.size(); ++i) {
      const ChatMessage& m = r.messages[i];
      if (m.role == "system") {
        system += (system.empty() ? "" : "\n\n") + m.content;
        continue;
      }
      std::string content = m.content;
      if (!r.schema.empty() && !tool && i + 1 == r.messages.size())
        content += SchemaInstruction(r.schema);
      if (m.role == "user" && m.cache_prefix > 0 && m.cache_prefix < content.size() &&
          (messages.empty() || messages.back()["role"] != "user")) {
        cached = true;
        messages.push_back(
            {{"role", "user"},
             {"content", Json::array({{{"type", "text"},
                                       {"text", content.substr(0, m.cache_prefix)},
                                       {"cache_control", {{"type", "ephemeral"}}}},
                                      {{"type", "text"}, {"text", content.substr(m.cache_prefix)}}})}});
        continue;
      }
      AppendWireMessage(m, std::move(content), &messages);
    }
    if (!system.empty() && cached) {
      body["system"] = Json::array(
          {{{"type", "text"}, {"text", system}, {"cache_control", {{"type", "ephemeral"}}}}});
    } else if (!system.empty()) {
      body["system"] = system;
    }
    body["messages"] = std::move(messages);
    if (!r.tools.empty() && r.schema.empty()) {
      Json tools = Json::array();
      for (const ToolSpec& t : r.tools) {
        tools.push_back({{"name", t.name},
                         {"description", t.description},
                         {"input_schema", Json::parse(t.parameters, nullptr, false)}});
      }
      body["tools"] = std::move(tools);
    }
    if (tool) {
      body["tools"] = Json::array(
          {{{"name", r.schema.name},
            {"description", fmt::format("Records the answer: call it once with the whole answer "
                                        "as its input, a JSON object matching {}.",
                                        r.schema.name)},
            {"input_schema", Json::parse(r.schema.schema_json, nullptr, false)}}});
      body["tool_choice"] = {{"type", "tool"}, {"name", r.schema.name}};
    }
    const SamplingParams& s = r.sampling;
    if (s.temperature) body["temperature"] = *s.temperature;
    if (s.top_p) body["top_p"] = *s.top_p;
    if (s.top_k) body["top_k"] = *s.top_k;
    if (!s.stop.empty()) body["stop_sequences"] = s.stop;
    if (!s.extra_json.empty()) {
      Json extra = Json::parse(s.extra_json, nullptr, false);
      if (extra.is_object()) body.update(extra);
    }
    HttpRequest http = Request(endpoint, "/messages");
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
    auto content = j.find("content");
    if (content == j.end() || !content->is_array())
      return Status::InvalidArgument("answer has no content blocks");
    ChatResponse out;
    for (const Json& block : *content) {
      if (!block.is_object()) continue;
      std::string type = StringAt(block, "type");
      if (type == "text") out.content += StringAt(block, "text");
      if (type == "thinking") out.reasoning += StringAt(block, "thinking");
      if (type == "tool_use") {
        auto input = block.find("input");
        if (input == block.end() || !input->is_object())
          return Status::InvalidArgument("answer's tool_use block has no input object");
        out.tool_calls.push_back({StringAt(block, "id"), StringAt(block, "name"),
                                  input->dump(-1, ' ', false, Json::error_handler_t::replace)});
      }
    }
    StripThink(&out.content, &out.reasoning);
    std::string stop = StringAt(j, "stop_reason");
    out.finish_reason = stop == "max_tokens" ? "length"
                        : stop == "end_turn" ? "stop"
                        : stop == "tool_use" ? "tool_calls"
                                             : stop;
    if (auto u = j.find("usage"); u != j.end() && u->is_object()) {
      out.usage.cached_tokens = IntAt(*u, "cache_read_input_tokens");
      out.usage.prompt_tokens = IntAt(*u, "input_tokens") + out.usage.cached_tokens +
                                IntAt(*u, "cache_creation_input_tokens");
      out.usage.completion_tokens = IntAt(*u, "output_tokens");
    }
    out.latency_ms = http.elapsed_ms;
    return out;
  }
};

}  // namespace

std::unique_ptr<Provider> MakeAnthropicProvider() { return std::make_unique<AnthropicProvider>(); }

}  // namespace t2s
