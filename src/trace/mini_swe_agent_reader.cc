// mini-swe-agent trajectory JSON: {"info": {exit_status, submission,
// model_stats, config}, "messages": [chat messages], "trajectory_format":
// "mini-swe-agent-1"}. The agent has no tool-calling API: each assistant
// message is "THOUGHT: ..." followed by one ```bash block, and the command's
// result comes back as a user message "<returncode>N</returncode>
// <output>...</output>". They are read as what they are: a "bash" tool call
// (the thought kept as reasoning) and its tool result, an error when the
// return code is not 0. The label comes from a "resolved" field or the
// SWE-bench report.json beside the file (swe_bench_label.h).
#include <fmt/format.h>

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

// The one ```bash (or ```sh) block of an assistant message, if it has one.
std::optional<BashAction> ParseAction(const std::string& text) {
  size_t open = std::string::npos;
  size_t body = 0;
  for (std::string_view fence : {"```bash\n", "```sh\n"}) {
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
std::optional<int> ReturnCode(const std::string& text) {
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

// Turns bash blocks into tool calls and the observations answering them
// into tool steps; every other message stays as it was.
std::vector<Step> ToolSteps(std::vector<Step> messages) {
  std::vector<Step> out;
  std::string pending;  // id of the call waiting for its observation
  size_t calls = 0;
  for (Step& m : messages) {
    if (m.role == Role::kAssistant && m.tool_calls.empty()) {
      if (std::optional<BashAction> a = ParseAction(m.content)) {
        ToolCall call;
        call.id = fmt::format("bash-{}", ++calls);
        call.name = "bash";
        JsonWriter args;
        args.BeginObject().Key("command").String(a->command).EndObject();
        call.arguments = args.Take();
        if (!m.reasoning.empty()) a->thought = m.reasoning + "\n" + a->thought;
        m.reasoning = a->thought;
        m.content.clear();
        pending = call.id;
        m.tool_calls.push_back(std::move(call));
        out.push_back(std::move(m));
        continue;
      }
    }
    if (m.role == Role::kUser && !pending.empty()) {
      if (std::optional<int> code = ReturnCode(m.content)) {
        m.role = Role::kTool;
        m.tool_call_id = pending;
        m.name = "bash";
        m.is_error = *code != 0;
      }
    }
    pending.clear();
    out.push_back(std::move(m));
  }
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
    Result<std::vector<Step>> steps = StepsFromOpenAIMessages(*messages, "messages");
    if (!steps.ok()) {
      sink->Skip(display, steps.status().message());
      return Status::Ok();
    }
    Trajectory t;
    t.steps = ToolSteps(std::move(*steps));
    t.task = FirstUserText(t.steps);
    t.id = StringField(doc.root(), "instance_id");
    if (t.id.empty()) t.id = FileStem(display);
    if (std::optional<JsonValue> info = Field(doc.root(), "info")) {
      t.outcome.detail = StringField(*info, "exit_status");
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
