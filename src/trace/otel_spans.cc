#include "trace/otel_spans.h"

#include <fmt/format.h>

#include "base/json_writer.h"

namespace t2s {
namespace {

// An OTLP AnyValue ({"stringValue": ...}, {"intValue": "3"}, {"arrayValue":
// {"values": [...]}}, {"kvlistValue": {"values": [{"key", "value"}]}}) as JSON.
std::string AnyValueJson(JsonValue v) {
  if (std::optional<JsonValue> s = Field(v, "stringValue")) return ToJsonText(*s);
  if (std::optional<JsonValue> i = Field(v, "intValue")) {
    // int64 travels as a JSON string in OTLP JSON.
    return i->is_string() ? StringField(v, "intValue") : ToJsonText(*i);
  }
  for (const char* key : {"doubleValue", "boolValue"}) {
    if (std::optional<JsonValue> d = Field(v, key)) return ToJsonText(*d);
  }
  if (std::optional<JsonValue> a = Field(v, "arrayValue")) {
    std::string out = "[";
    for (JsonValue item : ArrayOrEmpty(Field(*a, "values").value_or(*a))) {
      if (out.size() > 1) out += ",";
      out += AnyValueJson(item);
    }
    return out + "]";
  }
  if (std::optional<JsonValue> kv = Field(v, "kvlistValue")) {
    std::string out = "{";
    for (JsonValue pair : ArrayOrEmpty(Field(*kv, "values").value_or(*kv))) {
      if (out.size() > 1) out += ",";
      AppendJsonString(&out, StringField(pair, "key"));
      out += ":";
      std::optional<JsonValue> value = Field(pair, "value");
      out += value ? AnyValueJson(*value) : "null";
    }
    return out + "}";
  }
  return "null";
}

// Attributes: [{"key": "gen_ai.request.model", "value": {"stringValue": "gpt-4o"}}].
void ReadAttributes(JsonValue owner, std::map<std::string, std::string>* out) {
  for (JsonValue kv : ArrayOrEmpty(Field(owner, "attributes").value_or(owner))) {
    std::optional<JsonValue> value = Field(kv, "value");
    if (!value) continue;
    std::string text;
    if (std::optional<JsonValue> s = Field(*value, "stringValue"); s && s->is_string()) {
      text = StringField(*value, "stringValue");
    } else {
      text = AnyValueJson(*value);
    }
    (*out)[StringField(kv, "key")] = std::move(text);
  }
}

uint64_t Nanos(JsonValue span, std::string_view key) {
  std::optional<JsonValue> v = Field(span, key);
  if (!v) return 0;
  uint64_t n = 0;
  if (!v->get_uint64().get(n)) return n;
  std::string_view s;
  if (v->get_string().get(s)) return 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n;
}

Result<OtelSpan> ReadSpan(JsonValue span, const std::map<std::string, std::string>& resource,
                          const std::string& field) {
  OtelSpan s;
  s.trace_id = StringField(span, "traceId");
  if (s.trace_id.empty()) {
    return Status::InvalidArgument(fmt::format("field \"{}.traceId\": missing", field));
  }
  s.span_id = StringField(span, "spanId");
  s.parent_span_id = StringField(span, "parentSpanId");
  s.name = StringField(span, "name");
  s.start_ns = Nanos(span, "startTimeUnixNano");
  s.end_ns = Nanos(span, "endTimeUnixNano");
  if (std::optional<JsonValue> status = Field(span, "status")) {
    std::optional<JsonValue> code = Field(*status, "code");
    s.error = code && (NumberOf(*code).value_or(0) == 2 ||
                       StringField(*status, "code") == "STATUS_CODE_ERROR");
    s.status_message = StringField(*status, "message");
  }
  s.attributes = resource;
  ReadAttributes(span, &s.attributes);
  return s;
}

}  // namespace

const std::string& OtelSpan::Attr(const std::string& key) const {
  static const std::string kEmpty;
  auto it = attributes.find(key);
  return it == attributes.end() ? kEmpty : it->second;
}

Status AppendOtlpSpans(JsonValue request, std::vector<OtelSpan>* spans) {
  std::optional<JsonValue> resource_spans = Field(request, "resourceSpans");
  if (!resource_spans || !resource_spans->is_array()) {
    return Status::InvalidArgument("field \"resourceSpans\": expected array");
  }
  size_t r = 0;
  for (JsonValue rs : ArrayOrEmpty(*resource_spans)) {
    std::map<std::string, std::string> resource;
    if (std::optional<JsonValue> res = Field(rs, "resource")) ReadAttributes(*res, &resource);
    // "instrumentationLibrarySpans": the name before OTLP 0.15.
    std::optional<JsonValue> scopes = Field(rs, "scopeSpans");
    if (!scopes) scopes = Field(rs, "instrumentationLibrarySpans");
    size_t c = 0;
    for (JsonValue scope : ArrayOrEmpty(scopes.value_or(rs))) {
      size_t i = 0;
      for (JsonValue span : ArrayOrEmpty(Field(scope, "spans").value_or(scope))) {
        std::string field = fmt::format("resourceSpans[{}].scopeSpans[{}].spans[{}]", r, c, i++);
        T2S_ASSIGN_OR_RETURN(OtelSpan s, ReadSpan(span, resource, field));
        spans->push_back(std::move(s));
      }
      ++c;
    }
    ++r;
  }
  return Status::Ok();
}

}  // namespace t2s
