// Gemini CLI sessions (~/.gemini/tmp/<project hash>/chats/session-*.json):
// {"sessionId", "projectHash", "startTime", "lastUpdated", "messages": [{id,
// timestamp, type: "user" | "gemini" | "info" | "error" | "warning", content,
// thoughts: [{subject, description}], toolCalls: [{id, name, args, result:
// [{functionResponse: {id, name, response: {output | error}}}], status,
// resultDisplay}], model}]}. A gemini message is an assistant step (thoughts
// as reasoning) followed by one tool step per call; "error" messages (API
// failures the CLI shows) are kept as system steps; info and warnings are not.
#include <fmt/format.h>

#include "trace/json_input.h"
#include "trace/message_steps.h"
#include "trace/readers.h"

namespace t2s {
namespace {

Step ToolResult(JsonValue call) {
  Step step;
  step.role = Role::kTool;
  step.tool_call_id = StringField(call, "id");
  step.name = StringField(call, "name");
  std::string status = StringField(call, "status");
  step.is_error = status == "error" || status == "cancelled";
  for (JsonValue part : ArrayOrEmpty(Field(call, "result").value_or(call))) {
    std::optional<JsonValue> fr = Field(part, "functionResponse");
    std::optional<JsonValue> response = fr ? Field(*fr, "response") : std::nullopt;
    if (!response) continue;
    for (const char* key : {"output", "error"}) {
      std::optional<JsonValue> v = Field(*response, key);
      if (!v) continue;
      if (!step.content.empty()) step.content += "\n";
      step.content += v->is_string() ? StringField(*response, key) : ToJsonText(*v);
      if (std::string_view(key) == "error") step.is_error = true;
    }
  }
  if (step.content.empty()) step.content = StringField(call, "resultDisplay");
  if (status == "cancelled" && step.content.empty()) step.content = "(cancelled)";
  return step;
}

Result<Trajectory> Convert(JsonValue root, const std::string& display) {
  std::optional<JsonValue> messages = Field(root, "messages");
  if (!messages || !messages->is_array()) {
    return Status::InvalidArgument("field \"messages\": expected array");
  }
  Trajectory t;
  size_t i = 0;
  for (JsonValue m : ArrayOrEmpty(*messages)) {
    std::string type = StringField(m, "type");
    std::string content;
    if (std::optional<JsonValue> c = Field(m, "content")) content = ContentText(*c);
    if (type == "user") {
      Step step;
      step.role = Role::kUser;
      step.content = std::move(content);
      t.steps.push_back(std::move(step));
    } else if (type == "gemini") {
      Step step;
      step.role = Role::kAssistant;
      step.content = std::move(content);
      for (JsonValue thought : ArrayOrEmpty(Field(m, "thoughts").value_or(m))) {
        std::string subject = StringField(thought, "subject");
        std::string text = StringField(thought, "description");
        if (!step.reasoning.empty()) step.reasoning += "\n";
        step.reasoning += subject.empty() ? text : subject + ": " + text;
      }
      std::vector<Step> results;
      for (JsonValue call : ArrayOrEmpty(Field(m, "toolCalls").value_or(m))) {
        ToolCall c;
        c.id = StringField(call, "id");
        c.name = StringField(call, "name");
        if (std::optional<JsonValue> args = Field(call, "args")) c.arguments = ArgumentsJson(*args);
        step.tool_calls.push_back(std::move(c));
        results.push_back(ToolResult(call));
      }
      if (t.metadata.count("model") == 0 && !StringField(m, "model").empty())
        t.metadata["model"] = StringField(m, "model");
      t.steps.push_back(std::move(step));
      for (Step& r : results) t.steps.push_back(std::move(r));
    } else if (type == "error") {
      Step step;
      step.role = Role::kSystem;
      step.content = "(Gemini CLI error) " + content;
      t.steps.push_back(std::move(step));
    } else if (type != "info" && type != "warning") {
      return Status::InvalidArgument(
          fmt::format("field \"messages[{}].type\": unknown type \"{}\"", i, type));
    }
    ++i;
  }
  if (t.steps.empty()) return Status::InvalidArgument("no messages in the session");
  t.id = StringField(root, "sessionId");
  t.task = FirstUserText(t.steps);
  if (t.id.empty()) t.id = ContentId(t);
  t.metadata["format"] = "gemini-cli";
  t.metadata["file"] = display;
  if (std::string project = StringField(root, "projectHash"); !project.empty())
    t.metadata["project_hash"] = project;
  if (std::string start = StringField(root, "startTime"); !start.empty())
    t.metadata["start_time"] = start;
  return t;
}

class GeminiCli final : public FormatReader {
 public:
  std::string_view name() const override { return "gemini-cli"; }
  bool Detect(std::string_view head, const std::filesystem::path&) const override {
    return HeadStartsWith(head, "{") && HeadHas(head, "\"sessionId\"") &&
           HeadHas(head, "\"projectHash\"") && HeadHas(head, "\"messages\"");
  }
  Status Read(const std::filesystem::path& path, const std::string& display,
              TrajectorySink* sink) const override {
    return ReadOneDocument(path, display, sink,
                           [&](JsonValue root) { return Convert(root, display); });
  }
};

}  // namespace

const FormatReader& GeminiCliReader() {
  static const GeminiCli reader;
  return reader;
}

}  // namespace t2s
