// mini-swe-agent trajectory JSON: {"info": {exit_status, submission,
// model_stats, config}, "messages": [chat messages], "trajectory_format":
// "mini-swe-agent-1" or "mini-swe-agent-1.1"}.
//
// Text mode (1.x, and 2.x "textbased" models): each assistant message is a
// thought and one ```bash (2.x: ```mswea_bash_command) block, also listed in
// 2.x under extra.actions, and the command's result comes back as a user
// message "<returncode>N</returncode><output>...</output>" (2.x also gives
// extra.returncode). They are read as what they are: a "bash" tool call (the
// thought kept as reasoning) and its tool result, an error when the return
// code is not 0 or the command timed out.
//
// Tool-calling mode (2.x default): assistant messages carry OpenAI tool
// calls and results come back as "tool" messages with extra.returncode.
//
// The end: the agent submits by running a command whose output starts with
// COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT (1.x also MINI_SWE_AGENT_FINAL_OUTPUT);
// the command's result is then not an observation but the submission: in
// 1.x a last user message holding it (exit_status "Submitted"), in 2.x a
// {"role": "exit", "content": submission, "extra": {exit_status}} message.
// Either is read as the result of that last call, not an error. Other exit
// messages (LimitsExceeded, ...) answer no call and only give the outcome.
//
// The label comes from a "resolved" field or the SWE-bench report.json
// beside the file (swe_bench_label.h).
#include <fmt/format.h>

#include <algorithm>

#include "base/json_writer.h"
#include "base/text.h"
#include "trace/json_input.h"
#include "trace/message_steps.h"
#include "trace/readers.h"
#include "trace/swe_bench_label.h"

namespace t2s {
namespace {

struct BashAction {
  std::string thought;  // the text around the block
  std::string command;
};

// The one bash block of an assistant message, if it has one.
std::optional<BashAction> ParseAction(const std::string& text) {
  size_t open = std::string::npos;
  size_t body = 0;
  for (std::string_view fence : {"```bash\n", "```sh\n", "```mswea_bash_command\n"}) {
    size_t at = text.find(fence);
    if (at != std::string::npos && at < open) {
      open = at;
      body = at + fence.size();
    }
  }
  if (open == std::string::npos) return std::nullopt;
  size_t close = text.find("```", body);
  if (close == std::string::npos) return std::nullopt;
  BashAction a;
  a.command = std::string(Trim(std::string_view(text).substr(body, close - body)));
  std::string before(Trim(std::string_view(text).substr(0, open)));
  std::string after(Trim(std::string_view(text).substr(close + 3)));
  if (before.rfind("THOUGHT:", 0) == 0) before = std::string(Trim(before.substr(8)));
  a.thought = before;
  if (!after.empty()) a.thought += (a.thought.empty() ? "" : "\n") + after;
  return a;
}

// The N of "<returncode>N</returncode>", if the text carries one.
std::optional<int> ReturnCodeInText(const std::string& text) {
  constexpr std::string_view kOpen = "<returncode>";
  size_t at = text.find(kOpen);
  if (at == std::string::npos) return std::nullopt;
  size_t end = text.find("</returncode>", at);
  if (end == std::string::npos) return std::nullopt;
  std::optional<double> n = NumberOfText(
      Trim(std::string_view(text).substr(at + kOpen.size(), end - at - kOpen.size())));
  if (!n) return std::nullopt;
  return static_cast<int>(*n);
}

// An observation's return code: extra.returncode (2.x), else the text's.
std::optional<int> ReturnCode(JsonValue message, const std::string& text) {
  if (std::optional<JsonValue> extra = Field(message, "extra")) {
    if (std::optional<JsonValue> code = Field(*extra, "returncode")) {
      if (std::optional<double> n = NumberOf(*code)) return static_cast<int>(*n);
    }
  }
  return ReturnCodeInText(text);
}

bool HasExceptionInfo(JsonValue message) {
  std::optional<JsonValue> extra = Field(message, "extra");
  return extra && !StringField(*extra, "exception_info").empty();
}

// 1.x: the timeout template answers the command it names.
bool IsTimeout(const std::string& text) {
  return text.rfind("The last command <command>", 0) == 0 &&
         text.find("timed out and has been killed") != std::string::npos;
}

// The command of a text-mode assistant message: extra.actions (2.x), else
// its one bash block.
std::optional<BashAction> ActionOf(JsonValue message, const Step& step) {
  std::optional<BashAction> parsed = ParseAction(step.content);
  if (std::optional<JsonValue> extra = Field(message, "extra")) {
    for (JsonValue a : ArrayOrEmpty(Field(*extra, "actions").value_or(*extra))) {
      std::string command = a.is_string() ? std::string(a.get_string().value())
                                          : StringField(a, "command");
      if (command.empty()) break;
      if (!parsed) parsed = BashAction{std::string(Trim(step.content)), ""};
      parsed->command = command;
      break;
    }
  }
  return parsed;
}

struct Conversion {
  std::vector<Step> steps;
  std::string exit_status;  // of the exit message, if there is one
};

// The messages as steps: bash blocks become tool calls, the observations
// answering them tool results, the submission the last call's result.
Result<Conversion> Convert(JsonValue messages, const std::string& info_exit_status) {
  simdjson::dom::array list;
  if (messages.get_array().get(list)) {
    return Status::InvalidArgument(
        fmt::format("field \"messages\": expected array, got {}", JsonTypeName(messages)));
  }
  Conversion out;
  std::vector<std::string> pending;  // calls waiting for their result, in order
  size_t calls = 0, i = 0, count = list.size();
  auto answer = [&](Step* s) {
    s->role = Role::kTool;
    s->tool_call_id = pending.front();
    pending.erase(pending.begin());
  };
  for (JsonValue m : list) {
    std::string path = fmt::format("messages[{}]", i++);
    bool last = i == count;
    if (StringField(m, "role") == "exit") {
      std::optional<JsonValue> extra = Field(m, "extra");
      out.exit_status = extra ? StringField(*extra, "exit_status") : "";
      if (out.exit_status == "Submitted" && !pending.empty()) {
        Step s;
        if (std::optional<JsonValue> c = Field(m, "content")) s.content = ContentText(*c);
        answer(&s);
        out.steps.push_back(std::move(s));
      }
      pending.clear();
      continue;
    }
    T2S_ASSIGN_OR_RETURN(Step step, StepFromOpenAIMessage(m, path));
    if (step.role == Role::kAssistant) {
      pending.clear();
      for (const ToolCall& c : step.tool_calls) pending.push_back(c.id);
      if (step.tool_calls.empty()) {
        if (std::optional<BashAction> a = ActionOf(m, step)) {
          ToolCall call;
          call.id = fmt::format("bash-{}", ++calls);
          call.name = "bash";
          JsonWriter args;
          args.BeginObject().Key("command").String(a->command).EndObject();
          call.arguments = args.Take();
          if (!step.reasoning.empty()) a->thought = step.reasoning + "\n" + a->thought;
          step.reasoning = a->thought;
          step.content.clear();
          pending.push_back(call.id);
          step.tool_calls.push_back(std::move(call));
        }
      }
    } else if (step.role == Role::kTool) {
      if (!pending.empty()) {
        auto it = std::find(pending.begin(), pending.end(), step.tool_call_id);
        if (it != pending.end()) pending.erase(it);
      }
      std::optional<int> code = ReturnCode(m, step.content);
      step.is_error = step.is_error || (code && *code != 0) || HasExceptionInfo(m);
    } else if (step.role == Role::kUser && !pending.empty()) {
      std::optional<int> code = ReturnCode(m, step.content);
      if (code) {
        answer(&step);
        step.is_error = *code != 0 || HasExceptionInfo(m);
      } else if (IsTimeout(step.content)) {
        answer(&step);
        step.is_error = true;
      } else if (last && info_exit_status == "Submitted") {
        answer(&step);  // 1.x: the submission, in place of an observation
      } else {
        pending.clear();
      }
    } else {
      pending.clear();
    }
    out.steps.push_back(std::move(step));
  }
  NameToolResults(&out.steps);
  return out;
}

class MiniSweAgent final : public FormatReader {
 public:
  std::string_view name() const override { return "mini-swe-agent"; }
  bool Detect(std::string_view head, const std::filesystem::path&) const override {
    return HeadStartsWith(head, "{") &&
           (HeadHas(head, "mini-swe-agent") ||
            (HeadHas(head, "\"messages\"") && HeadHas(head, "\"exit_status\"")));
  }
  Status Read(const std::filesystem::path& path, const std::string& display,
              TrajectorySink* sink) const override {
    JsonDocument doc;
    T2S_RETURN_IF_ERROR(doc.Load(path, display));
    std::optional<JsonValue> messages = Field(doc.root(), "messages");
    if (!messages) {
      sink->Skip(display, "field \"messages\": missing");
      return Status::Ok();
    }
    std::optional<JsonValue> info = Field(doc.root(), "info");
    std::string exit_status = info ? StringField(*info, "exit_status") : "";
    Result<Conversion> converted = Convert(*messages, exit_status);
    if (!converted.ok()) {
      sink->Skip(display, converted.status().message());
      return Status::Ok();
    }
    Trajectory t;
    t.steps = std::move(converted->steps);
    t.task = FirstUserText(t.steps);
    t.id = StringField(doc.root(), "instance_id");
    if (t.id.empty()) t.id = FileStem(display);
    t.outcome.detail = exit_status.empty() ? converted->exit_status : exit_status;
    if (info) {
      std::optional<JsonValue> config = Field(*info, "config");
      std::optional<JsonValue> model = config ? Field(*config, "model") : std::nullopt;
      if (std::string name = model ? StringField(*model, "model_name") : ""; !name.empty()) {
        t.metadata["model"] = name;
      }
    }
    t.metadata["format"] = "mini-swe-agent";
    t.metadata["file"] = display;
    ApplySweBenchLabel(path, doc.root(), t.id, &t);
    sink->Add(std::move(t));
    return Status::Ok();
  }
};

}  // namespace

const FormatReader& MiniSweAgentReader() {
  static const MiniSweAgent reader;
  return reader;
}

}  // namespace t2s
