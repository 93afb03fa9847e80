// Harbor ATIF (Agent Trajectory Interchange Format) trajectory.json:
// {"schema_version": "ATIF-v1.x", "session_id", "agent": {name, model_name},
//  "steps": [{step_id, source: system|user|agent, message, reasoning_content,
//             tool_calls: [{tool_call_id, function_name, arguments}],
//             observation: {results: [{source_call_id, content}]}}]}.
// A Harbor trial folder holds the verdict beside it: result.json
// (verifier_result.rewards.reward) or verifier/reward.txt; the file it came
// from is the trajectory's metadata "label_source".
//
// When Terminus summarizes its context in linear-history mode, one run is
// split over trajectory.json, trajectory.cont-1.json, ... (all with the same
// session_id; each names the next in "continued_trajectory_ref"). They are
// one trajectory: the parts are joined in order, and steps marked
// "is_copied_context" (earlier steps repeated as the new part's context) are
// left out. Reading a continuation file reads the whole run from
// trajectory.json beside it, so a folder ingest stores it once, unchanged
// by the order the files come in.
#include <fmt/format.h>

#include <set>

#include "base/file_io.h"
#include "base/text.h"
#include "trace/json_input.h"
#include "trace/message_steps.h"
#include "trace/readers.h"

namespace t2s {
namespace {
namespace fs = std::filesystem;

// The reward in a Harbor verdict file in `dir`, and the file's name.
std::optional<std::pair<double, std::string>> VerdictIn(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / "result.json", ec)) {
    JsonDocument doc;
    if (doc.Load(dir / "result.json", "result.json").ok()) {
      std::optional<JsonValue> v = doc.root();
      for (const char* key : {"verifier_result", "rewards", "reward"}) {
        v = v ? Field(*v, key) : std::nullopt;
      }
      if (std::optional<double> r = v ? NumberOf(*v) : std::nullopt) {
        return std::make_pair(*r, std::string("result.json"));
      }
    }
  }
  if (fs::exists(dir / "verifier" / "reward.txt", ec)) {
    Result<std::string> text = ReadFile(dir / "verifier" / "reward.txt");
    std::optional<double> r = text.ok() ? NumberOfText(Trim(*text)) : std::nullopt;
    if (r) return std::make_pair(*r, std::string("verifier/reward.txt"));
  }
  return std::nullopt;
}

// A trial folder is the trajectory's folder or the one above (trial/agent/).
std::optional<std::pair<double, std::string>> TrialReward(const fs::path& trajectory) {
  fs::path dir = trajectory.parent_path();
  if (auto r = VerdictIn(dir)) return r;
  return VerdictIn(dir.parent_path());
}

// Appends the steps of one ATIF document to `t`.
Status AppendSteps(JsonValue doc, Trajectory* t) {
  if (!doc.is_object())
    return Status::InvalidArgument(fmt::format("expected object, got {}", JsonTypeName(doc)));
  std::optional<JsonValue> steps = Field(doc, "steps");
  if (!steps || !steps->is_array())
    return Status::InvalidArgument("field \"steps\": expected array");
  size_t i = 0;
  for (JsonValue s : ArrayOrEmpty(*steps)) {
    std::string source = StringField(s, "source");
    Step step;
    if (source == "system") {
      step.role = Role::kSystem;
    } else if (source == "user") {
      step.role = Role::kUser;
    } else if (source == "agent") {
      step.role = Role::kAssistant;
    } else {
      return Status::InvalidArgument(fmt::format(
          "field \"steps[{}].source\": expected system, user or agent, got \"{}\"", i, source));
    }
    ++i;
    if (BoolField(s, "is_copied_context", false)) continue;
    if (std::optional<JsonValue> m = Field(s, "message")) step.content = ContentText(*m);
    step.reasoning = StringField(s, "reasoning_content");
    if (std::optional<JsonValue> calls = Field(s, "tool_calls"); calls && calls->is_array()) {
      for (JsonValue c : ArrayOrEmpty(*calls)) {
        ToolCall call;
        call.id = StringField(c, "tool_call_id");
        call.name = StringField(c, "function_name");
        if (std::optional<JsonValue> a = Field(c, "arguments")) call.arguments = ArgumentsJson(*a);
        step.tool_calls.push_back(std::move(call));
      }
    }
    t->steps.push_back(std::move(step));
    std::optional<JsonValue> obs = Field(s, "observation");
    std::optional<JsonValue> results = obs ? Field(*obs, "results") : std::nullopt;
    if (results && results->is_array()) {
      for (JsonValue r : ArrayOrEmpty(*results)) {
        Step result;
        result.role = Role::kTool;
        result.tool_call_id = StringField(r, "source_call_id");
        if (std::optional<JsonValue> c = Field(r, "content")) result.content = ContentText(*c);
        result.is_error = LooksLikeError(result.content);
        t->steps.push_back(std::move(result));
      }
    }
  }
  return Status::Ok();
}

// N of "trajectory.cont-N.json", 0 for "trajectory.json", -1 otherwise.
int ContinuationIndex(const std::string& name) {
  if (name == "trajectory.json") return 0;
  constexpr std::string_view kPrefix = "trajectory.cont-", kSuffix = ".json";
  if (name.size() <= kPrefix.size() + kSuffix.size() || name.rfind(kPrefix, 0) != 0 ||
      name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
    return -1;
  }
  std::string digits = name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
  if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 6) return -1;
  return std::stoi(digits);
}

// The file continuing `doc` (read from `file`): its continued_trajectory_ref,
// else the next trajectory.cont-N.json beside it, else "".
std::string NextPart(JsonValue doc, const fs::path& file) {
  std::string ref = StringField(doc, "continued_trajectory_ref");
  if (!ref.empty()) return fs::path(ref).filename().string();  // never outside the folder
  int n = ContinuationIndex(file.filename().string());
  if (n < 0) return "";
  std::string next = fmt::format("trajectory.cont-{}.json", n + 1);
  std::error_code ec;
  return fs::exists(file.parent_path() / next, ec) ? next : "";
}

std::string Sibling(const std::string& display, const std::string& name) {
  return (fs::path(display).parent_path() / name).string();
}

Result<Trajectory> Header(JsonValue doc, const std::string& display) {
  Trajectory t;
  T2S_RETURN_IF_ERROR(AppendSteps(doc, &t));
  t.id = StringField(doc, "session_id");
  if (t.id.empty()) t.id = StringField(doc, "trajectory_id");
  if (std::optional<JsonValue> agent = Field(doc, "agent")) {
    if (std::string m = StringField(*agent, "model_name"); !m.empty()) t.metadata["model"] = m;
    if (std::string n = StringField(*agent, "name"); !n.empty()) t.metadata["agent"] = n;
  }
  t.metadata["format"] = "atif";
  t.metadata["file"] = display;
  return t;
}

// Reads the run starting at `path`: the document, then every part that
// continues it. A continuation that cannot be read is reported and ends the
// run there; what came before is kept.
Status ReadRun(const fs::path& path, const std::string& display, TrajectorySink* sink) {
  JsonDocument doc;
  T2S_RETURN_IF_ERROR(doc.Load(path, display));
  Result<Trajectory> read = Header(doc.root(), display);
  if (!read.ok()) {
    sink->Skip(display, read.status().message());
    return Status::Ok();
  }
  Trajectory t = std::move(*read);
  std::string parts;
  std::set<std::string> seen = {path.filename().string()};
  for (std::string next = NextPart(doc.root(), path); !next.empty() && seen.insert(next).second;) {
    fs::path part = path.parent_path() / next;
    std::string part_display = Sibling(display, next);
    std::error_code ec;
    if (!fs::exists(part, ec)) {
      sink->Skip(part_display, "missing (named by continued_trajectory_ref); the run is read "
                               "without it");
      break;
    }
    JsonDocument part_doc;
    Status st = part_doc.Load(part, part_display);
    if (st.ok()) st = AppendSteps(part_doc.root(), &t);
    if (!st.ok()) {
      sink->Skip(part_display, "not joined to its run: " + st.message());
      break;
    }
    parts += (parts.empty() ? "" : ",") + next;
    next = NextPart(part_doc.root(), part);
  }
  if (!parts.empty()) t.metadata["continuations"] = parts;
  NameToolResults(&t.steps);
  t.task = FirstUserText(t.steps);
  if (t.id.empty()) t.id = ContentId(t);
  if (auto reward = TrialReward(path)) {
    t.outcome.reward = reward->first;
    t.outcome.label = LabelFromReward(reward->first);
    t.outcome.source = "harbor " + reward->second;
    t.metadata["label_source"] = reward->second;
  }
  sink->Add(std::move(t));
  return Status::Ok();
}

class Atif final : public FormatReader {
 public:
  std::string_view name() const override { return "atif"; }
  bool Detect(std::string_view head, const std::filesystem::path&) const override {
    return HeadStartsWith(head, "{") && HeadHas(head, "\"schema_version\"") &&
           HeadHas(head, "ATIF");
  }
  Status Read(const std::filesystem::path& path, const std::string& display,
              TrajectorySink* sink) const override {
    // A continuation is read as part of the run that starts beside it.
    std::error_code ec;
    fs::path root = path.parent_path() / "trajectory.json";
    if (ContinuationIndex(path.filename().string()) > 0 && fs::exists(root, ec)) {
      return ReadRun(root, Sibling(display, "trajectory.json"), sink);
    }
    return ReadRun(path, display, sink);
  }
};

}  // namespace

const FormatReader& AtifReader() {
  static const Atif reader;
  return reader;
}

}  // namespace t2s
