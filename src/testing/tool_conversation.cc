#include "testing/tool_conversation.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

namespace t2s::testing {
namespace {

using Json = nlohmann::json;

bool IsAnthropic(const std::string& path) { return path.find("/messages") != std::string::npos; }

FakeAnswer BadRequest(const std::string& path, const std::string& message) {
  FakeAnswer a;
  a.status = 400;
  if (IsAnthropic(path)) {
    a.body = Json{{"type", "error"},
                  {"error", {{"type", "invalid_request_error"}, {"message", message}}}}
                 .dump();
  } else {
    a.body = Json{{"error",
                   {{"message", message},
                    {"type", "invalid_request_error"},
                    {"param", "messages"},
                    {"code", nullptr}}}}
                 .dump();
  }
  return a;
}

std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<FakeAnswer> RefuseOpenAI(const std::string& path, const Json& messages) {
  std::set<std::string> open;  // calls of the last assistant message not yet answered
  for (size_t i = 0; i < messages.size(); ++i) {
    const Json& m = messages[i];
    if (!m.is_object()) continue;
    std::string role = Str(m, "role");
    if (role == "tool") {
      std::string id = Str(m, "tool_call_id");
      if (open.erase(id) == 0) {
        return BadRequest(path, fmt::format("Invalid parameter: messages with role 'tool' must be "
                                            "a response to a preceding message with "
                                            "'tool_calls' (messages[{}], tool_call_id '{}').",
                                            i, id));
      }
      continue;
    }
    if (!open.empty()) {
      return BadRequest(path, fmt::format("An assistant message with 'tool_calls' must be followed "
                                          "by tool messages responding to each 'tool_call_id'. "
                                          "The following tool_call_ids did not have response "
                                          "messages: {}",
                                          *open.begin()));
    }
    if (role == "assistant") {
      if (auto calls = m.find("tool_calls"); calls != m.end() && calls->is_array()) {
        for (const Json& c : *calls) open.insert(Str(c, "id"));
      }
    }
  }
  return std::nullopt;  // calls still open at the end: the request asks the model to go on
}

std::optional<FakeAnswer> RefuseAnthropic(const std::string& path, const Json& messages) {
  std::set<std::string> uses;  // tool_use ids of the previous assistant message
  for (size_t i = 0; i < messages.size(); ++i) {
    const Json& m = messages[i];
    if (!m.is_object()) continue;
    std::string role = Str(m, "role");
    const Json content = m.value("content", Json());
    std::set<std::string> results;
    std::set<std::string> next_uses;
    if (content.is_array()) {
      for (const Json& block : content) {
        if (!block.is_object()) continue;
        std::string type = Str(block, "type");
        if (type == "tool_result") {
          std::string id = Str(block, "tool_use_id");
          if (role != "user" || uses.count(id) == 0) {
            return BadRequest(path, fmt::format("messages.{}.content: unexpected `tool_use_id` "
                                                "found in `tool_result` blocks: {}. Each "
                                                "`tool_result` block must have a corresponding "
                                                "`tool_use` block in the previous message.",
                                                i, id));
          }
          results.insert(id);
        }
        if (type == "tool_use") next_uses.insert(Str(block, "id"));
      }
    }
    for (const std::string& id : uses) {
      if (results.count(id) == 0) {
        return BadRequest(path, fmt::format("messages.{}: `tool_use` ids were found without "
                                            "`tool_result` blocks immediately after: {}. Each "
                                            "`tool_use` block must have a corresponding "
                                            "`tool_result` block in the next message.",
                                            i, id));
      }
    }
    uses = role == "assistant" ? next_uses : std::set<std::string>();
  }
  return std::nullopt;
}

}  // namespace

std::optional<FakeAnswer> RefuseConversation(const std::string& path,
                                             const std::string& request_body) {
  Json body = Json::parse(request_body, nullptr, false);
  if (!body.is_object()) return std::nullopt;
  auto messages = body.find("messages");
  if (messages == body.end() || !messages->is_array()) return std::nullopt;
  return IsAnthropic(path) ? RefuseAnthropic(path, *messages) : RefuseOpenAI(path, *messages);
}

FakeAnswer AnswerToolCalls(const std::string& path, const std::string& request_body,
                           const FakeReply& reply) {
  Json body = Json::parse(request_body, nullptr, false);
  std::set<std::string> declared;
  if (body.is_object()) {
    if (auto tools = body.find("tools"); tools != body.end() && tools->is_array()) {
      for (const Json& t : *tools) {
        if (!t.is_object()) continue;
        declared.insert(IsAnthropic(path) ? Str(t, "name")
                                          : Str(t.value("function", Json::object()), "name"));
      }
    }
  }
  FakeAnswer a;
  for (const ToolCall& c : reply.tool_calls) {
    if (declared.count(c.name) == 0) {
      a.status = 500;
      a.violation = fmt::format("scripted answer calls undeclared tool \"{}\"", c.name);
      a.body = Json{{"error", {{"message", "fake: " + a.violation}}}}.dump();
      return a;
    }
  }
  const int completion = static_cast<int>(reply.content.size() / 4) + 8;
  if (IsAnthropic(path)) {
    Json blocks = Json::array();
    if (!reply.content.empty()) blocks.push_back({{"type", "text"}, {"text", reply.content}});
    for (const ToolCall& c : reply.tool_calls) {
      Json input = Json::parse(c.arguments, nullptr, false);
      blocks.push_back({{"type", "tool_use"},
                        {"id", c.id},
                        {"name", c.name},
                        {"input", input.is_object() ? input : Json::object()}});
    }
    a.body = Json{{"type", "message"},
                  {"role", "assistant"},
                  {"content", blocks},
                  {"stop_reason", "tool_use"},
                  {"usage", {{"input_tokens", 12}, {"output_tokens", completion}}}}
                 .dump();
    return a;
  }
  Json calls = Json::array();
  for (const ToolCall& c : reply.tool_calls) {
    calls.push_back({{"id", c.id},
                     {"type", "function"},
                     {"function", {{"name", c.name}, {"arguments", c.arguments}}}});
  }
  Json message = {{"role", "assistant"},
                  {"content", reply.content.empty() ? Json() : Json(reply.content)},
                  {"tool_calls", calls}};
  a.body = Json{{"choices", {{{"index", 0}, {"message", message}, {"finish_reason", "tool_calls"}}}},
                {"usage", {{"prompt_tokens", 12}, {"completion_tokens", completion}}}}
               .dump();
  return a;
}

}  // namespace t2s::testing
