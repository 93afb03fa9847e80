// OpenHands evaluation output (output.jsonl of run_infer / eval_infer): one
// record per line {instance_id, instruction, instance, history: [V0 events],
// test_result: {git_patch, report: {resolved}}, metadata: {agent_class,
// llm_config: {model}}, error}. Label: test_result.report.resolved, else a
// top-level report.resolved or resolved (SWE-bench's verdict); unknown when
// the instance was not evaluated.
#include <fmt/format.h>

#include "trace/json_input.h"
#include "trace/label_rule.h"
#include "trace/message_steps.h"
#include "trace/openhands_history.h"
#include "trace/readers.h"

namespace t2s {
namespace {

void Label(JsonValue record, Trajectory* t) {
  struct Place {
    std::optional<JsonValue> holder;
    const char* field;
  };
  std::optional<JsonValue> test = Field(record, "test_result");
  std::optional<JsonValue> report = test ? Field(*test, "report") : std::nullopt;
  for (const Place& p : {Place{report, "test_result.report.resolved"},
                         Place{Field(record, "report"), "report.resolved"},
                         Place{record, "resolved"}}) {
    if (!p.holder) continue;
    std::optional<JsonValue> v = Field(*p.holder, "resolved");
    bool resolved = false;
    if (!v || v->get_bool().get(resolved)) continue;
    LabelStated(resolved ? Label::kSuccess : Label::kFail, std::nullopt, "openhands-eval", p.field,
                t);
    return;
  }
  t->outcome.source = "openhands-eval";
  t->outcome.detail = StringField(record, "error").empty()
                          ? "not evaluated (no test_result.report.resolved)"
                          : "run error: " + StringField(record, "error");
}

Result<Trajectory> Convert(JsonValue record) {
  std::string instance = StringField(record, "instance_id");
  if (instance.empty()) return Status::InvalidArgument("field \"instance_id\": missing");
  std::optional<JsonValue> history = Field(record, "history");
  if (!history || !history->is_array()) {
    return Status::InvalidArgument("field \"history\": expected array");
  }
  Trajectory t;
  t.id = instance;
  t.steps = StepsFromOpenHandsHistory(*history);
  if (std::optional<JsonValue> inst = Field(record, "instance"))
    t.task = StringField(*inst, "problem_statement");
  if (t.task.empty()) t.task = StringField(record, "instruction");
  if (t.task.empty()) t.task = FirstUserText(t.steps);
  Label(record, &t);
  t.metadata["format"] = "openhands-eval";
  if (std::optional<JsonValue> meta = Field(record, "metadata")) {
    if (std::optional<JsonValue> llm = Field(*meta, "llm_config")) {
      if (std::string model = StringField(*llm, "model"); !model.empty())
        t.metadata["model"] = model;
    }
    if (std::string agent = StringField(*meta, "agent_class"); !agent.empty())
      t.metadata["agent"] = agent;
  }
  return t;
}

class OpenHandsEval final : public FormatReader {
 public:
  std::string_view name() const override { return "openhands-eval"; }
  bool Detect(std::string_view head, const std::filesystem::path&) const override {
    return HeadStartsWith(head, "{") && HeadHas(head, "\"instance_id\"") &&
           HeadHas(head, "\"history\"") &&
           (HeadHas(head, "\"test_result\"") || HeadHas(head, "\"instruction\""));
  }
  Status Read(const std::filesystem::path& path, const std::string& display,
              TrajectorySink* sink) const override {
    return ForEachJsonLine(path, display, sink, [&](size_t line, JsonValue record) {
      std::string where = fmt::format("{}:{}", display, line);
      Result<Trajectory> t = Convert(record);
      if (!t.ok()) return sink->Skip(where, t.status().message());
      t->metadata["file"] = where;
      sink->Add(std::move(*t));
    });
  }
};

}  // namespace

const FormatReader& OpenHandsEvalReader() {
  static const OpenHandsEval reader;
  return reader;
}

}  // namespace t2s
