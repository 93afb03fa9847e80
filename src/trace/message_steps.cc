#include "trace/message_steps.h"

#include <fmt/format.h>

#include <map>

#include "base/text.h"

namespace t2s {
namespace {

using simdjson::dom::element_type;

Result<Role> RoleOf(JsonValue message, const std::string& field) {
  std::optional<JsonValue> v = Field(message, "role");
  std::string_view role;
  if (!v || v->get_string().get(role)) {
    return Status::InvalidArgument(fmt::format("field \"{}.role\": expected string, got {}", field,
                                               v ? JsonTypeName(*v) : "nothing"));
  }
  if (role == "developer") return Role::kSystem;
  if (role == "function") return Role::kTool;
  std::optional<Role> parsed = ParseRole(role);
  if (!parsed)
    return Status::InvalidArgument(
        fmt::format("field \"{}.role\": unknown role \"{}\"", field, role));
  return *parsed;
}

ToolCall OpenAICall(JsonValue c) {
  ToolCall call;
  call.id = StringField(c, "id");
  JsonValue fn = Field(c, "function").value_or(c);
  call.name = StringField(fn, "name");
  if (std::optional<JsonValue> args = Field(fn, "arguments")) call.arguments = ArgumentsJson(*args);
  return call;
}

}  // namespace

bool LooksLikeError(std::string_view out) {
  std::string_view t = Trim(out);
  for (std::string_view p :
       {"Error", "error:", "ERROR", "Traceback (most recent call last)", "Exception"}) {
    if (t.substr(0, p.size()) == p) return true;
  }
  return false;
}

namespace {

// One message as a step; `path()` names it in an error, and is only called
// then, so that no string is built per message otherwise.
template <typename PathFn>
Result<Step> StepAt(JsonValue m, const PathFn& path) {
  if (m.type() != element_type::OBJECT) {
    return Status::InvalidArgument(
        fmt::format("field \"{}\": expected object, got {}", path(), JsonTypeName(m)));
  }
  std::string_view role_name;
  std::optional<Role> known;
  if (!m["role"].get_string().get(role_name)) known = ParseRole(role_name);
  if (!known) {
    T2S_ASSIGN_OR_RETURN(known, RoleOf(m, path()));
  }
  Role role = *known;
  Step step;
  step.role = role;
  if (std::optional<JsonValue> c = Field(m, "content")) step.content = ContentText(*c);
  step.reasoning = StringField(m, "reasoning_content");
  if (step.reasoning.empty()) step.reasoning = StringField(m, "reasoning");
  if (std::optional<JsonValue> calls = Field(m, "tool_calls"); calls && calls->is_array()) {
    for (JsonValue c : ArrayOrEmpty(*calls)) step.tool_calls.push_back(OpenAICall(c));
  }
  if (std::optional<JsonValue> fc = Field(m, "function_call"); fc && fc->is_object()) {
    step.tool_calls.push_back(OpenAICall(*fc));
  }
  // A call without a name says nothing a reader of the trajectory can use,
  // and the trajectory record requires one (found by fuzzing).
  for (size_t k = 0; k < step.tool_calls.size(); ++k) {
    if (step.tool_calls[k].name.empty()) {
      return Status::InvalidArgument(fmt::format(
          "field \"{}.tool_calls[{}].function.name\": missing (a tool call needs a name)", path(),
          k));
    }
  }
  if (role == Role::kTool) {
    step.tool_call_id = StringField(m, "tool_call_id");
    step.name = StringField(m, "name");
    step.is_error = BoolField(m, "is_error", false) || LooksLikeError(step.content);
  }
  return step;
}

}  // namespace

Result<Step> StepFromOpenAIMessage(JsonValue m, const std::string& path) {
  return StepAt(m, [&] { return path; });
}

Result<std::vector<Step>> StepsFromOpenAIMessages(JsonValue messages, const std::string& field) {
  simdjson::dom::array list;
  if (messages.get_array().get(list)) {
    return Status::InvalidArgument(
        fmt::format("field \"{}\": expected array, got {}", field, JsonTypeName(messages)));
  }
  std::vector<Step> steps;
  steps.reserve(list.size());
  size_t i = 0;
  for (JsonValue m : list) {
    size_t index = i++;
    T2S_ASSIGN_OR_RETURN(Step step,
                         StepAt(m, [&] { return fmt::format("{}[{}]", field, index); }));
    steps.push_back(std::move(step));
  }
  NameToolResults(&steps);
  return steps;
}

Status AppendAnthropicMessage(JsonValue message, const std::string& field,
                              std::vector<Step>* steps) {
  if (message.type() != element_type::OBJECT) {
    return Status::InvalidArgument(
        fmt::format("field \"{}\": expected object, got {}", field, JsonTypeName(message)));
  }
  T2S_ASSIGN_OR_RETURN(Role role, RoleOf(message, field));
  Step step;
  step.role = role;
  std::optional<JsonValue> content = Field(message, "content");
  std::string_view text;
  if (content && !content->get_string().get(text)) {
    step.content = std::string(text);
    steps->push_back(std::move(step));
    return Status::Ok();
  }
  if (content && !content->is_array()) {
    return Status::InvalidArgument(fmt::format(
        "field \"{}.content\": expected string or array, got {}", field, JsonTypeName(*content)));
  }
  if (content) {
    for (JsonValue block : ArrayOrEmpty(*content)) {
      std::string type = StringField(block, "type");
      if (type == "text") {
        if (!step.content.empty()) step.content += "\n";
        step.content += StringField(block, "text");
      } else if (type == "thinking" || type == "redacted_thinking") {
        if (!step.reasoning.empty()) step.reasoning += "\n";
        step.reasoning += StringField(block, "thinking");
      } else if (type == "tool_use" || type == "server_tool_use") {
        ToolCall call;
        call.id = StringField(block, "id");
        call.name = StringField(block, "name");
        if (call.name.empty()) {
          return Status::InvalidArgument(
              fmt::format("field \"{}.content\": a {} block without a name", field, type));
        }
        if (std::optional<JsonValue> input = Field(block, "input"))
          call.arguments = ArgumentsJson(*input);
        step.tool_calls.push_back(std::move(call));
      } else if (type == "tool_result") {
        Step result;
        result.role = Role::kTool;
        result.tool_call_id = StringField(block, "tool_use_id");
        if (std::optional<JsonValue> c = Field(block, "content")) result.content = ContentText(*c);
        result.is_error = BoolField(block, "is_error", false);
        steps->push_back(std::move(result));
      }
    }
  }
  if (!step.content.empty() || !step.reasoning.empty() || !step.tool_calls.empty()) {
    steps->push_back(std::move(step));
  }
  return Status::Ok();
}

std::string FirstUserText(const std::vector<Step>& steps) {
  for (const Step& s : steps) {
    if (s.role == Role::kUser && !Trim(s.content).empty()) return s.content;
  }
  return "";
}

void NameToolResults(std::vector<Step>* steps) {
  std::map<std::string, std::string> names;
  for (Step& s : *steps) {
    for (const ToolCall& c : s.tool_calls) {
      if (!c.id.empty()) names[c.id] = c.name;
    }
    if (s.role == Role::kTool && s.name.empty()) {
      auto it = names.find(s.tool_call_id);
      if (it != names.end()) s.name = it->second;
    }
  }
}

}  // namespace t2s
