#include "trace/openhands_history.h"

#include "trace/message_steps.h"

namespace t2s {
namespace {

// The tool call the model made, from the raw response kept with the action.
std::optional<ToolCall> ModelCall(JsonValue meta) {
  std::string id = StringField(meta, "tool_call_id");
  std::optional<JsonValue> response = Field(meta, "model_response");
  if (!response) return std::nullopt;
  for (JsonValue choice : ArrayOrEmpty(Field(*response, "choices").value_or(*response))) {
    std::optional<JsonValue> message = Field(choice, "message");
    if (!message) continue;
    for (JsonValue c : ArrayOrEmpty(Field(*message, "tool_calls").value_or(*message))) {
      if (StringField(c, "id") != id) continue;
      ToolCall call;
      call.id = id;
      JsonValue fn = Field(c, "function").value_or(c);
      call.name = StringField(fn, "name");
      if (std::optional<JsonValue> a = Field(fn, "arguments")) call.arguments = ArgumentsJson(*a);
      return call;
    }
  }
  return std::nullopt;
}

std::string ArgText(JsonValue event, const char* key) {
  std::optional<JsonValue> args = Field(event, "args");
  return args ? StringField(*args, key) : "";
}

}  // namespace

std::vector<Step> StepsFromOpenHandsHistory(JsonValue events) {
  std::vector<Step> steps;
  for (JsonValue e : ArrayOrEmpty(events)) {
    std::string source = StringField(e, "source");
    std::string action = StringField(e, "action");
    std::string observation = StringField(e, "observation");
    if (action == "recall" || observation == "recall") continue;
    std::optional<JsonValue> meta = Field(e, "tool_call_metadata");
    Step step;
    if (!observation.empty()) {
      if (observation == "agent_state_changed" || observation == "null") continue;
      step.role = Role::kTool;
      step.content = StringField(e, "content");
      if (meta) {
        step.tool_call_id = StringField(*meta, "tool_call_id");
        step.name = StringField(*meta, "function_name");
      }
      std::optional<JsonValue> extras = Field(e, "extras");
      std::optional<JsonValue> code = extras ? Field(*extras, "exit_code") : std::nullopt;
      if (!code && extras) {
        if (std::optional<JsonValue> m = Field(*extras, "metadata")) code = Field(*m, "exit_code");
      }
      step.is_error = observation == "error" || (code && NumberOf(*code).value_or(0) != 0) ||
                      step.content.rfind("ERROR:", 0) == 0;
      if (step.tool_call_id.empty()) {
        // An observation no tool call asked for (a user-side event): the user's.
        step.role = Role::kUser;
        step.is_error = false;
      }
      steps.push_back(std::move(step));
      continue;
    }
    if (action.empty()) continue;
    if (action == "system") {
      step.role = Role::kSystem;
      step.content = ArgText(e, "content");
      steps.push_back(std::move(step));
      continue;
    }
    if (action == "change_agent_state") continue;
    step.role = source == "user" ? Role::kUser : Role::kAssistant;
    if (action == "message" || action == "finish") {
      step.content = StringField(e, "message");
      if (action == "finish" && !ArgText(e, "final_thought").empty())
        step.content = ArgText(e, "final_thought");
      if (step.content.empty()) step.content = ArgText(e, "content");
    } else if (action == "think") {
      step.reasoning = ArgText(e, "thought");
    }
    if (step.role == Role::kAssistant && action != "message" && action != "think" && meta) {
      step.reasoning = ArgText(e, "thought");
      std::optional<ToolCall> call = ModelCall(*meta);
      if (!call) {
        ToolCall fallback;
        fallback.id = StringField(*meta, "tool_call_id");
        fallback.name = StringField(*meta, "function_name");
        if (std::optional<JsonValue> args = Field(e, "args")) fallback.arguments = ToJsonText(*args);
        call = fallback;
      }
      // Parallel calls from one response share the model_response: one step each.
      step.tool_calls.push_back(std::move(*call));
      if (action == "finish") step.tool_calls.clear();
    }
    if (step.content.empty() && step.reasoning.empty() && step.tool_calls.empty()) continue;
    steps.push_back(std::move(step));
  }
  NameToolResults(&steps);
  return steps;
}

}  // namespace t2s
