// OpenHands event lists: [{"id", "source": "user"|"agent"|"environment",
// "action": "message"|"run"|"edit"|..., "args", "observation", "content",
// "cause", "extras", "tool_call_metadata": {"tool_call_id", "function_name",
// "model_response": {"choices": [{"message": {"tool_calls": [...]}}]}}}], or
// an object holding them under "events" or "history".
//
// A call's arguments are the model's own (the matching tool call in
// model_response), not the action's fields, which OpenHands fills with
// defaults of its own (is_input, blocking, confirmation_state, ...); the
// action's fields are the fallback for events without a model response.
// A tool result is an error when its observation is "error", its content
// starts with "ERROR:", or its exit code (extras.metadata.exit_code, or
// extras.exit_code in older files) is not 0. "recall" events are OpenHands
// looking up context for the user's message: the action (source "user") is
// no step; what it found, when it says something, is a user step, as the
// agent's prompt shows it.
#include <fmt/format.h>

#include "base/json_writer.h"
#include "trace/json_input.h"
#include "trace/message_steps.h"
#include "trace/readers.h"

namespace t2s {
namespace {

std::string CallId(JsonValue event, const char* fallback_key) {
  if (std::optional<JsonValue> meta = Field(event, "tool_call_metadata")) {
    std::string id = StringField(*meta, "tool_call_id");
    if (!id.empty()) return id;
  }
  std::optional<JsonValue> v = Field(event, fallback_key);
  if (!v) return "";
  return v->is_string() ? StringField(event, fallback_key) : ToJsonText(*v);
}

// The model's arguments for call `id` in the event's model_response.
std::optional<std::string> ModelArguments(JsonValue event, const std::string& id) {
  std::optional<JsonValue> meta = Field(event, "tool_call_metadata");
  std::optional<JsonValue> response = meta ? Field(*meta, "model_response") : std::nullopt;
  std::optional<JsonValue> choices = response ? Field(*response, "choices") : std::nullopt;
  if (!choices) return std::nullopt;
  for (JsonValue choice : ArrayOrEmpty(*choices)) {
    std::optional<JsonValue> message = Field(choice, "message");
    std::optional<JsonValue> calls = message ? Field(*message, "tool_calls") : std::nullopt;
    if (!calls) continue;
    for (JsonValue call : ArrayOrEmpty(*calls)) {
      if (StringField(call, "id") != id) continue;
      std::optional<JsonValue> function = Field(call, "function");
      std::optional<JsonValue> args = function ? Field(*function, "arguments") : std::nullopt;
      if (args) return ArgumentsJson(*args);
    }
  }
  return std::nullopt;
}

bool FailedObservation(JsonValue event, const std::string& observation,
                       const std::string& content) {
  if (observation == "error" || content.rfind("ERROR:", 0) == 0) return true;
  std::optional<JsonValue> extras = Field(event, "extras");
  if (!extras) return false;
  std::optional<JsonValue> code = Field(*extras, "exit_code");
  if (std::optional<JsonValue> meta = Field(*extras, "metadata"); meta && !code) {
    code = Field(*meta, "exit_code");
  }
  return code && NumberOf(*code).value_or(0) != 0;
}

std::string FunctionName(JsonValue event) {
  std::optional<JsonValue> meta = Field(event, "tool_call_metadata");
  return meta ? StringField(*meta, "function_name") : "";
}

// The action's arguments without its "thought" (kept as reasoning).
std::string ArgumentsWithoutThought(std::optional<JsonValue> args) {
  if (!args || !args->is_object()) return "{}";
  JsonWriter w;
  w.BeginObject();
  for (auto [key, value] : ObjectOrEmpty(*args)) {
    if (key != "thought") w.Key(key).Raw(ToJsonText(value));
  }
  w.EndObject();
  return w.Take();
}

Result<Trajectory> Convert(JsonValue events, const std::string& display) {
  Trajectory t;
  size_t i = 0;
  for (JsonValue e : ArrayOrEmpty(events)) {
    if (!e.is_object()) {
      return Status::InvalidArgument(
          fmt::format("field \"[{}]\": expected object, got {}", i, JsonTypeName(e)));
    }
    ++i;
    std::string source = StringField(e, "source");
    std::string action = StringField(e, "action");
    std::string observation = StringField(e, "observation");
    std::optional<JsonValue> args = Field(e, "args");
    auto arg = [&](const char* key) { return args ? StringField(*args, key) : std::string(); };
    Step step;
    if (!action.empty()) {
      if (action == "system") {
        step.role = Role::kSystem;
        step.content = arg("content");
      } else if (action == "message") {
        step.role = source == "user" ? Role::kUser : Role::kAssistant;
        step.content = arg("content");
        if (step.content.empty()) step.content = StringField(e, "message");
      } else if (action == "recall") {
        continue;  // OpenHands' own lookup for the user's message, not the agent's call
      } else if (action == "think") {
        step.role = Role::kAssistant;
        step.reasoning = arg("thought");
      } else {
        step.role = Role::kAssistant;
        step.reasoning = arg("thought");
        ToolCall call;
        call.id = CallId(e, "id");
        call.name = FunctionName(e).empty() ? action : FunctionName(e);
        call.arguments = ModelArguments(e, call.id).value_or(ArgumentsWithoutThought(args));
        step.tool_calls.push_back(std::move(call));
      }
    } else if (!observation.empty()) {
      if (observation == "agent_state_changed" || observation == "null") continue;
      if (observation == "recall") {
        step.role = Role::kUser;
        step.content = StringField(e, "content");
        if (step.content.empty()) continue;
      } else {
        step.role = Role::kTool;
        step.tool_call_id = CallId(e, "cause");
        step.name = FunctionName(e).empty() ? observation : FunctionName(e);
        step.content = StringField(e, "content");
        step.is_error = FailedObservation(e, observation, step.content);
      }
    } else {
      continue;
    }
    if (step.content.empty() && step.reasoning.empty() && step.tool_calls.empty() &&
        step.role != Role::kTool) {
      continue;
    }
    t.steps.push_back(std::move(step));
  }
  t.task = FirstUserText(t.steps);
  t.metadata["format"] = "openhands";
  t.metadata["file"] = display;
  t.id = ContentId(t);
  return t;
}

class OpenHands final : public FormatReader {
 public:
  std::string_view name() const override { return "openhands"; }
  bool Detect(std::string_view head, const std::filesystem::path&) const override {
    // Events name their source with one of three values; "role" may appear
    // too (the model's message inside tool_call_metadata), so it proves
    // nothing either way.
    bool source = false;
    for (std::string_view who : {"agent", "user", "environment"}) {
      source = source || HeadHas(head, fmt::format("\"source\": \"{}\"", who)) ||
               HeadHas(head, fmt::format("\"source\":\"{}\"", who));
    }
    // One document (OpenHands evaluation output.jsonl, one instance a line,
    // is another format).
    return (HeadStartsWith(head, "[") || HeadStartsWith(head, "{")) && source &&
           (HeadHas(head, "\"observation\"") || HeadHas(head, "\"action\"")) &&
           !HeadIsJsonLines(head);
  }
  Status Read(const std::filesystem::path& path, const std::string& display,
              TrajectorySink* sink) const override {
    return ReadOneDocument(path, display, sink, [&](JsonValue root) -> Result<Trajectory> {
      JsonValue events = root;
      for (const char* key : {"events", "history"}) {
        if (std::optional<JsonValue> list = Field(root, key)) events = *list;
      }
      if (!events.is_array()) {
        return Status::InvalidArgument(
            fmt::format("expected a list of events, got {}", JsonTypeName(events)));
      }
      return Convert(events, display);
    });
  }
};

}  // namespace

const FormatReader& OpenHandsReader() {
  static const OpenHands reader;
  return reader;
}

}  // namespace t2s
