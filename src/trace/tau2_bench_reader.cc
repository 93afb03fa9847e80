// tau2-bench results: one JSON document {"timestamp", "info": {agent_info,
// user_info, environment_info}, "tasks": [{id, user_scenario, ...}],
// "simulations": [{id, task_id, trial, termination_reason, reward_info:
// {reward, ...}, messages: [...]}]}. One simulation is one trajectory,
// labelled by reward_info.reward (success when >= the label threshold).
//
// Messages: {role: system|user|assistant|tool, content, tool_calls: [{id,
// name, arguments, requestor}]}; tool messages carry {id, requestor, error}.
// In some domains (telecom) the simulated user runs tools on their own
// device: those calls and results are the user's, shown as user steps.
#include <fmt/format.h>

#include <map>

#include "trace/json_input.h"
#include "trace/label_rule.h"
#include "trace/message_steps.h"
#include "trace/readers.h"

namespace t2s {
namespace {

// The instructions the user simulator was given: the user's real request.
std::string TaskText(JsonValue task) {
  JsonValue scenario = Field(task, "user_scenario").value_or(task);
  std::optional<JsonValue> instructions = Field(scenario, "instructions");
  if (!instructions) return "";
  if (instructions->is_string()) return StringField(scenario, "instructions");
  std::string out;
  for (const char* key : {"reason_for_call", "known_info", "unknown_info", "task_instructions"}) {
    std::string part = StringField(*instructions, key);
    if (part.empty()) continue;
    if (!out.empty()) out += "\n";
    out += part;
  }
  return out;
}

Result<std::vector<Step>> Steps(JsonValue messages) {
  std::vector<Step> steps;
  size_t i = 0;
  for (JsonValue m : ArrayOrEmpty(messages)) {
    std::string role = StringField(m, "role");
    std::optional<Role> parsed = ParseRole(role);
    if (!parsed) {
      return Status::InvalidArgument(
          fmt::format("field \"messages[{}].role\": unknown role \"{}\"", i, role));
    }
    ++i;
    Step step;
    step.role = *parsed;
    step.content = StringField(m, "content");
    bool by_user = StringField(m, "requestor") == "user";
    for (JsonValue c : ArrayOrEmpty(Field(m, "tool_calls").value_or(m))) {
      ToolCall call;
      call.id = StringField(c, "id");
      call.name = StringField(c, "name");
      if (std::optional<JsonValue> a = Field(c, "arguments")) call.arguments = ArgumentsJson(*a);
      if (step.role == Role::kUser) {
        step.content += fmt::format("{}(user runs {} {})", step.content.empty() ? "" : "\n",
                                    call.name, call.arguments);
      } else {
        step.tool_calls.push_back(std::move(call));
      }
    }
    if (step.role == Role::kTool) {
      step.tool_call_id = StringField(m, "id");
      step.is_error = BoolField(m, "error", false);
      if (by_user) {
        step.role = Role::kUser;
        step.content = "(result on the user's device) " + step.content;
        step.tool_call_id.clear();
        step.is_error = false;
      }
    }
    steps.push_back(std::move(step));
  }
  NameToolResults(&steps);
  return steps;
}

std::string Text(JsonValue obj, std::string_view key) {
  std::optional<JsonValue> v = Field(obj, key);
  if (!v) return "";
  return v->is_string() ? StringField(obj, key) : ToJsonText(*v);
}

Result<Trajectory> Convert(JsonValue sim, const std::map<std::string, std::string>& tasks,
                           const std::string& stem) {
  if (!sim.is_object()) {
    return Status::InvalidArgument(fmt::format("expected object, got {}", JsonTypeName(sim)));
  }
  std::optional<JsonValue> messages = Field(sim, "messages");
  if (!messages || !messages->is_array()) {
    return Status::InvalidArgument("field \"messages\": expected array");
  }
  Trajectory t;
  T2S_ASSIGN_OR_RETURN(t.steps, Steps(*messages));
  std::string task_id = Text(sim, "task_id");
  std::string trial = Text(sim, "trial");
  if (trial.empty()) trial = "0";
  t.id = fmt::format("{}-{}-{}", stem, task_id, trial);
  auto task = tasks.find(task_id);
  if (task != tasks.end()) t.task = task->second;
  if (t.task.empty()) t.task = FirstUserText(t.steps);
  std::optional<JsonValue> info = Field(sim, "reward_info");
  std::optional<JsonValue> reward = info ? Field(*info, "reward") : std::nullopt;
  std::optional<double> value = reward ? NumberOf(*reward) : std::nullopt;
  if (value) {
    LabelFromNumber(*value, "tau2-bench", "reward_info.reward", &t);
  } else {
    t.outcome.source = "tau2-bench";
    t.outcome.detail = "no reward_info.reward";
  }
  std::string termination = StringField(sim, "termination_reason");
  if (!termination.empty()) t.metadata["termination_reason"] = termination;
  t.metadata["format"] = "tau2-bench";
  t.metadata["task_id"] = task_id;
  t.metadata["trial"] = trial;
  if (std::string id = StringField(sim, "id"); !id.empty()) t.metadata["simulation_id"] = id;
  return t;
}

class Tau2Bench final : public FormatReader {
 public:
  std::string_view name() const override { return "tau2-bench"; }
  bool Detect(std::string_view head, const std::filesystem::path&) const override {
    // "simulations" may come after 64 KiB of tasks; the run info comes first.
    return HeadStartsWith(head, "{") &&
           (HeadHas(head, "\"simulations\"") ||
            (HeadHas(head, "\"agent_info\"") && HeadHas(head, "\"environment_info\"")));
  }
  Status Read(const std::filesystem::path& path, const std::string& display,
              TrajectorySink* sink) const override {
    JsonDocument doc;
    T2S_RETURN_IF_ERROR(doc.Load(path, display));
    JsonValue root = doc.root();
    std::optional<JsonValue> sims = Field(root, "simulations");
    if (!sims || !sims->is_array()) {
      sink->Skip(display, "field \"simulations\": expected array");
      return Status::Ok();
    }
    std::map<std::string, std::string> tasks;
    for (JsonValue task : ArrayOrEmpty(Field(root, "tasks").value_or(root))) {
      tasks[Text(task, "id")] = TaskText(task);
    }
    std::string model, domain;
    if (std::optional<JsonValue> info = Field(root, "info")) {
      if (std::optional<JsonValue> agent = Field(*info, "agent_info"))
        model = StringField(*agent, "llm");
      if (std::optional<JsonValue> env = Field(*info, "environment_info"))
        domain = StringField(*env, "domain_name");
    }
    std::string stem = FileStem(display);
    size_t index = 0;
    for (JsonValue sim : ArrayOrEmpty(*sims)) {
      std::string where = fmt::format("{}#{}", display, index++);
      Result<Trajectory> t = Convert(sim, tasks, stem);
      if (!t.ok()) {
        sink->Skip(where, t.status().message());
        continue;
      }
      t->metadata["file"] = where;
      if (!model.empty()) t->metadata["model"] = model;
      if (!domain.empty()) t->metadata["domain"] = domain;
      sink->Add(std::move(*t));
    }
    return Status::Ok();
  }
};

}  // namespace

const FormatReader& Tau2BenchReader() {
  static const Tau2Bench reader;
  return reader;
}

}  // namespace t2s
