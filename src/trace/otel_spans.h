// OTLP JSON trace exports (ExportTraceServiceRequest: {"resourceSpans": [...]}),
// as written by the OpenTelemetry collector's file exporter, Langfuse, Phoenix,
// Logfire and agent SDKs, parsed into typed spans. Attribute values are kept as
// text: strings as they are, other values as compact JSON.
#ifndef T2S_TRACE_OTEL_SPANS_H_
#define T2S_TRACE_OTEL_SPANS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/result.h"
#include "trace/json_input.h"

namespace t2s {

// A span event ({"name", "timeUnixNano", "attributes"}), or a log record
// with an event name that names the span (the Events API form of the GenAI
// message events); its body, if any, as JSON text.
struct OtelEvent {
  std::string name;
  uint64_t time_ns = 0;
  std::map<std::string, std::string> attributes;
  std::string body;  // "" when the event has none
};

struct OtelSpan {
  std::string trace_id;
  std::string span_id;
  std::string parent_span_id;
  std::string name;
  uint64_t start_ns = 0;
  uint64_t end_ns = 0;
  bool error = false;          // status code ERROR (2 or "STATUS_CODE_ERROR")
  std::string status_message;  // status.message
  std::map<std::string, std::string> attributes;  // span attributes over resource attributes
  std::vector<OtelEvent> events;                  // in time order

  // The attribute `key`, or "" when absent.
  const std::string& Attr(const std::string& key) const;
  bool Has(const std::string& key) const { return attributes.count(key) != 0; }
};

// Appends the spans of one export request to `spans`. Errors name the field:
//   field "resourceSpans[0].scopeSpans[1].spans[2].traceId": missing
Status AppendOtlpSpans(JsonValue request, std::vector<OtelSpan>* spans);

// An OTLP log record that is an event of a span: its trace and span ids.
struct OtelLogEvent {
  std::string trace_id;
  std::string span_id;
  OtelEvent event;
};

// Appends the named events of one logs export request ({"resourceLogs":
// [...]}): records with an "eventName" or an "event.name" attribute and a
// span id. Others are not part of any span and are left out.
void AppendOtlpLogEvents(JsonValue request, std::vector<OtelLogEvent>* events);

// Adds each log event to the span it names, keeping each span's events in
// time order; events of spans not in `spans` are dropped.
void AttachLogEvents(std::vector<OtelLogEvent> events, std::vector<OtelSpan>* spans);

}  // namespace t2s

#endif  // T2S_TRACE_OTEL_SPANS_H_
