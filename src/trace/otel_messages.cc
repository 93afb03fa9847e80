#include "trace/otel_messages.h"

#include <cstdlib>
#include <map>

#include "base/json_writer.h"
#include "trace/json_input.h"

namespace t2s {
namespace {

Role RoleOrUser(std::string_view name) {
  if (name == "developer") return Role::kSystem;
  if (name == "model") return Role::kAssistant;
  return ParseRole(name).value_or(Role::kUser);
}

void AppendText(std::string* to, std::string_view text) {
  if (text.empty()) return;
  if (!to->empty()) *to += "\n";
  *to += text;
}

// A text that is JSON, parsed; nullopt otherwise. The value lives in `parser`.
std::optional<JsonValue> ParseJsonText(const std::string& text, simdjson::dom::parser* parser,
                                       std::string* buffer) {
  *buffer = text;
  buffer->reserve(buffer->size() + simdjson::SIMDJSON_PADDING);
  JsonValue v;
  if (parser->parse(buffer->data(), buffer->size(), false).get(v)) return std::nullopt;
  return v;
}

// Semconv parts messages: [{"role", "parts": [...]}]; a part that answers a
// tool call becomes a tool step of its own.
std::vector<Step> PartsMessages(const std::string& text) {
  simdjson::dom::parser parser;
  std::string buffer;
  std::vector<Step> out;
  std::optional<JsonValue> list = ParseJsonText(text, &parser, &buffer);
  if (!list) return out;
  for (JsonValue m : ArrayOrEmpty(*list)) {
    Step step;
    step.role = RoleOrUser(StringField(m, "role"));
    for (JsonValue part : ArrayOrEmpty(Field(m, "parts").value_or(m))) {
      std::string type = StringField(part, "type");
      if (type == "text") {
        AppendText(&step.content, StringField(part, "content"));
      } else if (type == "reasoning") {
        AppendText(&step.reasoning, StringField(part, "content"));
      } else if (type == "tool_call") {
        ToolCall call;
        call.id = StringField(part, "id");
        call.name = StringField(part, "name");
        if (std::optional<JsonValue> a = Field(part, "arguments")) call.arguments = ArgumentsJson(*a);
        step.tool_calls.push_back(std::move(call));
      } else if (type == "tool_call_response") {
        Step result;
        result.role = Role::kTool;
        result.tool_call_id = StringField(part, "id");
        std::optional<JsonValue> r = Field(part, "response");
        if (!r) r = Field(part, "result");
        if (r) result.content = r->is_string() ? std::string(r->get_string().value()) : ToJsonText(*r);
        out.push_back(std::move(result));
      }
    }
    if (!step.content.empty() || !step.reasoning.empty() || !step.tool_calls.empty())
      out.push_back(std::move(step));
  }
  return out;
}

// Indexed attributes under `prefix` ("gen_ai.prompt." or
// "llm.input_messages."): "<i>.<rest>" with an optional "message." before rest.
std::vector<Step> IndexedMessages(const OtelSpan& span, const std::string& prefix) {
  std::map<long, std::map<std::string, std::string>> by_index;
  for (auto it = span.attributes.lower_bound(prefix);
       it != span.attributes.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    const char* begin = it->first.c_str() + prefix.size();
    char* end = nullptr;
    long index = std::strtol(begin, &end, 10);
    if (end == begin || *end != '.') continue;
    std::string rest(end + 1);
    if (rest.compare(0, 8, "message.") == 0) rest.erase(0, 8);
    by_index[index][rest] = it->second;
  }
  std::vector<Step> out;
  for (auto& [index, fields] : by_index) {
    Step step;
    step.role = RoleOrUser(fields["role"]);
    step.content = fields["content"];
    // OpenInference multimodal: contents.<k>.message_content.text
    for (const auto& [key, value] : fields) {
      if (key.compare(0, 9, "contents.") == 0 && key.size() > 22 &&
          key.compare(key.size() - 21, 21, ".message_content.text") == 0)
        AppendText(&step.content, value);
    }
    step.tool_call_id = fields["tool_call_id"];
    std::map<long, ToolCall> calls;
    for (const auto& [key, value] : fields) {
      if (key.compare(0, 11, "tool_calls.") != 0) continue;
      const char* b = key.c_str() + 11;
      char* e = nullptr;
      long j = std::strtol(b, &e, 10);
      if (e == b || *e != '.') continue;
      std::string what(e + 1);
      if (what.compare(0, 10, "tool_call.") == 0) what.erase(0, 10);
      if (what == "id") calls[j].id = value;
      if (what == "name" || what == "function.name") calls[j].name = value;
      if (what == "arguments" || what == "function.arguments") {
        simdjson::dom::parser parser;
        std::string buffer;
        std::optional<JsonValue> parsed = ParseJsonText(value, &parser, &buffer);
        if (parsed) {
          calls[j].arguments = ToJsonText(*parsed);
        } else {
          calls[j].arguments.clear();
          AppendJsonString(&calls[j].arguments, value);  // not JSON: kept as a string
        }
      }
    }
    for (auto& [j, call] : calls) step.tool_calls.push_back(std::move(call));
    out.push_back(std::move(step));
  }
  return out;
}

// Message content: a string, a list of parts ({"type":"text","text"} or
// semconv {"type":"text","content"}), or Azure AI's {"text": {"value"}}.
std::string EventContentText(JsonValue content) {
  if (content.is_string()) return std::string(content.get_string().value());
  if (content.is_array()) {
    std::string out;
    for (JsonValue part : ArrayOrEmpty(content)) {
      std::string text = part.is_string() ? std::string(part.get_string().value())
                                          : StringField(part, "text");
      if (text.empty()) text = StringField(part, "content");
      AppendText(&out, text);
    }
    return out;
  }
  if (std::optional<JsonValue> text = Field(content, "text")) {
    if (text->is_string()) return std::string(text->get_string().value());
    return StringField(*text, "value");
  }
  return content.is_object() ? ToJsonText(content) : "";
}

// One event body ({"role", "content", "tool_calls", "id"}) as a Step.
Step BodyStep(JsonValue body, Role role) {
  Step step;
  if (std::string r = StringField(body, "role"); !r.empty()) role = RoleOrUser(r);
  step.role = role;
  if (std::optional<JsonValue> c = Field(body, "content")) step.content = EventContentText(*c);
  if (role == Role::kTool) {
    step.tool_call_id = StringField(body, "id");
    if (step.tool_call_id.empty()) step.tool_call_id = StringField(body, "tool_call_id");
  }
  for (JsonValue c : ArrayOrEmpty(Field(body, "tool_calls").value_or(body))) {
    ToolCall call;
    call.id = StringField(c, "id");
    JsonValue fn = Field(c, "function").value_or(c);
    call.name = StringField(fn, "name");
    if (std::optional<JsonValue> a = Field(fn, "arguments")) call.arguments = ArgumentsJson(*a);
    if (!call.name.empty()) step.tool_calls.push_back(std::move(call));
  }
  return step;
}

// The body of an event as JSON text: its own body, its "gen_ai.event.content"
// attribute, or its flat attributes as an object.
std::string EventBody(const OtelEvent& e) {
  if (!e.body.empty() && e.body != "null") return e.body;
  if (auto it = e.attributes.find("gen_ai.event.content"); it != e.attributes.end())
    return it->second;
  std::string out = "{";
  for (const auto& [key, value] : e.attributes) {
    if (key.compare(0, 7, "gen_ai.") == 0 || key == "event.name") continue;
    if (out.size() > 1) out += ",";
    AppendJsonString(&out, key);
    out += ":";
    // Structured fields travel as JSON text; plain ones as strings.
    bool structured = (key == "tool_calls" || key == "message") && !value.empty() &&
                      (value[0] == '[' || value[0] == '{');
    if (structured) {
      out += value;
    } else {
      AppendJsonString(&out, value);
    }
  }
  return out + "}";
}

std::optional<Role> InputEventRole(std::string_view name) {
  if (name == "gen_ai.system.message") return Role::kSystem;
  if (name == "gen_ai.user.message") return Role::kUser;
  if (name == "gen_ai.assistant.message") return Role::kAssistant;
  if (name == "gen_ai.tool.message") return Role::kTool;
  return std::nullopt;
}

// OpenAI-style message list ([{"role", "content", "tool_calls"}]) as Steps.
void AppendMessageList(const std::string& text, std::vector<Step>* out) {
  simdjson::dom::parser parser;
  std::string buffer;
  std::optional<JsonValue> list = ParseJsonText(text, &parser, &buffer);
  if (!list) return;
  for (JsonValue m : ArrayOrEmpty(*list)) {
    Step s = BodyStep(Field(m, "message").value_or(m), Role::kUser);
    if (!s.content.empty() || !s.tool_calls.empty()) out->push_back(std::move(s));
  }
}

OtelMessages EventMessages(const OtelSpan& span) {
  OtelMessages m;
  for (const OtelEvent& e : span.events) {
    if (e.name == "gen_ai.content.prompt" || e.name == "gen_ai.content.completion") {
      bool prompt = e.name == "gen_ai.content.prompt";
      auto it = e.attributes.find(prompt ? "gen_ai.prompt" : "gen_ai.completion");
      if (it == e.attributes.end()) continue;
      std::vector<Step>* to = prompt ? &m.input : &m.output;
      size_t before = to->size();
      AppendMessageList(it->second, to);
      if (!prompt) {
        for (size_t i = before; i < to->size(); ++i) (*to)[i].role = Role::kAssistant;
      }
      continue;
    }
    std::optional<Role> input = InputEventRole(e.name);
    if (!input && e.name != "gen_ai.choice") continue;
    simdjson::dom::parser parser;
    std::string buffer;
    std::optional<JsonValue> body = ParseJsonText(EventBody(e), &parser, &buffer);
    if (!body || !body->is_object()) continue;
    if (input) {
      m.input.push_back(BodyStep(*body, *input));
    } else {
      Step s = BodyStep(Field(*body, "message").value_or(*body), Role::kAssistant);
      s.role = Role::kAssistant;
      m.output.push_back(std::move(s));
    }
  }
  return m;
}

}  // namespace

OtelMessages SpanMessages(const OtelSpan& span) {
  OtelMessages m;
  if (span.Has("gen_ai.input.messages") || span.Has("gen_ai.output.messages")) {
    if (span.Has("gen_ai.system_instructions")) {
      Step system;
      system.role = Role::kSystem;
      for (const Step& s : PartsMessages("[{\"role\":\"system\",\"parts\":" +
                                         span.Attr("gen_ai.system_instructions") + "}]"))
        system.content = s.content;
      if (!system.content.empty()) m.input.push_back(std::move(system));
    }
    for (Step& s : PartsMessages(span.Attr("gen_ai.input.messages"))) m.input.push_back(std::move(s));
    m.output = PartsMessages(span.Attr("gen_ai.output.messages"));
    return m;
  }
  m.input = IndexedMessages(span, "llm.input_messages.");
  m.output = IndexedMessages(span, "llm.output_messages.");
  if (m.input.empty() && m.output.empty()) {
    m.input = IndexedMessages(span, "gen_ai.prompt.");
    m.output = IndexedMessages(span, "gen_ai.completion.");
  }
  if (m.input.empty() && m.output.empty() && !span.events.empty()) m = EventMessages(span);
  return m;
}

}  // namespace t2s
