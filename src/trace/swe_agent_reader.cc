// SWE-agent .traj: {"trajectory": [{response, thought, action, observation,
// state, query}], "history": [messages], "info": {exit_status, submission,
// model_stats}}. Each trajectory entry becomes an assistant step (the
// thought as reasoning, the action as a "bash" tool call: SWE-agent runs it
// in its shell, its own commands included) and a tool step (the
// observation). The instance's resolution is decided outside SWE-agent: a
// "resolved" field or the SWE-bench report.json beside the file gives it
// (swe_bench_label.h), else --labels.
#include <fmt/format.h>

#include "base/json_writer.h"
#include "trace/json_input.h"
#include "trace/message_steps.h"
#include "trace/readers.h"
#include "trace/swe_bench_label.h"

namespace t2s {
namespace {

Result<Trajectory> Convert(JsonValue doc, const std::filesystem::path& path,
                           const std::string& display) {
  std::optional<JsonValue> entries = Field(doc, "trajectory");
  if (!entries || !entries->is_array())
    return Status::InvalidArgument("field \"trajectory\": expected array");
  Trajectory t;
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
    obs.is_error = LooksLikeError(obs.content);
    t.steps.push_back(std::move(obs));
  }
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
