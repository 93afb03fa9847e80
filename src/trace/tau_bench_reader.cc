// tau-bench historical trajectories: a JSON list of
// {task_id, reward, info: {task: {instruction, ...}, reward_info}, traj: [messages], trial},
// or the same objects one per line (JSONL). Labelled by "reward" (success
// when >= the label threshold, see label_rule.h).
#include <fstream>

#include <fmt/format.h>

#include "trace/json_array_stream.h"
#include "trace/json_input.h"
#include "trace/label_rule.h"
#include "trace/message_steps.h"
#include "trace/readers.h"

namespace t2s {
namespace {

Result<Trajectory> Convert(JsonValue item, const std::string& display, size_t index,
                           const std::string& where) {
  if (!item.is_object()) {
    return Status::InvalidArgument(fmt::format("expected object, got {}", JsonTypeName(item)));
  }
  std::optional<JsonValue> traj = Field(item, "traj");
  if (!traj) return Status::InvalidArgument("field \"traj\": missing");
  T2S_ASSIGN_OR_RETURN(std::vector<Step> steps, StepsFromOpenAIMessages(*traj, "traj"));
  Trajectory t;
  t.steps = std::move(steps);
  std::string task_id = std::to_string(index);
  if (std::optional<JsonValue> id = Field(item, "task_id")) {
    task_id = id->is_string() ? StringField(item, "task_id") : ToJsonText(*id);
  }
  std::optional<JsonValue> trial_value = Field(item, "trial");
  int trial = static_cast<int>(trial_value ? NumberOf(*trial_value).value_or(0) : 0);
  t.id = fmt::format("{}-{}-{}", FileStem(display), task_id, trial);
  if (std::optional<JsonValue> info = Field(item, "info")) {
    if (std::optional<JsonValue> task = Field(*info, "task"))
      t.task = StringField(*task, "instruction");
  }
  if (t.task.empty()) t.task = FirstUserText(t.steps);
  std::optional<JsonValue> reward = Field(item, "reward");
  if (!reward || !NumberOf(*reward))
    return Status::InvalidArgument("field \"reward\": expected number");
  LabelFromNumber(*NumberOf(*reward), "tau-bench", "reward", &t);
  t.metadata["format"] = "tau-bench";
  t.metadata["file"] = where;
  t.metadata["task_id"] = task_id;
  t.metadata["trial"] = std::to_string(trial);
  return t;
}

class TauBench final : public FormatReader {
 public:
  std::string_view name() const override { return "tau-bench"; }
  bool Detect(std::string_view head, const std::filesystem::path&) const override {
    return (HeadStartsWith(head, "[") || (HeadStartsWith(head, "{") && HeadIsJsonLines(head))) &&
           HeadHas(head, "\"task_id\"") && HeadHas(head, "\"traj\"");
  }
  Status Read(const std::filesystem::path& path, const std::string& display,
              TrajectorySink* sink) const override {
    std::ifstream probe(path, std::ios::binary);
    std::string head(kDetectBytes, '\0');
    probe.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(probe.gcount()));
    if (HeadIsJsonLines(head)) {
      size_t next = 0;
      return ForEachJsonLine(path, display, sink, [&](size_t line, JsonValue item) {
        std::string where = fmt::format("{}:{}", display, line);
        Result<Trajectory> t = Convert(item, display, next++, where);
        if (!t.ok()) return sink->Skip(where, t.status().message());
        sink->Add(std::move(*t));
      });
    }
    // A results list can be hundreds of MB: one run in memory at a time.
    T2S_ASSIGN_OR_RETURN(bool list, ForEachArrayElement(path, display, [&](size_t index,
                                                                          JsonValue item) {
      std::string where = fmt::format("{}#{}", display, index);
      Result<Trajectory> t = Convert(item, display, index, where);
      if (!t.ok()) return sink->Skip(where, t.status().message());
      sink->Add(std::move(*t));
    }));
    if (list) return Status::Ok();
    JsonDocument doc;
    T2S_RETURN_IF_ERROR(doc.Load(path, display));
    return Status::InvalidArgument(fmt::format("{}: expected a list of tau-bench results, got {}",
                                               display, JsonTypeName(doc.root())));
  }
};

}  // namespace

const FormatReader& TauBenchReader() {
  static const TauBench reader;
  return reader;
}

}  // namespace t2s
