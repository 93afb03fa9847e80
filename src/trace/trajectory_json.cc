#include "trace/trajectory_json.h"

#include <fmt/format.h>

#include "base/json_writer.h"
#include "trace/json_input.h"

namespace t2s {
namespace {

Status FieldError(const std::string& field, std::string_view expected, JsonValue got) {
  return Status::InvalidArgument(
      fmt::format("field \"{}\": expected {}, got {}", field, expected, JsonTypeName(got)));
}

// Reads an optional string field; a present non-string is an error.
Status ReadString(JsonValue obj, std::string_view key, const std::string& path, std::string* out) {
  std::optional<JsonValue> v = Field(obj, key);
  if (!v) return Status::Ok();
  std::string_view s;
  if (v->get_string().get(s)) return FieldError(path + std::string(key), "string", *v);
  out->assign(s);
  return Status::Ok();
}

Result<Step> StepFromJsonAt(JsonValue j, const std::string& path);

// The common case without building the field path; on any problem the step
// is read again with its path, for the message.
Result<Step> StepFromJson(JsonValue j, size_t index) {
  Step step;
  std::string_view role, s;
  JsonValue v;
  simdjson::dom::object obj;
  if (j.get_object().get(obj) || obj.at_key("role").get(v) || v.get_string().get(role)) {
    return StepFromJsonAt(j, fmt::format("steps[{}]", index));
  }
  std::optional<Role> parsed = ParseRole(role);
  bool simple = parsed.has_value();
  if (simple) step.role = *parsed;
  for (auto [key, value] : obj) {
    if (!simple) break;
    if (key == "content") {
      if (value.get_string().get(s)) {
        simple = false;
        break;
      }
      step.content.assign(s);
    } else if (key == "reasoning" || key == "tool_call_id" || key == "name") {
      if (value.get_string().get(s)) {
        simple = false;
        break;
      }
      (key == "reasoning" ? step.reasoning
       : key == "name"    ? step.name
                          : step.tool_call_id)
          .assign(s);
    } else if (key == "is_error") {
      simple = !value.get_bool().get(step.is_error);
    } else if (key == "tool_calls") {
      simdjson::dom::array calls;
      simple = !value.get_array().get(calls);
      for (JsonValue c : simple ? calls : ArrayOrEmpty(value)) {
        ToolCall call;
        std::string_view id, name;
        simdjson::dom::object co;
        if (c.get_object().get(co) || co.at_key("name").get_string().get(name) || name.empty()) {
          simple = false;
          break;
        }
        JsonValue id_value, args;
        if (!co.at_key("id").get(id_value) && !IsNull(id_value)) {
          if (id_value.get_string().get(id)) {
            simple = false;
            break;
          }
          call.id.assign(id);
        }
        call.name.assign(name);
        if (!co.at_key("arguments").get(args)) call.arguments = ArgumentsJson(args);
        step.tool_calls.push_back(std::move(call));
      }
    }
  }
  if (!simple) return StepFromJsonAt(j, fmt::format("steps[{}]", index));
  return step;
}

Result<Step> StepFromJsonAt(JsonValue j, const std::string& path) {
  if (j.type() != simdjson::dom::element_type::OBJECT) return FieldError(path, "object", j);
  Step step;
  std::string role;
  T2S_RETURN_IF_ERROR(ReadString(j, "role", path + ".", &role));
  std::optional<Role> parsed = ParseRole(role);
  if (!parsed) {
    return Status::InvalidArgument(
        fmt::format("field \"{}.role\": expected one of system, user, assistant, tool, got \"{}\"",
                    path, role));
  }
  step.role = *parsed;
  if (std::optional<JsonValue> content = Field(j, "content")) {
    auto type = content->type();
    if (type != simdjson::dom::element_type::STRING && type != simdjson::dom::element_type::ARRAY) {
      return FieldError(path + ".content", "string", *content);
    }
    step.content = ContentText(*content);
  }
  T2S_RETURN_IF_ERROR(ReadString(j, "reasoning", path + ".", &step.reasoning));
  T2S_RETURN_IF_ERROR(ReadString(j, "tool_call_id", path + ".", &step.tool_call_id));
  T2S_RETURN_IF_ERROR(ReadString(j, "name", path + ".", &step.name));
  if (std::optional<JsonValue> e = Field(j, "is_error")) {
    if (e->get_bool().get(step.is_error)) return FieldError(path + ".is_error", "boolean", *e);
  }
  if (std::optional<JsonValue> calls = Field(j, "tool_calls")) {
    simdjson::dom::array list;
    if (calls->get_array().get(list)) return FieldError(path + ".tool_calls", "array", *calls);
    size_t i = 0;
    for (JsonValue c : list) {
      std::string cpath = fmt::format("{}.tool_calls[{}]", path, i++);
      if (c.type() != simdjson::dom::element_type::OBJECT) return FieldError(cpath, "object", c);
      ToolCall call;
      T2S_RETURN_IF_ERROR(ReadString(c, "id", cpath + ".", &call.id));
      T2S_RETURN_IF_ERROR(ReadString(c, "name", cpath + ".", &call.name));
      if (call.name.empty())
        return Status::InvalidArgument(fmt::format("field \"{}.name\": missing", cpath));
      if (std::optional<JsonValue> a = Field(c, "arguments")) call.arguments = ArgumentsJson(*a);
      step.tool_calls.push_back(std::move(call));
    }
  }
  return step;
}

Status ReadOutcome(JsonValue o, Outcome* out) {
  if (o.type() != simdjson::dom::element_type::OBJECT) return FieldError("outcome", "object", o);
  std::string label;
  T2S_RETURN_IF_ERROR(ReadString(o, "label", "outcome.", &label));
  if (!label.empty()) {
    std::optional<Label> parsed = ParseLabel(label);
    if (!parsed) {
      return Status::InvalidArgument(fmt::format(
          "field \"outcome.label\": expected success, fail or unknown, got \"{}\"", label));
    }
    out->label = *parsed;
  }
  if (std::optional<JsonValue> r = Field(o, "reward")) {
    double d = 0;
    if (r->get_double().get(d)) return FieldError("outcome.reward", "number", *r);
    out->reward = d;
  }
  T2S_RETURN_IF_ERROR(ReadString(o, "detail", "outcome.", &out->detail));
  return ReadString(o, "source", "outcome.", &out->source);
}

}  // namespace

Result<Trajectory> TrajectoryFromJson(JsonValue j) {
  if (j.type() != simdjson::dom::element_type::OBJECT) return FieldError("$", "object", j);
  Trajectory t;
  std::string schema;
  T2S_RETURN_IF_ERROR(ReadString(j, "schema", "", &schema));
  if (!schema.empty() && schema != kTrajectorySchema) {
    return Status::InvalidArgument(
        fmt::format("field \"schema\": expected \"{}\", got \"{}\"", kTrajectorySchema, schema));
  }
  T2S_RETURN_IF_ERROR(ReadString(j, "id", "", &t.id));
  if (t.id.empty()) return Status::InvalidArgument("field \"id\": missing");
  T2S_RETURN_IF_ERROR(ReadString(j, "task", "", &t.task));
  if (std::optional<JsonValue> o = Field(j, "outcome"))
    T2S_RETURN_IF_ERROR(ReadOutcome(*o, &t.outcome));
  if (std::optional<JsonValue> m = Field(j, "metadata")) {
    simdjson::dom::object meta;
    if (m->get_object().get(meta)) return FieldError("metadata", "object", *m);
    for (auto [key, value] : meta) {
      std::string_view s;
      t.metadata[std::string(key)] = value.get_string().get(s) ? ToJsonText(value) : std::string(s);
    }
  }
  std::optional<JsonValue> steps = Field(j, "steps");
  if (!steps) return Status::InvalidArgument("field \"steps\": missing");
  simdjson::dom::array list;
  if (steps->get_array().get(list)) return FieldError("steps", "array", *steps);
  t.steps.reserve(list.size());
  size_t i = 0;
  for (JsonValue s : list) {
    T2S_ASSIGN_OR_RETURN(Step step, StepFromJson(s, i++));
    t.steps.push_back(std::move(step));
  }
  return t;
}

Result<Trajectory> ParseTrajectoryRecord(std::string_view json) {
  thread_local simdjson::dom::parser parser;
  std::string padded;
  padded.reserve(json.size() + simdjson::SIMDJSON_PADDING);
  padded.assign(json);
  JsonValue root;
  if (parser.parse(padded.data(), padded.size(), false).get(root)) {
    return Status::InvalidArgument(DescribeInvalidJson(json));
  }
  return TrajectoryFromJson(root);
}

namespace {

std::string Serialize(const Trajectory& t, bool with_file) {
  JsonWriter w;
  // About the size it will be (escapes add a little): one allocation, no copies.
  size_t size = 256 + t.task.size() + t.outcome.detail.size();
  for (const auto& [key, value] : t.metadata) size += key.size() + value.size() + 8;
  for (const Step& s : t.steps) {
    size += 64 + s.content.size() + s.reasoning.size() + s.name.size() + s.tool_call_id.size();
    for (const ToolCall& c : s.tool_calls) size += 48 + c.id.size() + c.name.size() + c.arguments.size();
  }
  w.Reserve(size + size / 16);
  w.BeginObject();
  w.Key("schema").String(kTrajectorySchema);
  w.Key("id").String(t.id);
  w.Key("task").String(t.task);
  w.Key("outcome").BeginObject();
  w.Key("label").String(LabelName(t.outcome.label));
  if (t.outcome.reward) w.Key("reward").Number(*t.outcome.reward);
  if (!t.outcome.detail.empty()) w.Key("detail").String(t.outcome.detail);
  if (!t.outcome.source.empty()) w.Key("source").String(t.outcome.source);
  w.EndObject();
  w.Key("metadata").BeginObject();
  for (const auto& [key, value] : t.metadata) {
    if (with_file || key != "file") w.Key(key).String(value);
  }
  w.EndObject();
  w.Key("steps").BeginArray();
  for (const Step& s : t.steps) {
    w.BeginObject();
    w.Key("role").String(RoleName(s.role));
    w.Key("content").String(s.content);
    if (!s.reasoning.empty()) w.Key("reasoning").String(s.reasoning);
    if (!s.tool_calls.empty()) {
      w.Key("tool_calls").BeginArray();
      for (const ToolCall& c : s.tool_calls) {
        // `arguments` is JSON text by construction (see ToolCall).
        w.BeginObject()
            .Key("id")
            .String(c.id)
            .Key("name")
            .String(c.name)
            .Key("arguments")
            .Raw(c.arguments);
        w.EndObject();
      }
      w.EndArray();
    }
    if (s.role == Role::kTool) {
      w.Key("tool_call_id").String(s.tool_call_id);
      w.Key("name").String(s.name);
      w.Key("is_error").Bool(s.is_error);
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

}  // namespace

std::string SerializeTrajectory(const Trajectory& t) { return Serialize(t, true); }

std::string SerializeTrajectoryContent(const Trajectory& t) { return Serialize(t, false); }

}  // namespace t2s
