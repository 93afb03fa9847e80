#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "base/hash.h"
#include "trace/json_input.h"
#include "trace/readers.h"
#include "trace/trajectory_json.h"

namespace t2s {
namespace {

// What each reader's detection looks for, to say which formats a file that
// none claims comes closest to, and what it lacks. Kept beside the order
// above; a reader missing here is simply never named as a candidate.
struct Signature {
  std::string_view reader;
  std::vector<std::string_view> keys;
};

const std::vector<Signature>& Signatures() {
  static const std::vector<Signature> signatures = {
      {"native", {"\"schema\"", "t2s.trajectory/1"}},
      {"otel", {"\"resourceSpans\"", "\"scopeSpans\"", "\"spans\""}},
      {"inspect", {"\"eval\"", "\"run_id\"", "\"task\"", "\"samples\""}},
      {"tau2-bench", {"\"simulations\"", "\"reward_info\"", "\"agent_info\""}},
      {"openhands-eval", {"\"instance_id\"", "\"history\"", "\"test_result\""}},
      {"gemini-cli", {"\"sessionId\"", "\"projectHash\"", "\"messages\""}},
      {"claude-code", {"\"sessionId\"", "\"parentUuid\""}},
      {"codex", {"\"session_meta\"", "\"response_item\""}},
      {"atif", {"\"schema_version\"", "ATIF"}},
      {"tau-bench", {"\"task_id\"", "\"traj\"", "\"reward\""}},
      {"mini-swe-agent", {"\"messages\"", "\"exit_status\""}},
      {"swe-agent", {"\"trajectory\"", "\"observation\"", "\"action\""}},
      {"openhands", {"\"source\"", "\"action\"", "\"observation\""}},
      {"anthropic", {"\"role\"", "\"tool_use\""}},
      {"openai", {"\"messages\"", "\"role\""}},
  };
  return signatures;
}

std::string Quoted(const std::vector<std::string_view>& keys) {
  std::string out;
  for (std::string_view k : keys) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

// "closest: tau2-bench (has "simulations"; lacks "reward_info"), ..." or a
// note that no reader's keys appear at all.
std::string Closest(std::string_view head) {
  struct Candidate {
    std::string_view reader;
    std::vector<std::string_view> has, lacks;
  };
  std::vector<Candidate> candidates;
  for (const Signature& sig : Signatures()) {
    Candidate c{sig.reader, {}, {}};
    for (std::string_view k : sig.keys) (HeadHas(head, k) ? c.has : c.lacks).push_back(k);
    if (!c.has.empty()) candidates.push_back(std::move(c));
  }
  if (candidates.empty()) {
    bool text = head.find('\0') == std::string_view::npos;
    return fmt::format("{} no key any reader looks for", text ? "its first 64 KiB hold" : "binary,");
  }
  // The larger share of its keys first; registry order breaks ties.
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.has.size() * (b.has.size() + b.lacks.size()) >
           b.has.size() * (a.has.size() + a.lacks.size());
  });
  std::string out = "closest: ";
  for (size_t i = 0; i < candidates.size() && i < 3; ++i) {
    const Candidate& c = candidates[i];
    if (i > 0) out += ", ";
    out += fmt::format("{} (has {}", c.reader, Quoted(c.has));
    if (!c.lacks.empty()) out += fmt::format("; lacks {}", Quoted(c.lacks));
    out += ")";
  }
  return out;
}

}  // namespace

const std::vector<const FormatReader*>& AllReaders() {
  // The most specific formats first: several are message lists underneath.
  static const std::vector<const FormatReader*> readers = {
      &NativeReader(),       &OtelReader(),        &InspectReader(),     &Tau2BenchReader(),
      &OpenHandsV1Reader(),  &OpenHandsEvalReader(), &GeminiCliReader(), &ClaudeCodeReader(),
      &CodexReader(),        &AtifReader(),        &TauBenchReader(),    &MiniSweAgentReader(),
      &SweAgentReader(),     &OpenHandsReader(),   &AnthropicReader(),   &OpenAIReader(),
      &Trace2SkillMdReader(),
  };
  return readers;
}

const FormatReader* FindReader(std::string_view name) {
  for (const FormatReader* r : AllReaders()) {
    if (r->name() == name) return r;
  }
  return nullptr;
}

std::string AllReaderNames() {
  std::string out;
  for (const FormatReader* r : AllReaders()) {
    if (!out.empty()) out += ", ";
    out += r->name();
  }
  return out;
}

Result<const FormatReader*> DetectFormat(const std::filesystem::path& path,
                                         const std::string& display) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(fmt::format("{}: cannot read", display));
  std::string head(kDetectBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  if (head.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidArgument(fmt::format("{}: empty file", display));
  }
  for (const FormatReader* r : AllReaders()) {
    if (r->Detect(head, path)) return r;
  }
  return Status::InvalidArgument(fmt::format(
      "{}: not a known trajectory format: {}; use --format to name one", display, Closest(head)));
}

std::string FileStem(const std::string& display) {
  std::string name = std::filesystem::path(display).filename().string();
  // "x.traj.json" -> "x": drop every trailing trajectory extension.
  for (bool cut = true; cut;) {
    cut = false;
    for (std::string_view ext : {".json", ".jsonl", ".traj", ".md"}) {
      if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext) {
        name.resize(name.size() - ext.size());
        cut = true;
      }
    }
  }
  return name.empty() ? "stdin" : name;
}

std::string ContentId(const Trajectory& t) {
  Trajectory copy = t;
  copy.id.clear();
  copy.metadata.clear();  // the same run read from another file keeps its id
  return "h-" + HexHash(SerializeTrajectory(copy));
}

bool HeadStartsWith(std::string_view head, std::string_view prefix) {
  size_t start = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return start != std::string_view::npos && head.substr(start, prefix.size()) == prefix;
}

bool HeadHas(std::string_view head, std::string_view needle) {
  return head.find(needle) != std::string_view::npos;
}

bool HeadIsJsonLines(std::string_view head) {
  size_t start = head.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return false;
  size_t nl = head.find('\n', start);
  if (nl == std::string_view::npos) return false;
  if (head.find_first_not_of(" \t\r\n", nl) == std::string_view::npos) return false;
  simdjson::dom::parser parser;
  std::string line(head.substr(start, nl - start));
  line.reserve(line.size() + simdjson::SIMDJSON_PADDING);
  JsonValue first;
  return !parser.parse(line.data(), line.size(), false).get(first);
}

}  // namespace t2s
