// SWE-agent .traj: {"trajectory": [{response, thought, action, observation,
// state, query}], "history": [messages], "info": {exit_status, submission,
// model_stats}}.
//
// With function calling (SWE-agent 1.x, the default since 1.0), the history
// holds the model's own calls: assistant items {"thought", "action",
// "tool_calls": [OpenAI tool calls], "thinking_blocks"} and the observations
// answering them as {"role": "tool", "tool_call_ids": [id]}. They are read
// from the history: each call with the model's own name and arguments, each
// result with the raw observation of its trajectory entry (the history holds
// it wrapped in the observation template). Demonstrations ("is_demo") are
// not part of the run.
//
// Without tool calls (the thought/action text form of 0.x and of 1.x
// configs without function calling), each trajectory entry becomes an
// assistant step (the thought as reasoning, the action as a "bash" tool
// call: SWE-agent runs it in its shell, its own commands included) and a tool
// step (the observation).
//
// The instance's resolution is decided outside SWE-agent: a "resolved"
// field or the SWE-bench report.json beside the file gives it
// (swe_bench_label.h), else --labels.
#include <fmt/format.h>

#include "base/json_writer.h"
#include "trace/json_input.h"
#include "trace/message_steps.h"
#include "trace/readers.h"
#include "trace/swe_bench_label.h"

namespace t2s {
namespace {

// Task, id, outcome and metadata: the same for both forms.
Trajectory Finish(JsonValue doc, const std::filesystem::path& path, const std::string& display,
                  Trajectory t);

// SWE-agent's own failure messages that do not start like an error.
bool IsSweAgentError(const std::string& observation) {
  return LooksLikeError(observation) ||
         (observation.rfind("The command '", 0) == 0 &&
          observation.find("was cancelled because it took more than") != std::string::npos);
}

bool HasToolCalls(JsonValue history) {
  for (JsonValue m : ArrayOrEmpty(history)) {
    if (BoolField(m, "is_demo", false) || StringField(m, "role") != "assistant") continue;
    std::optional<JsonValue> calls = Field(m, "tool_calls");
    if (calls && calls->is_array() && ArrayOrEmpty(*calls).size() != 0) return true;
  }
  return false;
}

// The steps of a function-calling history; `entries` are the trajectory
// entries, the k-th answering the k-th assistant item.
Result<std::vector<Step>> HistorySteps(JsonValue history, JsonValue entries) {
  std::vector<std::string> observations, actions;
  for (JsonValue e : ArrayOrEmpty(entries)) {
    observations.push_back(StringField(e, "observation"));
    actions.push_back(StringField(e, "action"));
  }
  std::vector<Step> steps;
  size_t i = 0, action = 0;
  std::string last_action;  // the action of the last assistant item
  size_t last_entry = 0;    // 1 + its trajectory entry, 0 for none
  for (JsonValue m : ArrayOrEmpty(history)) {
    std::string path = fmt::format("history[{}]", i++);
    if (BoolField(m, "is_demo", false)) continue;
    T2S_ASSIGN_OR_RETURN(Step step, StepFromOpenAIMessage(m, path));
    if (step.role == Role::kAssistant) {
      std::string thinking;
      if (std::optional<JsonValue> blocks = Field(m, "thinking_blocks")) {
        for (JsonValue b : ArrayOrEmpty(*blocks)) {
          std::string text = StringField(b, "thinking");
          if (!text.empty()) thinking += (thinking.empty() ? "" : "\n") + text;
        }
      }
      std::string thought = StringField(m, "thought");
      if (!thought.empty() && thought == step.content) step.content.clear();
      if (!thought.empty()) thinking += (thinking.empty() ? "" : "\n") + thought;
      if (!thinking.empty()) step.reasoning = thinking;
      last_action = StringField(m, "action");
      last_entry = action < actions.size() && actions[action] == last_action ? action + 1 : 0;
      ++action;
    } else if (step.role == Role::kTool) {
      if (step.tool_call_id.empty()) {
        if (std::optional<JsonValue> ids = Field(m, "tool_call_ids")) {
          for (JsonValue id : ArrayOrEmpty(*ids)) {
            if (id.is_string()) step.tool_call_id = std::string(id.get_string().value());
            break;
          }
        }
      }
      if (last_entry > 0) step.content = observations[last_entry - 1];
      step.is_error = IsSweAgentError(step.content);
    }
    steps.push_back(std::move(step));
  }
  NameToolResults(&steps);
  return steps;
}

Result<Trajectory> Convert(JsonValue doc, const std::filesystem::path& path,
                           const std::string& display) {
  std::optional<JsonValue> entries = Field(doc, "trajectory");
  if (!entries || !entries->is_array())
    return Status::InvalidArgument("field \"trajectory\": expected array");
  Trajectory t;
  if (std::optional<JsonValue> history = Field(doc, "history");
      history && history->is_array() && HasToolCalls(*history)) {
    T2S_ASSIGN_OR_RETURN(t.steps, HistorySteps(*history, *entries));
    return Finish(doc, path, display, std::move(t));
  }
  // The system prompt and the issue come from the history's first messages.
  if (std::optional<JsonValue> history = Field(doc, "history"); history && history->is_array()) {
    for (JsonValue m : ArrayOrEmpty(*history)) {
      std::string role = StringField(m, "role");
      if (role != "system" && role != "user") break;
      Step s;
      s.role = role == "system" ? Role::kSystem : Role::kUser;
      if (std::optional<JsonValue> c = Field(m, "content")) s.content = ContentText(*c);
      t.steps.push_back(std::move(s));
      if (role == "user") break;
    }
  }
  size_t i = 0;
  for (JsonValue e : ArrayOrEmpty(*entries)) {
    ++i;
    if (!e.is_object()) {
      return Status::InvalidArgument(
          fmt::format("field \"trajectory[{}]\": expected object, got {}", i - 1, JsonTypeName(e)));
    }
    Step act;
    act.role = Role::kAssistant;
    act.reasoning = StringField(e, "thought");
    if (act.reasoning.empty()) act.content = StringField(e, "response");
    ToolCall call;
    call.id = fmt::format("a{}", i);
    call.name = "bash";
    JsonWriter args;
    args.BeginObject().Key("command").String(StringField(e, "action")).EndObject();
    call.arguments = args.Take();
    act.tool_calls.push_back(std::move(call));
    t.steps.push_back(std::move(act));
    Step obs;
    obs.role = Role::kTool;
    obs.tool_call_id = fmt::format("a{}", i);
    obs.name = "bash";
    obs.content = StringField(e, "observation");
    obs.is_error = IsSweAgentError(obs.content);
    t.steps.push_back(std::move(obs));
  }
  return Finish(doc, path, display, std::move(t));
}

Trajectory Finish(JsonValue doc, const std::filesystem::path& path, const std::string& display,
                  Trajectory t) {
  t.task = FirstUserText(t.steps);
  t.id = FileStem(display);
  if (std::optional<JsonValue> info = Field(doc, "info"))
    t.outcome.detail = StringField(*info, "exit_status");
  t.metadata["format"] = "swe-agent";
  t.metadata["file"] = display;
  ApplySweBenchLabel(path, doc, t.id, &t);
  return t;
}

class SweAgent final : public FormatReader {
 public:
  std::string_view name() const override { return "swe-agent"; }
  bool Detect(std::string_view head, const std::filesystem::path&) const override {
    return HeadStartsWith(head, "{") && HeadHas(head, "\"trajectory\"") &&
           HeadHas(head, "\"observation\"") && HeadHas(head, "\"action\"");
  }
  Status Read(const std::filesystem::path& path, const std::string& display,
              TrajectorySink* sink) const override {
    return ReadOneDocument(path, display, sink,
                           [&](JsonValue root) { return Convert(root, path, display); });
  }
};

}  // namespace

const FormatReader& SweAgentReader() {
  static const SweAgent reader;
  return reader;
}

}  // namespace t2s
