#include "llm/json_extract.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "base/json_error.h"
#include "base/text.h"
#include "llm/json_depth.h"
#include "llm/provider.h"

namespace t2s {
namespace {

using Json = nlohmann::json;

// The object that starts with '{' at `start`: where it ends (npos when it
// does not) and how deeply it nests, scanning as JSON (braces inside strings
// do not count).
struct Span {
  size_t end = std::string_view::npos;
  size_t depth = 0;
};

Span MatchObject(std::string_view s, size_t start) {
  Span span;
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = start; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      span.depth = std::max(span.depth, ++depth);
      if (span.depth > kMaxJsonDepth) return span;  // refused: no need to find the end
    } else if ((c == '}' || c == ']') && depth > 0 && --depth == 0) {
      span.end = i + 1;
      return span;
    }
  }
  return span;
}

// At most this many '{' are tried as the start of the answer, so prose full
// of braces costs a bounded number of scans.
constexpr int kMaxCandidates = 64;

Status TooDeep() {
  return Status::InvalidArgument(
      fmt::format("the answer is nested deeper than {} levels", kMaxJsonDepth));
}

Status ParseError(const Json::parse_error& e, std::string_view text) {
  JsonErrorPlace at = DescribeJsonError(e.byte, e.what(), text);
  return Status::InvalidArgument(fmt::format(
      "the JSON object is not valid: {} at line {}, column {}", at.detail, at.line, at.column));
}

// `text` as one JSON object, or why not.
Result<std::string> ParseObject(std::string_view text) {
  if (JsonNestingDepth(text) > kMaxJsonDepth) return TooDeep();
  try {
    Json j = Json::parse(text);
    if (!j.is_object()) return Status::InvalidArgument("no JSON object in the answer");
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
  } catch (const Json::parse_error& e) {
    return ParseError(e, text);
  } catch (const Json::out_of_range& e) {
    // A number no double holds (1e999): the parser names it, not its place.
    return Status::InvalidArgument(fmt::format("the JSON object is not valid: {}",
                                               DescribeJsonError(0, e.what(), text).detail));
  }
}

// The first '{' of `text` that starts a complete, valid object. The error is
// the first candidate's (the likeliest intended answer), or "no JSON object".
Result<std::string> FirstObject(std::string_view text) {
  std::optional<Status> first_error;
  int tried = 0;
  for (size_t at = text.find('{'); at != std::string_view::npos && tried < kMaxCandidates;
       at = text.find('{', at + 1), ++tried) {
    Span span = MatchObject(text, at);
    Result<std::string> parsed =
        span.depth > kMaxJsonDepth
            ? Result<std::string>(TooDeep())
            : ParseObject(text.substr(
                  at, span.end == std::string_view::npos ? std::string_view::npos : span.end - at));
    if (parsed.ok()) return parsed;
    if (!first_error) first_error = parsed.status();
    if (span.depth > kMaxJsonDepth) break;
  }
  if (first_error) return *first_error;
  return Status::InvalidArgument("no JSON object in the answer");
}

// The bodies of ``` fenced blocks, in order. A fence is a line that starts
// (after spaces) with ```; inside a JSON string a newline is written \n, so
// a fence in a skill's code block is never at the start of a real line.
std::vector<std::string_view> FencedBlocks(std::string_view text) {
  std::vector<std::string_view> blocks;
  constexpr size_t kNone = std::string_view::npos;
  size_t open = kNone;  // where the current block's body starts
  size_t line = 0;
  while (line < text.size()) {
    size_t eol = text.find('\n', line);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view l = Trim(text.substr(line, eol - line));
    if (l.substr(0, 3) == "```") {
      if (open == kNone) {
        open = eol + 1;
      } else {
        blocks.push_back(text.substr(open, line - std::min(line, open)));
        open = kNone;
      }
    }
    line = eol + 1;
  }
  return blocks;
}


Status Check(const Json& v, const Json& schema, const std::string& path) {
  if (!schema.is_object()) return Status::Ok();
  if (auto t = schema.find("type"); t != schema.end()) {
    bool ok = false;
    std::string names;
    for (const Json& type : t->is_array() ? *t : Json::array({*t})) {
      if (!type.is_string()) continue;
      ok = ok || JsonHasSchemaType(v, type.get<std::string>());
      names += (names.empty() ? "" : " or ") + type.get<std::string>();
    }
    if (!ok)
      return Status::InvalidArgument(
          fmt::format("{}: expected {}, got {}", path, names, JsonSchemaTypeOf(v)));
  }
  if (auto e = schema.find("enum"); e != schema.end() && e->is_array()) {
    bool found = false;
    std::string names;
    for (const Json& option : *e) {
      found = found || option == v;
      names += (names.empty() ? "" : ", ") + option.dump();
    }
    if (!found)
      return Status::InvalidArgument(
          fmt::format("{}: expected one of {}, got {}", path, names, v.dump()));
  }
  if (v.is_string()) {
    if (auto m = schema.find("minLength");
        m != schema.end() && m->is_number_integer() &&
        v.get_ref<const std::string&>().size() < m->get<size_t>()) {
      return Status::InvalidArgument(
          fmt::format("{}: expected at least {} characters", path, m->get<size_t>()));
    }
  }
  if (v.is_object()) {
    if (auto req = schema.find("required"); req != schema.end() && req->is_array()) {
      for (const Json& key : *req) {
        if (key.is_string() && !v.contains(key.get<std::string>())) {
          return Status::InvalidArgument(
              fmt::format("{}: missing required property \"{}\"", path, key.get<std::string>()));
        }
      }
    }
    const Json props = schema.value("properties", Json::object());
    for (const auto& [key, value] : v.items()) {
      if (props.is_object() && props.contains(key)) {
        T2S_RETURN_IF_ERROR(Check(value, props.at(key), path + "." + key));
      } else if (auto extra = schema.find("additionalProperties");
                 extra != schema.end() && extra->is_boolean() && !extra->get<bool>()) {
        return Status::InvalidArgument(fmt::format("{}: unexpected property \"{}\"", path, key));
      }
    }
  }
  if (v.is_array()) {
    if (auto m = schema.find("minItems");
        m != schema.end() && m->is_number_integer() && v.size() < m->get<size_t>()) {
      return Status::InvalidArgument(
          fmt::format("{}: expected at least {} items, got {}", path, m->get<size_t>(), v.size()));
    }
    if (auto m = schema.find("maxItems");
        m != schema.end() && m->is_number_integer() && v.size() > m->get<size_t>()) {
      return Status::InvalidArgument(
          fmt::format("{}: expected at most {} items, got {}", path, m->get<size_t>(), v.size()));
    }
    if (auto items = schema.find("items"); items != schema.end()) {
      for (size_t i = 0; i < v.size(); ++i) {
        T2S_RETURN_IF_ERROR(Check(v[i], *items, fmt::format("{}[{}]", path, i)));
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> ExtractJsonObject(std::string_view content) {
  std::string text(content), reasoning;
  StripThink(&text, &reasoning);
  std::string_view answer = Trim(text);
  // The answer as it is: what a server enforcing the schema sends. Too deep
  // a whole is never parsed, but a fenced answer inside it may still be good.
  bool too_deep = JsonNestingDepth(answer) > kMaxJsonDepth;
  if (!too_deep) {
    if (Result<std::string> whole = ParseObject(answer); whole.ok()) return whole;
  }
  // Then a fenced block, then any object in the prose.
  for (std::string_view block : FencedBlocks(answer)) {
    if (Result<std::string> fenced = FirstObject(Trim(block)); fenced.ok()) return fenced;
  }
  Result<std::string> first = FirstObject(answer);
  if (!first.ok() && too_deep) return TooDeep();
  return first;
}

Status ValidateJsonSchema(std::string_view json, std::string_view schema_json) {
  if (JsonNestingDepth(json) > kMaxJsonDepth)
    return Status::InvalidArgument(fmt::format("$: nested deeper than {} levels", kMaxJsonDepth));
  Json value = Json::parse(json, nullptr, false);
  if (value.is_discarded()) return Status::InvalidArgument("$: not valid JSON");
  Json schema = Json::parse(schema_json, nullptr, false);
  if (schema.is_discarded()) return Status::Internal("the request's schema is not valid JSON");
  try {
    return Check(value, schema, "$");
  } catch (const Json::exception& e) {
    return Status::Internal(fmt::format("schema check failed: {}", e.what()));
  }
}

std::string JsonSchemaTypeOf(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::string:
      return "string";
    case Json::value_t::array:
      return "array";
    case Json::value_t::object:
      return "object";
    case Json::value_t::number_float:
      return "number";
    default:
      return "integer";
  }
}

bool JsonHasSchemaType(const Json& value, const std::string& type) {
  std::string actual = JsonSchemaTypeOf(value);
  return actual == type || (type == "number" && actual == "integer");
}

}  // namespace t2s
