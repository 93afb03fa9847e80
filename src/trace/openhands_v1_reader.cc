// OpenHands V1 (software-agent-sdk) conversation folders: base_state.json
// (the conversation's id, agent and llm) beside events/event-<n>-<id>.json,
// one event per file: SystemPromptEvent, MessageEvent {source, llm_message},
// ActionEvent {thought, reasoning_content, tool_call: {id, name, arguments}},
// ObservationEvent {tool_call_id, tool_name, observation: {content, is_error,
// exit_code}}, AgentErrorEvent, UserRejectObservation, and state updates.
// The conversation is read through base_state.json; its event files are
// claimed by this reader so no other reader takes one event for a trajectory.
#include <fmt/format.h>

#include <algorithm>

#include "base/file_io.h"
#include "trace/json_input.h"
#include "trace/message_steps.h"
#include "trace/readers.h"

namespace t2s {
namespace fs = std::filesystem;
namespace {

std::string Texts(std::optional<JsonValue> content) { return content ? ContentText(*content) : ""; }

// Adds the steps of one event; false for an event kind that is not a turn.
void AddEvent(JsonValue e, std::vector<Step>* steps) {
  std::string kind = StringField(e, "kind");
  Step step;
  if (kind == "SystemPromptEvent") {
    step.role = Role::kSystem;
    std::optional<JsonValue> prompt = Field(e, "system_prompt");
    step.content = prompt ? (prompt->is_string() ? StringField(e, "system_prompt")
                                                 : StringField(*prompt, "text"))
                          : "";
  } else if (kind == "MessageEvent") {
    std::optional<JsonValue> m = Field(e, "llm_message");
    if (!m) return;
    step.role = StringField(*m, "role") == "assistant" ? Role::kAssistant : Role::kUser;
    step.content = Texts(Field(*m, "content"));
    step.reasoning = StringField(*m, "reasoning_content");
  } else if (kind == "ActionEvent") {
    step.role = Role::kAssistant;
    step.content = Texts(Field(e, "thought"));
    step.reasoning = StringField(e, "reasoning_content");
    ToolCall call;
    std::optional<JsonValue> tc = Field(e, "tool_call");
    call.id = StringField(e, "tool_call_id");
    call.name = StringField(e, "tool_name");
    if (tc) {
      if (std::optional<JsonValue> a = Field(*tc, "arguments")) call.arguments = ArgumentsJson(*a);
    }
    step.tool_calls.push_back(std::move(call));
    // Parallel calls of one response are separate events: one assistant turn.
    if (!steps->empty() && steps->back().role == Role::kAssistant &&
        !steps->back().tool_calls.empty() && step.content.empty() && step.reasoning.empty()) {
      steps->back().tool_calls.push_back(std::move(step.tool_calls.front()));
      return;
    }
  } else if (kind == "ObservationEvent" || kind == "AgentErrorEvent" ||
             kind == "UserRejectObservation") {
    step.role = Role::kTool;
    step.tool_call_id = StringField(e, "tool_call_id");
    step.name = StringField(e, "tool_name");
    if (kind == "AgentErrorEvent") {
      step.content = StringField(e, "error");
      step.is_error = true;
    } else if (kind == "UserRejectObservation") {
      step.content = "Action rejected: " + StringField(e, "rejection_reason");
      step.is_error = true;
    } else {
      std::optional<JsonValue> obs = Field(e, "observation");
      JsonValue o = obs.value_or(e);
      step.content = Texts(Field(o, "content"));
      std::optional<JsonValue> code = Field(o, "exit_code");
      step.is_error = BoolField(o, "is_error", false) ||
                      (code && NumberOf(*code).value_or(0) != 0 && NumberOf(*code).value_or(0) != -1);
    }
  } else {
    return;  // state updates, condensations, pauses: not turns
  }
  steps->push_back(std::move(step));
}

bool IsEventFile(const fs::path& path) {
  return path.parent_path().filename() == "events" && path.extension() == ".json" &&
         fs::exists(path.parent_path().parent_path() / "base_state.json");
}

class OpenHandsV1 final : public FormatReader {
 public:
  std::string_view name() const override { return "openhands-v1"; }
  bool Detect(std::string_view head, const fs::path& path) const override {
    if (!HeadStartsWith(head, "{")) return false;
    if (path.filename() == "base_state.json") return HeadHas(head, "\"agent\"");
    return IsEventFile(path) && HeadHas(head, "\"kind\"");
  }
  Status Read(const fs::path& path, const std::string& display,
              TrajectorySink* sink) const override {
    if (path.filename() != "base_state.json") return Status::Ok();  // read with its folder
    JsonDocument state;
    T2S_RETURN_IF_ERROR(state.Load(path, display));
    fs::path events_dir = path.parent_path() / "events";
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(events_dir, ec)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    // event-00012-<id>.json: the zero-padded index orders them.
    std::sort(files.begin(), files.end());
    Trajectory t;
    std::string events_display =
        (fs::path(display).parent_path() / "events").string();
    for (const fs::path& f : files) {
      JsonDocument event;
      std::string where = events_display + "/" + f.filename().string();
      Status st = event.Load(f, where);
      if (!st.ok()) {
        sink->Skip(where, st.message().substr(std::min(st.message().size(), where.size() + 2)));
        continue;
      }
      AddEvent(event.root(), &t.steps);
    }
    if (t.steps.empty()) {
      sink->Skip(display, files.empty() ? "no events/ folder beside it" : "no turns in events/");
      return Status::Ok();
    }
    NameToolResults(&t.steps);
    JsonValue root = state.root();
    t.id = StringField(root, "id");
    t.task = FirstUserText(t.steps);
    if (t.id.empty()) t.id = ContentId(t);
    t.metadata["format"] = "openhands-v1";
    t.metadata["file"] = display;
    t.metadata["events"] = std::to_string(files.size());
    if (std::optional<JsonValue> agent = Field(root, "agent")) {
      if (std::optional<JsonValue> llm = Field(*agent, "llm")) {
        if (std::string model = StringField(*llm, "model"); !model.empty())
          t.metadata["model"] = model;
      }
    }
    if (std::string status = StringField(root, "execution_status"); !status.empty())
      t.metadata["execution_status"] = status;
    sink->Add(std::move(t));
    return Status::Ok();
  }
};

}  // namespace

const FormatReader& OpenHandsV1Reader() {
  static const OpenHandsV1 reader;
  return reader;
}

}  // namespace t2s
