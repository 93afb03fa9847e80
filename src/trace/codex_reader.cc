// Codex CLI rollout JSONL (~/.codex/sessions/.../rollout-*.jsonl): lines of
// {"timestamp", "type": "session_meta"|"turn_context"|"response_item"|
// "event_msg", "payload"}; older rollouts put the items at top level.
// Response items: message, reasoning, function_call / function_call_output,
// custom_tool_call / custom_tool_call_output, local_shell_call.
#include <fmt/format.h>

#include "base/text.h"
#include "trace/json_input.h"
#include "trace/message_steps.h"
#include "trace/readers.h"

namespace t2s {
namespace {

// Injected context that Codex sends as user messages.
bool IsContextMessage(std::string_view text) {
  std::string_view t = Trim(text);
  return t.substr(0, 21) == "<environment_context>" || t.substr(0, 19) == "<user_instructions>" ||
         t.substr(0, 12) == "# AGENTS.md ";
}

// Tool output: a string, possibly JSON {"output": "...", "metadata": {"exit_code": N}},
// or an object {"content": ..., "success": bool}.
void FillOutput(std::optional<JsonValue> output, Step* step) {
  if (!output) return;
  std::string_view text;
  if (!output->get_string().get(text)) {
    thread_local simdjson::dom::parser inner;
    std::string padded(text);
    padded.reserve(padded.size() + simdjson::SIMDJSON_PADDING);
    JsonValue parsed;
    if (!inner.parse(padded.data(), padded.size(), false).get(parsed) && Field(parsed, "output")) {
      step->content = StringField(parsed, "output");
      if (std::optional<JsonValue> meta = Field(parsed, "metadata")) {
        if (std::optional<JsonValue> code = Field(*meta, "exit_code")) {
          step->is_error = NumberOf(*code).value_or(0) != 0;
        }
      }
    } else {
      step->content = std::string(text);
    }
  } else {
    step->content = StringField(*output, "content");
    step->is_error = !BoolField(*output, "success", true);
  }
  step->is_error = step->is_error || LooksLikeError(step->content);
}

class Codex final : public FormatReader {
 public:
  std::string_view name() const override { return "codex"; }
  bool Detect(std::string_view head, const std::filesystem::path&) const override {
    return HeadStartsWith(head, "{") &&
           ((HeadHas(head, "\"session_meta\"") || HeadHas(head, "\"response_item\"")) ||
            // Older rollouts: items at top level, one per line. A whole JSON
            // document holding these words (tau2-bench results) is not one.
            (HeadIsJsonLines(head) && HeadHas(head, "\"instructions\"") &&
             HeadHas(head, "\"function_call\"")));
  }
  Status Read(const std::filesystem::path& path, const std::string& display,
              TrajectorySink* sink) const override {
    Trajectory t;
    T2S_RETURN_IF_ERROR(ForEachJsonLine(path, display, sink, [&](size_t line, JsonValue record) {
      std::string type = StringField(record, "type");
      std::optional<JsonValue> payload = Field(record, "payload");
      JsonValue item = payload.value_or(record);
      if (type == "session_meta" ||
          (t.id.empty() && Field(item, "instructions") && Field(item, "id"))) {
        t.id = StringField(item, "id");
        if (std::string cwd = StringField(item, "cwd"); !cwd.empty()) t.metadata["cwd"] = cwd;
        return;
      }
      if (type == "turn_context") {
        if (std::string model = StringField(item, "model"); !model.empty())
          t.metadata["model"] = model;
        return;
      }
      if (type != "response_item" && payload) return;  // event_msg and others
      std::string kind = StringField(item, "type");
      Step step;
      if (kind == "message") {
        std::string role = StringField(item, "role");
        if (std::optional<JsonValue> c = Field(item, "content")) step.content = ContentText(*c);
        if (role == "assistant") {
          step.role = Role::kAssistant;
        } else if (role == "user") {
          step.role = IsContextMessage(step.content) ? Role::kSystem : Role::kUser;
        } else if (role == "system" || role == "developer") {
          step.role = Role::kSystem;
        } else {
          return sink->Skip(fmt::format("{}:{}", display, line),
                            fmt::format("field \"payload.role\": unknown role \"{}\"", role));
        }
      } else if (kind == "reasoning") {
        step.role = Role::kAssistant;
        for (const char* key : {"summary", "content"}) {
          std::optional<JsonValue> parts = Field(item, key);
          if (!parts || !parts->is_array()) continue;
          for (JsonValue part : ArrayOrEmpty(*parts)) {
            std::string text = StringField(part, "text");
            if (!text.empty()) step.reasoning += (step.reasoning.empty() ? "" : "\n") + text;
          }
        }
        if (step.reasoning.empty()) return;  // encrypted only
      } else if (kind == "function_call" || kind == "custom_tool_call" ||
                 kind == "local_shell_call") {
        step.role = Role::kAssistant;
        ToolCall call;
        call.id = StringField(item, "call_id");
        call.name = kind == "local_shell_call" ? "shell" : StringField(item, "name");
        const char* args = kind == "function_call"      ? "arguments"
                           : kind == "custom_tool_call" ? "input"
                                                        : "action";
        if (std::optional<JsonValue> a = Field(item, args)) call.arguments = ArgumentsJson(*a);
        step.tool_calls.push_back(std::move(call));
      } else if (kind == "function_call_output" || kind == "custom_tool_call_output") {
        step.role = Role::kTool;
        step.tool_call_id = StringField(item, "call_id");
        FillOutput(Field(item, "output"), &step);
      } else {
        return;  // web_search_call and other items without text for analysis
      }
      // A reasoning item and the call or message after it are one assistant turn.
      if (step.role == Role::kAssistant && !t.steps.empty() &&
          t.steps.back().role == Role::kAssistant && t.steps.back().tool_calls.empty() &&
          t.steps.back().content.empty()) {
        Step& prev = t.steps.back();
        prev.content = step.content;
        prev.tool_calls = std::move(step.tool_calls);
        if (!step.reasoning.empty()) prev.reasoning += "\n" + step.reasoning;
        return;
      }
      t.steps.push_back(std::move(step));
    }));
    if (t.steps.empty()) {
      sink->Skip(display, "no messages or tool calls in the rollout");
      return Status::Ok();
    }
    NameToolResults(&t.steps);
    t.task = FirstUserText(t.steps);
    t.metadata["format"] = "codex";
    t.metadata["file"] = display;
    if (t.id.empty()) t.id = ContentId(t);
    sink->Add(std::move(t));
    return Status::Ok();
  }
};

}  // namespace

const FormatReader& CodexReader() {
  static const Codex reader;
  return reader;
}

}  // namespace t2s
