// Inspect AI eval logs: a JSON log ({"version", "status", "eval": {task,
// model, ...}, "samples": [...]}) or a .eval zip (header.json with the same
// header, one samples/<id>_epoch_<n>.json per sample). One sample (one epoch
// of it) is one trajectory.
//
// Label rule, from the sample's first score (the first key of "scores"):
//   "C" (correct) -> success, reward 1;  "I" (incorrect), "N" (no answer) -> fail, reward 0;
//   true / false  -> success / fail;
//   a number (or "P" partial = 0.5, or a string holding a number) -> the reward, labelled
//     success when >= the label threshold (default 1, `--label-threshold`);
//   anything else (a dict of values, no scores, a sample error) -> unknown.
// metadata "label_source" names the score ("scores.match").
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>

#include "base/zip_archive.h"
#include "trace/json_input.h"
#include "trace/label_rule.h"
#include "trace/message_steps.h"
#include "trace/readers.h"

namespace t2s {
namespace {

constexpr std::string_view kAttachment = "attachment://";

struct EvalHeader {
  std::string task;
  std::string model;
  std::string eval_id;
};

EvalHeader ReadHeader(JsonValue log) {
  EvalHeader h;
  JsonValue eval = Field(log, "eval").value_or(log);
  h.task = StringField(eval, "task");
  h.model = StringField(eval, "model");
  h.eval_id = StringField(eval, "eval_id");
  if (h.eval_id.empty()) h.eval_id = StringField(eval, "run_id");
  return h;
}

// Large texts are stored once in "attachments" and referred to as
// "attachment://<hash>".
std::string Resolve(std::string text, JsonValue sample) {
  if (text.compare(0, kAttachment.size(), kAttachment) != 0) return text;
  std::optional<JsonValue> attachments = Field(sample, "attachments");
  if (!attachments) return text;
  std::optional<JsonValue> v = Field(*attachments, text.substr(kAttachment.size()));
  return v && v->is_string() ? std::string(v->get_string().value()) : text;
}

// Content: a string or a list of {"type": "text", "text"} / {"type": "reasoning",
// "reasoning"} / images and the like (left out).
void FillContent(JsonValue message, JsonValue sample, Step* step) {
  std::optional<JsonValue> content = Field(message, "content");
  if (!content) return;
  if (content->is_string()) {
    step->content = Resolve(StringField(message, "content"), sample);
    return;
  }
  for (JsonValue block : ArrayOrEmpty(*content)) {
    std::string type = StringField(block, "type");
    std::string* into = type == "reasoning" ? &step->reasoning : &step->content;
    std::string text = Resolve(StringField(block, type == "reasoning" ? "reasoning" : "text"),
                               sample);
    if (text.empty() || (type != "text" && type != "reasoning")) continue;
    if (!into->empty()) *into += "\n";
    *into += text;
  }
}

Result<std::vector<Step>> Steps(JsonValue sample) {
  std::optional<JsonValue> messages = Field(sample, "messages");
  if (!messages || !messages->is_array()) {
    return Status::InvalidArgument("field \"messages\": expected array");
  }
  std::vector<Step> steps;
  size_t i = 0;
  for (JsonValue m : ArrayOrEmpty(*messages)) {
    std::string role = StringField(m, "role");
    std::optional<Role> parsed = ParseRole(role);
    if (!parsed) {
      return Status::InvalidArgument(
          fmt::format("field \"messages[{}].role\": unknown role \"{}\"", i, role));
    }
    ++i;
    Step step;
    step.role = *parsed;
    FillContent(m, sample, &step);
    for (JsonValue c : ArrayOrEmpty(Field(m, "tool_calls").value_or(m))) {
      ToolCall call;
      call.id = StringField(c, "id");
      call.name = StringField(c, "function");
      if (std::optional<JsonValue> a = Field(c, "arguments")) call.arguments = ArgumentsJson(*a);
      step.tool_calls.push_back(std::move(call));
    }
    if (step.role == Role::kTool) {
      step.tool_call_id = StringField(m, "tool_call_id");
      step.name = StringField(m, "function");
      if (std::optional<JsonValue> error = Field(m, "error")) {
        step.is_error = true;
        std::string why = StringField(*error, "message");
        if (step.content.empty()) step.content = why;
      }
    }
    steps.push_back(std::move(step));
  }
  NameToolResults(&steps);
  return steps;
}

void Label(JsonValue sample, Trajectory* t) {
  if (std::optional<JsonValue> error = Field(sample, "error")) {
    t->outcome.detail = "sample error: " + StringField(*error, "message");
    t->outcome.source = "inspect";
    return;
  }
  simdjson::dom::object scores = ObjectOrEmpty(Field(sample, "scores").value_or(sample));
  for (auto [key, score] : scores) {
    std::string field = fmt::format("scores.{}", key);
    std::optional<JsonValue> value = Field(score, "value");
    t->outcome.detail = StringField(score, "explanation");
    std::string_view s;
    bool b = false;
    if (value && !value->get_string().get(s) && (s == "C" || s == "I" || s == "N")) {
      LabelStated(s == "C" ? Label::kSuccess : Label::kFail, s == "C" ? 1.0 : 0.0, "inspect",
                  field, t);
    } else if (value && !value->get_bool().get(b)) {
      LabelStated(b ? Label::kSuccess : Label::kFail, b ? 1.0 : 0.0, "inspect", field, t);
    } else if (value && !value->get_string().get(s) && s == "P") {
      LabelFromNumber(0.5, "inspect", field, t);
    } else if (std::optional<double> n = value ? NumberOf(*value) : std::nullopt) {
      LabelFromNumber(*n, "inspect", field, t);
    } else {
      t->outcome.source = "inspect";
      t->metadata["label_source"] = field;
      t->outcome.detail = fmt::format("score \"{}\" is {}, not a value a label follows from", key,
                                      value ? JsonTypeName(*value) : "missing");
    }
    return;  // the first scorer decides
  }
}

std::string IdText(JsonValue sample, std::string_view key) {
  std::optional<JsonValue> v = Field(sample, key);
  if (!v) return "";
  return v->is_string() ? StringField(sample, key) : ToJsonText(*v);
}

Result<Trajectory> Convert(JsonValue sample, const EvalHeader& header, const std::string& stem,
                           const std::string& where) {
  if (!sample.is_object()) {
    return Status::InvalidArgument(fmt::format("expected object, got {}", JsonTypeName(sample)));
  }
  Trajectory t;
  T2S_ASSIGN_OR_RETURN(t.steps, Steps(sample));
  std::string id = IdText(sample, "id");
  std::string epoch = IdText(sample, "epoch");
  if (epoch.empty()) epoch = "1";
  t.id = fmt::format("{}-{}-{}", stem, id, epoch);
  if (std::optional<JsonValue> input = Field(sample, "input"); input && input->is_string()) {
    t.task = Resolve(StringField(sample, "input"), sample);
  }
  if (t.task.empty()) t.task = FirstUserText(t.steps);
  Label(sample, &t);
  t.metadata["format"] = "inspect";
  t.metadata["file"] = where;
  t.metadata["sample_id"] = id;
  t.metadata["epoch"] = epoch;
  if (!header.task.empty()) t.metadata["task"] = header.task;
  if (!header.model.empty()) t.metadata["model"] = header.model;
  if (!header.eval_id.empty()) t.metadata["eval_id"] = header.eval_id;
  return t;
}

std::string LogStem(const std::string& display) {
  std::string name = std::filesystem::path(display).filename().string();
  for (std::string_view ext : {".eval", ".json"}) {
    if (name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0)
      return name.substr(0, name.size() - ext.size());
  }
  return name;
}

bool IsZip(std::string_view head) { return head.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

// Parses one archive member; the values live in `parser`.
Result<JsonValue> ParseMember(const ZipArchive& zip, const std::string& name,
                              const std::string& display, simdjson::dom::parser* parser,
                              std::string* text) {
  T2S_ASSIGN_OR_RETURN(*text, zip.Read(name));
  text->reserve(text->size() + simdjson::SIMDJSON_PADDING);
  JsonValue v;
  if (parser->parse(text->data(), text->size(), false).get(v)) {
    return Status::InvalidArgument(
        fmt::format("{}:{}: {}", display, name, DescribeInvalidJson(*text)));
  }
  return v;
}

// "samples/10_epoch_2.json" sorts after "samples/9_epoch_1.json".
bool SampleOrder(const std::string& a, const std::string& b) {
  auto key = [](const std::string& s) {
    std::vector<long> numbers;
    for (size_t i = 0; i < s.size();) {
      if (std::isdigit(static_cast<unsigned char>(s[i]))) {
        size_t end = s.find_first_not_of("0123456789", i);
        numbers.push_back(std::stol(s.substr(i, std::min(end, i + 15) - i)));
        i = end == std::string::npos ? s.size() : end;
      } else {
        ++i;
      }
    }
    return numbers;
  };
  auto ka = key(a), kb = key(b);
  return ka != kb ? ka < kb : a < b;
}

class Inspect final : public FormatReader {
 public:
  std::string_view name() const override { return "inspect"; }
  bool Detect(std::string_view head, const std::filesystem::path& path) const override {
    if (IsZip(head)) {
      return path.extension() == ".eval" || HeadHas(head, "_journal/start.json") ||
             HeadHas(head, "header.json");
    }
    return HeadStartsWith(head, "{") && HeadHas(head, "\"eval\"") && HeadHas(head, "\"run_id\"") &&
           HeadHas(head, "\"task\"");
  }
  Status Read(const std::filesystem::path& path, const std::string& display,
              TrajectorySink* sink) const override {
    std::string stem = LogStem(display);
    std::string head(4, '\0');
    {
      std::ifstream probe(path, std::ios::binary);
      probe.read(head.data(), 4);
      head.resize(static_cast<size_t>(probe.gcount()));
    }
    if (!IsZip(head)) {
      JsonDocument doc;
      T2S_RETURN_IF_ERROR(doc.Load(path, display));
      EvalHeader header = ReadHeader(doc.root());
      size_t index = 0;
      for (JsonValue sample : ArrayOrEmpty(Field(doc.root(), "samples").value_or(doc.root()))) {
        std::string where = fmt::format("{}#{}", display, index++);
        Result<Trajectory> t = Convert(sample, header, stem, where);
        if (!t.ok()) {
          sink->Skip(where, t.status().message());
        } else {
          sink->Add(std::move(*t));
        }
      }
      return Status::Ok();
    }
    T2S_ASSIGN_OR_RETURN(ZipArchive zip, ZipArchive::Open(path, display));
    EvalHeader header;
    for (const char* name : {"header.json", "_journal/start.json"}) {
      if (!zip.Has(name)) continue;
      simdjson::dom::parser parser;
      std::string text;
      T2S_ASSIGN_OR_RETURN(JsonValue h, ParseMember(zip, name, display, &parser, &text));
      header = ReadHeader(h);
      break;
    }
    std::vector<std::string> samples;
    for (const std::string& name : zip.names()) {
      if (name.rfind("samples/", 0) == 0 && name.size() > 13 &&
          name.compare(name.size() - 5, 5, ".json") == 0)
        samples.push_back(name);
    }
    std::sort(samples.begin(), samples.end(), SampleOrder);
    simdjson::dom::parser parser;
    std::string text;
    for (const std::string& name : samples) {
      std::string where = fmt::format("{}:{}", display, name);
      Result<JsonValue> sample = ParseMember(zip, name, display, &parser, &text);
      if (!sample.ok()) {
        sink->Skip(where, sample.status().message().substr(where.size() + 2));
        continue;
      }
      Result<Trajectory> t = Convert(*sample, header, stem, where);
      if (!t.ok()) {
        sink->Skip(where, t.status().message());
      } else {
        sink->Add(std::move(*t));
      }
    }
    if (samples.empty()) sink->Skip(display, "no samples in the log (was it run with --no-log-samples?)");
    return Status::Ok();
  }
};

}  // namespace

const FormatReader& InspectReader() {
  static const Inspect reader;
  return reader;
}

}  // namespace t2s
