// OpenTelemetry GenAI / OpenInference span exports (OTLP JSON, one export
// request per file or per line; in a JSONL export, logs requests holding the
// GenAI message events of the spans may sit beside the spans). One trace is
// one trajectory: its spans in start-time order; an LLM span gives the new
// user turns of its input and an assistant step from its output; a tool span
// gives a tool step (status ERROR -> is_error). A tool span whose call no LLM
// output recorded gets an assistant step with that call, so every result
// answers a call.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include "base/json_writer.h"
#include "trace/json_input.h"
#include "trace/message_steps.h"
#include "trace/otel_messages.h"
#include "trace/otel_spans.h"
#include "trace/readers.h"

namespace t2s {
namespace {

enum class SpanKind { kLlm, kTool, kOther };

SpanKind KindOf(const OtelSpan& s) {
  const std::string& oi = s.Attr("openinference.span.kind");
  const std::string& op = s.Attr("gen_ai.operation.name");
  if (oi == "TOOL" || op == "execute_tool") return SpanKind::kTool;
  if (oi == "LLM" || op == "chat" || op == "text_completion" || op == "generate_content" ||
      s.Has("gen_ai.output.messages") || s.Has("gen_ai.completion.0.content") ||
      s.Has("gen_ai.completion.0.role"))
    return SpanKind::kLlm;
  if (s.Has("gen_ai.tool.name") || s.Has("tool.name")) return SpanKind::kTool;
  for (const OtelEvent& e : s.events) {
    if (e.name == "gen_ai.choice" || e.name == "gen_ai.content.completion") return SpanKind::kLlm;
  }
  return SpanKind::kOther;
}

const std::string& FirstOf(const OtelSpan& s, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    if (!s.Attr(k).empty()) return s.Attr(k);
  }
  return s.Attr("");
}

class TraceBuilder {
 public:
  void Llm(const OtelSpan& span) {
    OtelMessages m = SpanMessages(span);
    // The input repeats the conversation so far: the first LLM span gives all
    // of it; later ones only what follows their last assistant message.
    size_t from = 0;
    if (seen_llm_) {
      for (size_t i = 0; i < m.input.size(); ++i) {
        if (m.input[i].role == Role::kAssistant) from = i + 1;
      }
    }
    for (size_t i = from; i < m.input.size(); ++i) {
      Step& s = m.input[i];
      if (s.role == Role::kTool && answered_.count(s.tool_call_id) != 0) continue;
      if (seen_llm_ && s.role == Role::kSystem) continue;
      Add(std::move(s));
    }
    seen_llm_ = true;
    for (Step& s : m.output) {
      s.role = s.role == Role::kTool ? Role::kTool : Role::kAssistant;
      Add(std::move(s));
    }
    if (m.output.empty() && span.error) {
      Step s;
      s.role = Role::kAssistant;
      s.content = fmt::format("(model call failed: {})", span.status_message);
      Add(std::move(s));
    }
  }

  void Tool(const OtelSpan& span) {
    Step result;
    result.role = Role::kTool;
    result.name = FirstOf(span, {"gen_ai.tool.name", "tool.name"});
    result.tool_call_id = FirstOf(span, {"gen_ai.tool.call.id", "tool_call.id", "tool.call.id"});
    result.content = FirstOf(span, {"gen_ai.tool.call.result", "output.value"});
    result.is_error = span.error;
    if (result.is_error && result.content.empty()) result.content = span.status_message;
    if (result.tool_call_id.empty()) result.tool_call_id = PendingCallNamed(result.name);
    if (result.tool_call_id.empty() || calls_.count(result.tool_call_id) == 0) {
      // No LLM output recorded this call: the tool span is the only record of it.
      ToolCall call;
      call.id = result.tool_call_id.empty() ? span.span_id : result.tool_call_id;
      call.name = result.name;
      const std::string& args = FirstOf(span, {"gen_ai.tool.call.arguments", "input.value"});
      if (!args.empty()) call.arguments = ArgumentsFromText(args);
      result.tool_call_id = call.id;
      Step assistant;
      assistant.role = Role::kAssistant;
      assistant.tool_calls.push_back(std::move(call));
      Add(std::move(assistant));
    }
    Add(std::move(result));
  }

  std::vector<Step> Finish() {
    NameToolResults(&steps_);
    return std::move(steps_);
  }

 private:
  // Arguments recorded as text: JSON when it parses, else kept as a JSON string.
  static std::string ArgumentsFromText(const std::string& text) {
    simdjson::dom::parser parser;
    simdjson::padded_string padded(text);
    JsonValue v;
    if (!parser.parse(padded).get(v)) return ToJsonText(v);
    std::string out;
    AppendJsonString(&out, text);
    return out;
  }

  std::string PendingCallNamed(const std::string& name) const {
    for (auto it = steps_.rbegin(); it != steps_.rend(); ++it) {
      for (const ToolCall& c : it->tool_calls) {
        if (c.name == name && answered_.count(c.id) == 0) return c.id;
      }
    }
    return "";
  }

  void Add(Step s) {
    for (const ToolCall& c : s.tool_calls) calls_.insert(c.id);
    if (s.role == Role::kTool) answered_.insert(s.tool_call_id);
    steps_.push_back(std::move(s));
  }

  bool seen_llm_ = false;
  std::set<std::string> calls_;
  std::set<std::string> answered_;
  std::vector<Step> steps_;
};

Trajectory BuildTrace(std::vector<const OtelSpan*> spans, const std::string& display) {
  std::stable_sort(spans.begin(), spans.end(), [](const OtelSpan* a, const OtelSpan* b) {
    return a->start_ns < b->start_ns;
  });
  Trajectory t;
  t.id = spans.front()->trace_id;
  TraceBuilder builder;
  size_t errors = 0;
  std::string root_input;
  for (const OtelSpan* s : spans) {
    if (s->error) ++errors;
    switch (KindOf(*s)) {
      case SpanKind::kLlm:
        builder.Llm(*s);
        if (t.metadata.count("model") == 0) {
          std::string model = FirstOf(*s, {"gen_ai.request.model", "gen_ai.response.model",
                                           "llm.model_name"});
          if (!model.empty()) t.metadata["model"] = model;
        }
        break;
      case SpanKind::kTool:
        builder.Tool(*s);
        break;
      case SpanKind::kOther:
        if (s->parent_span_id.empty() && root_input.empty()) root_input = s->Attr("input.value");
        if (t.metadata.count("agent") == 0 && !s->Attr("gen_ai.agent.name").empty())
          t.metadata["agent"] = s->Attr("gen_ai.agent.name");
        break;
    }
  }
  t.steps = builder.Finish();
  t.task = FirstUserText(t.steps);
  if (t.task.empty()) t.task = root_input;
  t.metadata["format"] = "otel";
  t.metadata["file"] = display;
  t.metadata["trace_id"] = t.id;
  t.metadata["spans"] = std::to_string(spans.size());
  if (errors > 0) t.metadata["error_spans"] = std::to_string(errors);
  if (const std::string& service = spans.front()->Attr("service.name"); !service.empty())
    t.metadata["service"] = service;
  return t;
}

class Otel final : public FormatReader {
 public:
  std::string_view name() const override { return "otel"; }
  bool Detect(std::string_view head, const std::filesystem::path&) const override {
    return HeadStartsWith(head, "{") && HeadHas(head, "\"resourceSpans\"");
  }
  Status Read(const std::filesystem::path& path, const std::string& display,
              TrajectorySink* sink) const override {
    std::vector<OtelSpan> spans;
    std::vector<OtelLogEvent> log_events;
    std::ifstream probe(path, std::ios::binary);
    std::string head(kDetectBytes, '\0');
    probe.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(probe.gcount()));
    if (HeadIsJsonLines(head)) {
      // The collector's file exporter: one export request per line.
      T2S_RETURN_IF_ERROR(ForEachJsonLine(path, display, sink, [&](size_t line, JsonValue req) {
        if (Field(req, "resourceLogs") && !Field(req, "resourceSpans")) {
          AppendOtlpLogEvents(req, &log_events);
          return;
        }
        Status st = AppendOtlpSpans(req, &spans);
        if (!st.ok()) sink->Skip(fmt::format("{}:{}", display, line), st.message());
      }));
    } else {
      JsonDocument doc;
      T2S_RETURN_IF_ERROR(doc.Load(path, display));
      Status st = AppendOtlpSpans(doc.root(), &spans);
      if (!st.ok()) {
        sink->Skip(display, st.message());
        return Status::Ok();
      }
    }
    AttachLogEvents(std::move(log_events), &spans);
    // Traces in the order they first appear.
    std::vector<std::string> order;
    std::map<std::string, std::vector<const OtelSpan*>> traces;
    for (const OtelSpan& s : spans) {
      auto& list = traces[s.trace_id];
      if (list.empty()) order.push_back(s.trace_id);
      list.push_back(&s);
    }
    for (const std::string& id : order) {
      Trajectory t = BuildTrace(traces[id], display);
      if (t.steps.empty()) {
        sink->Skip(fmt::format("{}#{}", display, id), "no LLM or tool spans in the trace");
        continue;
      }
      sink->Add(std::move(t));
    }
    return Status::Ok();
  }
};

}  // namespace

const FormatReader& OtelReader() {
  static const Otel reader;
  return reader;
}

}  // namespace t2s
