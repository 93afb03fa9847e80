#include "testing/constrained_reply.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/hash.h"
#include "testing/decodable.h"
#include "testing/schema_instance.h"
#include "testing/strict_schema.h"

namespace t2s::testing {
namespace {

using Json = nlohmann::json;
// Keys in the order real servers send them, so tests can compare bodies.
using Ordered = nlohmann::ordered_json;

bool IsAnthropic(const std::string& path) { return path.find("/messages") != std::string::npos; }

int Tokens(size_t bytes) { return static_cast<int>(std::max<size_t>(1, bytes / 4)); }

size_t TextBytes(const Json& content) {
  if (content.is_string()) return content.get_ref<const std::string&>().size();
  size_t n = 0;
  if (content.is_array()) {
    for (const Json& part : content) {
      if (part.is_object() && part.contains("text") && part["text"].is_string())
        n += part["text"].get_ref<const std::string&>().size();
    }
  }
  return n;
}

int PromptTokens(const Json& request) {
  size_t bytes = TextBytes(request.value("system", Json()));
  for (const Json& m : request.value("messages", Json::array())) {
    if (m.is_object()) bytes += TextBytes(m.value("content", Json()));
  }
  return Tokens(bytes);
}

FakeAnswer OpenAIError(int status, const std::string& message, const Json& param) {
  Ordered error = {
      {"message", message}, {"type", "invalid_request_error"}, {"param", param}, {"code", nullptr}};
  return {status, Ordered{{"error", error}}.dump(), "application/json", ""};
}

FakeAnswer AnthropicError(const std::string& message) {
  Ordered error = {{"type", "invalid_request_error"}, {"message", message}};
  return {400, Ordered{{"type", "error"}, {"error", error}}.dump(), "application/json", ""};
}

FakeAnswer Violation(const std::string& reason) {
  return {500, "fake: scripted answer violates the request schema: " + reason, "text/plain",
          reason};
}

// The tool a forced tool_choice names, or nullptr with `error` set when the
// choice names none; nullptr without error when no tool use is forced.
const Json* ForcedTool(const Json& request, std::string* error) {
  const Json choice = request.value("tool_choice", Json());
  if (!choice.is_object()) return nullptr;
  std::string type = choice.value("type", "");
  if (type != "tool" && type != "any") return nullptr;
  const Json* tools = request.contains("tools") ? &request["tools"] : nullptr;
  if (tools == nullptr || !tools->is_array() || tools->empty()) {
    *error = "tool_choice: a tool must be forced only when tools are provided";
    return nullptr;
  }
  if (type == "any") return &(*tools)[0];
  std::string name = choice.value("name", "");
  for (const Json& tool : *tools) {
    if (tool.is_object() && tool.value("name", "") == name) return &tool;
  }
  *error = fmt::format("tool_choice.name: Tool '{}' not found in tools", name);
  return nullptr;
}

// The schema the answer must match, if any: "" mode means free text.
struct Constraint {
  std::string mode;  // "json_schema", "json_object", "tool" or ""
  Json schema;
  std::string name;
};

Constraint ConstraintOf(const std::string& path, const Json& request) {
  if (IsAnthropic(path)) {
    std::string error;
    const Json* tool = ForcedTool(request, &error);
    if (tool == nullptr) return {};
    return {"tool", tool->value("input_schema", Json::object()), tool->value("name", "")};
  }
  const Json format = request.value("response_format", Json());
  if (!format.is_object()) return {};
  std::string type = format.value("type", "");
  if (type == "json_schema") {
    const Json spec = format.value("json_schema", Json::object());
    if (spec.is_object() && spec.contains("schema"))
      return {"json_schema", spec["schema"], spec.value("name", "")};
    return {"json_object", Json(), ""};
  }
  if (type == "json_object") return {"json_object", Json(), ""};
  return {};
}

// Splits a leading <think>...</think> off `content` into `reasoning`.
void SplitThink(std::string* content, std::string* reasoning) {
  if (content->rfind("<think>", 0) != 0) return;
  size_t end = content->find("</think>");
  if (end == std::string::npos) return;
  *reasoning = content->substr(7, end - 7);
  size_t rest = content->find_first_not_of(" \t\r\n", end + 8);
  *content = rest == std::string::npos ? "" : content->substr(rest);
}

// The content a constrained decoder gives, or a violation (`reason` set),
// or a schema the generator cannot answer (`cannot` set).
// Whether `text` is the start of some JSON text: what a decoder cut off by
// max_tokens leaves (the parse can only fail at the very end).
bool IsJsonPrefix(const std::string& text) {
  try {
    Json parsed = Json::parse(text);
    return !parsed.is_discarded();
  } catch (const Json::parse_error& e) {
    return e.byte >= text.size();
  }
}

std::string ConstrainedContent(const Constraint& c, const std::string& scripted,
                               const std::string& request_body, bool truncated, std::string* reason,
                               std::string* cannot) {
  if (c.mode == "json_object") {
    if (scripted.empty()) return "{}";
    if (truncated) {
      if (!IsJsonPrefix(scripted)) *reason = "a cut-off answer must be the start of JSON text";
      return scripted;
    }
    if (!Json::parse(scripted, nullptr, false).is_object()) {
      *reason = "the answer is not a JSON object: " + Json(scripted.substr(0, 60)).dump();
    }
    return scripted;
  }
  if (scripted.empty()) {
    Result<Json> instance = GenerateInstance(c.schema, Hash64(request_body));
    if (!instance.ok()) {
      *cannot = instance.status().message();
      return "";
    }
    std::string text = instance->dump();
    return truncated ? text.substr(0, text.size() / 2) : text;
  }
  if (truncated) {
    if (!IsJsonPrefix(scripted)) *reason = "a cut-off answer must be the start of JSON text";
    return scripted;
  }
  Json value = Json::parse(scripted, nullptr, false);
  if (value.is_discarded()) {
    *reason = "the answer is not one JSON value: " + Json(scripted.substr(0, 60)).dump();
  } else if (c.mode == "tool" && !value.is_object()) {
    *reason = "a tool input must be a JSON object, got " + Json(scripted.substr(0, 60)).dump();
  } else if (Status s = CheckDecodable(value, c.schema); !s.ok()) {
    *reason = s.message();
  }
  return scripted;
}

std::string Id(const std::string& prefix, const std::string& request_body, int digits) {
  return prefix + HexHash(request_body).substr(0, digits);
}

}  // namespace

std::optional<FakeAnswer> RefuseConstrained(const std::string& path,
                                            const std::string& request_body) {
  Json request = Json::parse(request_body, nullptr, false);
  if (!request.is_object()) {
    const char* message = "We could not parse the JSON body of your request.";
    return IsAnthropic(path) ? AnthropicError(message) : OpenAIError(400, message, nullptr);
  }
  if (IsAnthropic(path)) {
    const Json tools = request.value("tools", Json::array());
    for (size_t i = 0; tools.is_array() && i < tools.size(); ++i) {
      // Client tools (no "type", or "custom") declare their input; server
      // tools ("web_search_...") do not.
      const Json& tool = tools[i];
      if (!tool.is_object() || tool.value("type", "custom") != "custom") continue;
      const Json schema = tool.value("input_schema", Json());
      if (!schema.is_object())
        return AnthropicError(fmt::format("tools.{}.input_schema: Field required", i));
      if (schema.value("type", Json()) != "object") {
        return AnthropicError(
            fmt::format("tools.{}.input_schema.type: Input should be 'object'", i));
      }
    }
    std::string error;
    ForcedTool(request, &error);
    if (!error.empty()) return AnthropicError(error);
    return std::nullopt;
  }
  const Json format = request.value("response_format", Json());
  if (!format.is_object() || format.value("type", "") != "json_schema") return std::nullopt;
  const Json spec = format.value("json_schema", Json::object());
  if (!spec.is_object() || spec.value("strict", Json(false)) != true) return std::nullopt;
  Status s = CheckStrictSchema(spec.value("schema", Json()), spec.value("name", ""));
  if (s.ok()) return std::nullopt;
  return OpenAIError(400, s.message(), "response_format");
}

FakeAnswer AnswerConstrained(const std::string& path, const std::string& request_body,
                             const FakeReply& reply) {
  Json request = Json::parse(request_body, nullptr, false);
  if (!request.is_object()) request = Json::object();
  Constraint c = ConstraintOf(path, request);
  bool truncated = reply.finish_reason == "length";
  std::string content = reply.content, reasoning, reason, cannot;
  SplitThink(&content, &reasoning);
  if (c.mode.empty()) {
    if (content.empty()) content = "{\"ok\": true}";
  } else {
    content = ConstrainedContent(c, content, request_body, truncated, &reason, &cannot);
    if (!reason.empty()) return Violation(reason);
    if (!cannot.empty()) {
      return {500, "fake: cannot generate an answer for the request schema: " + cannot,
              "text/plain", ""};
    }
  }
  int prompt = PromptTokens(request);
  int completion = Tokens(content.size() + reasoning.size());
  std::string model = request.value("model", "");
  if (IsAnthropic(path)) {
    Ordered blocks = Ordered::array();
    if (!reasoning.empty()) blocks.push_back({{"type", "thinking"}, {"thinking", reasoning}});
    std::string stop = truncated ? "max_tokens" : "end_turn";
    if (c.mode == "tool") {
      Json input = Json::parse(content, nullptr, false);
      if (input.is_discarded()) input = Json::object();  // cut by max_tokens
      blocks.push_back({{"type", "tool_use"},
                        {"id", Id("toolu_", request_body, 16)},
                        {"name", c.name},
                        {"input", Ordered(input)}});
      if (!truncated) stop = "tool_use";
    } else {
      blocks.push_back({{"type", "text"}, {"text", content}});
    }
    Ordered body = {{"id", Id("msg_", request_body, 16)},
                    {"type", "message"},
                    {"role", "assistant"},
                    {"model", model},
                    {"content", blocks},
                    {"stop_reason", stop},
                    {"stop_sequence", nullptr},
                    {"usage", {{"input_tokens", prompt}, {"output_tokens", completion}}}};
    return {200, body.dump(), "application/json", ""};
  }
  Ordered message = {{"role", "assistant"}, {"content", content}};
  if (!reasoning.empty()) message["reasoning_content"] = reasoning;
  Ordered choice = {{"index", 0}, {"message", message}, {"finish_reason", reply.finish_reason}};
  Ordered body = {{"id", Id("chatcmpl-", request_body, 16)},
                  {"object", "chat.completion"},
                  {"created", 0},
                  {"model", model},
                  {"choices", Ordered::array({choice})},
                  {"usage",
                   {{"prompt_tokens", prompt},
                    {"completion_tokens", completion},
                    {"total_tokens", prompt + completion}}}};
  return {200, body.dump(), "application/json", ""};
}

}  // namespace t2s::testing
