#include "trace/otel_spans.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

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

void SortEvents(std::vector<OtelEvent>* events) {
  std::stable_sort(events->begin(), events->end(),
                   [](const OtelEvent& a, const OtelEvent& b) { return a.time_ns < b.time_ns; });
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
  if (std::optional<JsonValue> events = Field(span, "events")) {
    for (JsonValue e : ArrayOrEmpty(*events)) {
      OtelEvent event;
      event.name = StringField(e, "name");
      event.time_ns = Nanos(e, "timeUnixNano");
      ReadAttributes(e, &event.attributes);
      if (std::optional<JsonValue> body = Field(e, "body")) event.body = AnyValueJson(*body);
      s.events.push_back(std::move(event));
    }
    SortEvents(&s.events);
  }
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

void AppendOtlpLogEvents(JsonValue request, std::vector<OtelLogEvent>* events) {
  for (JsonValue rl : ArrayOrEmpty(Field(request, "resourceLogs").value_or(request))) {
    for (JsonValue scope : ArrayOrEmpty(Field(rl, "scopeLogs").value_or(rl))) {
      for (JsonValue record : ArrayOrEmpty(Field(scope, "logRecords").value_or(scope))) {
        OtelLogEvent e;
        e.trace_id = StringField(record, "traceId");
        e.span_id = StringField(record, "spanId");
        ReadAttributes(record, &e.event.attributes);
        e.event.name = StringField(record, "eventName");
        if (e.event.name.empty()) {
          auto it = e.event.attributes.find("event.name");
          if (it != e.event.attributes.end()) e.event.name = it->second;
        }
        if (e.event.name.empty() || e.span_id.empty()) continue;
        e.event.time_ns = Nanos(record, "timeUnixNano");
        if (e.event.time_ns == 0) e.event.time_ns = Nanos(record, "observedTimeUnixNano");
        if (std::optional<JsonValue> body = Field(record, "body")) e.event.body = AnyValueJson(*body);
        events->push_back(std::move(e));
      }
    }
  }
}

void AttachLogEvents(std::vector<OtelLogEvent> events, std::vector<OtelSpan>* spans) {
  if (events.empty()) return;
  std::unordered_map<std::string, OtelSpan*> by_id;
  for (OtelSpan& s : *spans) by_id.emplace(s.trace_id + "/" + s.span_id, &s);
  std::vector<OtelSpan*> touched;
  for (OtelLogEvent& e : events) {
    auto it = by_id.find(e.trace_id + "/" + e.span_id);
    if (it == by_id.end()) continue;
    it->second->events.push_back(std::move(e.event));
    touched.push_back(it->second);
  }
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  for (OtelSpan* s : touched) SortEvents(&s->events);
}

}  // namespace t2s
