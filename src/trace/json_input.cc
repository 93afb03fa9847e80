#include "trace/json_input.h"

#include <fmt/format.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "base/json_error.h"
#include "base/json_writer.h"
#include "base/line_reader.h"

namespace t2s {
namespace {

using simdjson::dom::element_type;

// simdjson needs SIMDJSON_PADDING readable bytes after the text.
void Pad(std::string* s) {
  if (s->capacity() < s->size() + simdjson::SIMDJSON_PADDING)
    s->reserve(s->size() + simdjson::SIMDJSON_PADDING);
}

// Finds where a text stops being JSON without building a document or
// throwing: a reader over an invalid file asks this once per bad line, and
// the exceptions and trees of a plain parse were most of its time.
class ErrorFinder final : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception& ex) override {
    failed = true;
    what = ex.what();
    // A number no double holds (1e999, "out of range"): the parser names it,
    // not its place.
    const auto* pe = dynamic_cast<const nlohmann::json::parse_error*>(&ex);
    byte = pe != nullptr ? pe->byte : 0;
    return false;
  }

  bool failed = false;
  size_t byte = 0;
  std::string what;
};

JsonErrorPlace PlaceOfError(std::string_view text) {
  ErrorFinder finder;
  nlohmann::json::sax_parse(text.begin(), text.end(), &finder);
  if (finder.failed) return DescribeJsonError(finder.byte, finder.what, text);
  // Both parsers must agree; simdjson is stricter on a few inputs (deep nesting).
  return JsonErrorPlace{1, 1, "not accepted by the JSON parser"};
}

// True when the whole file parses as one JSON document.
bool IsOneJsonDocument(const std::filesystem::path& path) {
  std::error_code ec;
  uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxDocumentBytes) return false;
  Result<std::string> text = ReadFile(path, simdjson::SIMDJSON_PADDING);
  if (!text.ok()) return false;
  Pad(&*text);
  simdjson::dom::parser parser;
  JsonValue root;
  return !parser.parse(text->data(), text->size(), false).get(root);
}

}  // namespace

std::string DescribeInvalidJson(std::string_view text) {
  JsonErrorPlace at = PlaceOfError(text);
  return fmt::format("invalid JSON at column {}: {}", at.column, at.detail);
}

Status JsonDocument::Load(const std::filesystem::path& path, const std::string& display) {
  std::error_code ec;
  uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxDocumentBytes) {
    return Status::FailedPrecondition(
        fmt::format("{}: {:.1f} GB is too large for a JSON document (limit 1 GiB); use JSONL",
                    display, static_cast<double>(size) / 1e9));
  }
  T2S_ASSIGN_OR_RETURN(std::string text, ReadFile(path, simdjson::SIMDJSON_PADDING));
  // A UTF-8 byte order mark (editors on Windows write one) is not JSON.
  size_t bom = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  Pad(&text);
  simdjson::error_code error =
      parser_.parse(text.data() + bom, text.size() - bom, false).get(root_);
  if (error == simdjson::CAPACITY) {
    return Status::FailedPrecondition(fmt::format("{}: too large for the JSON parser", display));
  }
  if (error) {
    JsonErrorPlace at = PlaceOfError(std::string_view(text).substr(bom));
    return Status::InvalidArgument(
        fmt::format("{}:{}:{}: invalid JSON: {}", display, at.line, at.column, at.detail));
  }
  return Status::Ok();
}

Status ReadOneDocument(const std::filesystem::path& path, const std::string& display,
                       TrajectorySink* sink,
                       const std::function<Result<Trajectory>(JsonValue)>& convert) {
  JsonDocument doc;
  T2S_RETURN_IF_ERROR(doc.Load(path, display));
  Result<Trajectory> t = convert(doc.root());
  if (!t.ok()) {
    sink->Skip(display, t.status().message());
  } else {
    sink->Add(std::move(*t));
  }
  return Status::Ok();
}

Status ForEachJsonLine(const std::filesystem::path& path, const std::string& display,
                       TrajectorySink* sink, const std::function<void(size_t, JsonValue)>& fn) {
  LineReader reader(simdjson::SIMDJSON_PADDING);
  T2S_RETURN_IF_ERROR(reader.Open(path, display));
  simdjson::dom::parser parser;
  std::string_view line;
  bool too_long = false;
  bool any_record = false;
  while (reader.Next(&line, &too_long)) {
    if (too_long) {
      sink->Skip(fmt::format("{}:{}", display, reader.line_number()), "line longer than 256 MiB");
      continue;
    }
    if (reader.line_number() == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    JsonValue record;
    // The reader leaves SIMDJSON_PADDING readable bytes after each line.
    if (parser.parse(line.data(), line.size(), false).get(record)) {
      // A pretty-printed document is one record, not thousands of bad lines.
      if (!any_record && IsOneJsonDocument(path)) {
        return Status::InvalidArgument(fmt::format(
            "{}: one JSON document, not JSON Lines (one record per line) as this format is",
            display));
      }
      sink->Skip(fmt::format("{}:{}", display, reader.line_number()), DescribeInvalidJson(line));
      continue;
    }
    any_record = true;
    fn(reader.line_number(), record);
  }
  if (reader.failed()) {
    return Status::IoError(
        fmt::format("{}: read error after line {}", display, reader.line_number()));
  }
  return Status::Ok();
}

// Values of documents that live as long as the program, for the empty cases.
static const JsonValue& EmptyValue(const char* text) {
  static simdjson::dom::parser* arrays = new simdjson::dom::parser;
  static simdjson::dom::parser* objects = new simdjson::dom::parser;
  static JsonValue empty_array = [] {
    JsonValue v;
    if (arrays->parse(simdjson::padded_string(std::string_view("[]"))).get(v)) std::abort();
    return v;
  }();
  static JsonValue empty_object = [] {
    JsonValue v;
    if (objects->parse(simdjson::padded_string(std::string_view("{}"))).get(v)) std::abort();
    return v;
  }();
  return text[0] == '[' ? empty_array : empty_object;
}

simdjson::dom::array ArrayOrEmpty(JsonValue v) {
  simdjson::dom::array a;
  if (!v.get_array().get(a)) return a;
  if (EmptyValue("[]").get_array().get(a)) std::abort();
  return a;
}

simdjson::dom::object ObjectOrEmpty(JsonValue v) {
  simdjson::dom::object o;
  if (!v.get_object().get(o)) return o;
  if (EmptyValue("{}").get_object().get(o)) std::abort();
  return o;
}

JsonValue FirstElement(simdjson::dom::array list) {
  JsonValue first;
  if (list.at(0).get(first)) return EmptyValue("[]");
  return first;
}

const char* JsonTypeName(JsonValue v) {
  switch (v.type()) {
    case element_type::NULL_VALUE:
      return "null";
    case element_type::BOOL:
      return "boolean";
    case element_type::STRING:
      return "string";
    case element_type::ARRAY:
      return "array";
    case element_type::OBJECT:
      return "object";
    default:
      return "number";
  }
}

bool IsNull(JsonValue v) { return v.type() == element_type::NULL_VALUE; }

std::optional<JsonValue> Field(JsonValue obj, std::string_view key) {
  if (obj.type() != element_type::OBJECT) return std::nullopt;
  JsonValue v;
  simdjson::dom::object object;
  if (obj.get_object().get(object) || object.at_key(key).get(v) || IsNull(v)) return std::nullopt;
  return v;
}

std::string StringField(JsonValue obj, std::string_view key) {
  std::optional<JsonValue> v = Field(obj, key);
  std::string_view s;
  if (!v || v->get_string().get(s)) return "";
  return std::string(s);
}

bool BoolField(JsonValue obj, std::string_view key, bool fallback) {
  std::optional<JsonValue> v = Field(obj, key);
  bool b = fallback;
  if (v && !v->get_bool().get(b)) return b;
  return fallback;
}

std::string ContentText(JsonValue content) {
  std::string_view s;
  if (!content.get_string().get(s)) return std::string(s);
  if (content.type() != element_type::ARRAY) return "";
  std::string out;
  for (JsonValue block : ArrayOrEmpty(content)) {
    std::string part;
    if (!block.get_string().get(s)) {
      part = std::string(s);
    } else if (block.type() == element_type::OBJECT) {
      std::string type = StringField(block, "type");
      if (type.empty() || type == "text" || type == "input_text" || type == "output_text") {
        part = StringField(block, "text");
      }
    }
    if (part.empty()) continue;
    if (!out.empty()) out += "\n";
    out += part;
  }
  return out;
}

std::string ToJsonText(JsonValue v) { return simdjson::minify(v); }

std::string ArgumentsJson(JsonValue args) {
  if (IsNull(args)) return "{}";
  std::string_view s;
  if (args.get_string().get(s)) return ToJsonText(args);
  // A JSON-encoded string (OpenAI's "arguments"): its value, re-serialized.
  thread_local simdjson::dom::parser inner;
  std::string padded(s);
  Pad(&padded);
  JsonValue parsed;
  if (!inner.parse(padded.data(), padded.size(), false).get(parsed)) return ToJsonText(parsed);
  std::string out;
  AppendJsonString(&out, s);
  return out;
}

std::optional<double> NumberOfText(std::string_view text) {
  std::string copy(text);
  char* end = nullptr;
  double d = std::strtod(copy.c_str(), &end);
  if (copy.empty() || end != copy.c_str() + copy.size()) return std::nullopt;
  return d;
}

std::optional<double> NumberOf(JsonValue v) {
  double d = 0;
  if (!v.get_double().get(d)) return d;
  bool b = false;
  if (!v.get_bool().get(b)) return b ? 1.0 : 0.0;
  std::string_view s;
  if (!v.get_string().get(s)) return NumberOfText(s);
  return std::nullopt;
}

}  // namespace t2s
