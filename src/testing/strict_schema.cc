#include "testing/strict_schema.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "testing/schema_ref.h"

namespace t2s::testing {
namespace {

using Json = nlohmann::json;

constexpr int kMaxObjectProperties = 5000;
constexpr int kMaxObjectDepth = 10;
constexpr int kMaxEnumValues = 1000;
constexpr size_t kMaxSchemaChars = 120000;
constexpr size_t kLargeEnumValues = 250;
constexpr size_t kMaxLargeEnumChars = 15000;

const std::set<std::string, std::less<>>& Keywords() {
  static const std::set<std::string, std::less<>> k = {"type",
                                                       "description",
                                                       "title",
                                                       "enum",
                                                       "const",
                                                       "anyOf",
                                                       "$ref",
                                                       "properties",
                                                       "required",
                                                       "additionalProperties",
                                                       "items",
                                                       "minItems",
                                                       "maxItems",
                                                       "pattern",
                                                       "format",
                                                       "multipleOf",
                                                       "minimum",
                                                       "maximum",
                                                       "exclusiveMinimum",
                                                       "exclusiveMaximum"};
  return k;
}

bool SupportedFormat(std::string_view f) {
  for (std::string_view ok :
       {"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"}) {
    if (f == ok) return true;
  }
  return false;
}

bool KnownType(const Json& t) {
  if (!t.is_string()) return false;
  const std::string& s = t.get_ref<const std::string&>();
  return s == "string" || s == "number" || s == "integer" || s == "boolean" || s == "object" ||
         s == "array" || s == "null";
}

// One step of a context path: a key (quoted in the message) or an index.
using Step = std::variant<std::string, size_t>;

class Checker {
 public:
  Checker(const Json& root, std::string_view name) : root_(root), name_(name) {}

  Status Run() {
    if (!root_.is_object() || root_.value("type", Json()) != "object" || root_.contains("anyOf")) {
      std::string got = "None";
      if (root_.is_object() && root_.contains("type") && !root_.contains("anyOf")) {
        got = root_["type"].is_string() ? root_["type"].get<std::string>() : root_["type"].dump();
      }
      return Fail(fmt::format(
          "schema must be a JSON Schema of 'type: \"object\"', got 'type: \"{}\"'.", got));
    }
    for (const char* defs : {"$defs", "definitions"}) {
      auto d = root_.find(defs);
      if (d == root_.end()) continue;
      if (!d->is_object()) return FailAt(fmt::format("'{}' must be an object.", defs));
      for (const auto& [key, sub] : d->items()) {
        chars_ += key.size();
        path_ = {std::string(defs), key};
        T2S_RETURN_IF_ERROR(Visit(sub, 0));
      }
    }
    path_.clear();
    T2S_RETURN_IF_ERROR(Visit(root_, 0));
    if (properties_ > kMaxObjectProperties) {
      return Fail(fmt::format("the schema has {} object properties; at most {} are permitted.",
                              properties_, kMaxObjectProperties));
    }
    if (enum_values_ > kMaxEnumValues) {
      return Fail(fmt::format("the schema has {} enum values; at most {} are permitted.",
                              enum_values_, kMaxEnumValues));
    }
    if (chars_ > kMaxSchemaChars) {
      return Fail(fmt::format(
          "property names, definition names, enum and const values total {} characters; at "
          "most {} are permitted.",
          chars_, kMaxSchemaChars));
    }
    return Status::Ok();
  }

 private:
  Status Fail(const std::string& detail) const {
    return Status::InvalidArgument(
        fmt::format("Invalid schema for response_format '{}': {}", name_, detail));
  }

  // Python's repr of the context tuple: (), ('a',), ('a', 'b', 0).
  std::string Context() const {
    std::string out = "(";
    for (size_t i = 0; i < path_.size(); ++i) {
      if (i > 0) out += ", ";
      if (const auto* key = std::get_if<std::string>(&path_[i])) {
        out += "'" + *key + "'";
      } else {
        out += std::to_string(std::get<size_t>(path_[i]));
      }
    }
    return out + (path_.size() == 1 ? ",)" : ")");
  }

  Status FailAt(const std::string& detail) const {
    return Fail(fmt::format("In context={}, {}", Context(), detail));
  }

  bool IsObjectSchema(const Json& s) const {
    if (s.contains("properties")) return true;
    const Json t = s.value("type", Json());
    if (t == "object") return true;
    return t.is_array() && std::find(t.begin(), t.end(), Json("object")) != t.end();
  }

  Status CheckKeywords(const Json& s) const {
    for (const auto& [key, value] : s.items()) {
      if (Keywords().count(key)) continue;
      bool defs = key == "$defs" || key == "definitions";
      if (defs && &s == &root_) continue;
      return FailAt(fmt::format("'{}' is not permitted.", key));
    }
    return Status::Ok();
  }

  Status CheckType(const Json& s) const {
    auto t = s.find("type");
    if (t == s.end()) {
      if (s.contains("anyOf") || s.contains("$ref") || s.contains("enum") || s.contains("const"))
        return Status::Ok();
      return FailAt("schema must have a 'type' key.");
    }
    const Json types = t->is_array() ? *t : Json::array({*t});
    if (types.empty()) return FailAt("'type' must not be an empty array.");
    for (const Json& one : types) {
      if (!KnownType(one)) return FailAt(fmt::format("type {} is not supported.", one.dump()));
    }
    return Status::Ok();
  }

  Status CheckObject(const Json& s, int depth) {
    if (depth > kMaxObjectDepth) {
      return FailAt(fmt::format("objects are nested {} levels deep; at most {} are permitted.",
                                depth, kMaxObjectDepth));
    }
    auto extra = s.find("additionalProperties");
    if (extra == s.end() || *extra != false) {
      return FailAt("'additionalProperties' is required to be supplied and to be false.");
    }
    const Json props = s.value("properties", Json::object());
    if (!props.is_object()) return FailAt("'properties' must be an object.");
    const Json required = s.value("required", Json::array());
    std::set<std::string, std::less<>> listed;
    bool strings = required.is_array();
    for (const Json& r : strings ? required : Json::array()) {
      strings = strings && r.is_string();
      if (r.is_string()) listed.insert(r.get<std::string>());
    }
    constexpr const char* kRequired =
        "'required' is required to be supplied and to be an array including every key in "
        "properties.";
    if (!strings) return FailAt(kRequired);
    for (const auto& [key, sub] : props.items()) {
      if (!listed.count(key)) return FailAt(fmt::format("{} Missing '{}'.", kRequired, key));
    }
    for (const std::string& key : listed) {
      if (!props.contains(key))
        return FailAt(fmt::format("{} Extra required key '{}' supplied.", kRequired, key));
    }
    for (const auto& [key, sub] : props.items()) {
      ++properties_;
      chars_ += key.size();
      path_.emplace_back(std::string("properties"));
      path_.emplace_back(key);
      T2S_RETURN_IF_ERROR(Visit(sub, depth));
      path_.resize(path_.size() - 2);
    }
    return Status::Ok();
  }

  Status CheckEnum(const Json& e) {
    if (!e.is_array() || e.empty()) return FailAt("'enum' must be a non-empty array.");
    size_t string_chars = 0;
    for (const Json& v : e) {
      if (!v.is_string() && !v.is_number() && !v.is_null()) {
        return FailAt(fmt::format("enum value {} is not a string, number or null.", v.dump()));
      }
      if (v.is_string()) string_chars += v.get_ref<const std::string&>().size();
    }
    enum_values_ += static_cast<int>(e.size());
    chars_ += string_chars;
    if (e.size() > kLargeEnumValues && string_chars > kMaxLargeEnumChars) {
      return FailAt(fmt::format(
          "an enum of {} values totals {} characters; one of more than {} values may total at "
          "most {}.",
          e.size(), string_chars, kLargeEnumValues, kMaxLargeEnumChars));
    }
    return Status::Ok();
  }

  Status CheckRef(const Json& ref) const {
    if (ResolveSchemaRef(root_, ref) != nullptr) return Status::Ok();
    return FailAt(fmt::format("reference '{}' can't be resolved.",
                              ref.is_string() ? ref.get<std::string>() : ref.dump()));
  }

  Status Visit(const Json& s, int depth) {
    if (!s.is_object()) return FailAt("schema must be a JSON object.");
    T2S_RETURN_IF_ERROR(CheckKeywords(s));
    T2S_RETURN_IF_ERROR(CheckType(s));
    if (auto r = s.find("$ref"); r != s.end()) T2S_RETURN_IF_ERROR(CheckRef(*r));
    if (auto e = s.find("enum"); e != s.end()) T2S_RETURN_IF_ERROR(CheckEnum(*e));
    if (auto c = s.find("const"); c != s.end() && c->is_string()) {
      chars_ += c->get_ref<const std::string&>().size();
    }
    if (auto f = s.find("format"); f != s.end()) {
      if (!f->is_string() || !SupportedFormat(f->get_ref<const std::string&>()))
        return FailAt(fmt::format("format {} is not supported.", f->dump()));
    }
    if (auto p = s.find("pattern"); p != s.end()) {
      bool valid = p->is_string();
      try {
        if (valid) std::regex re(p->get<std::string>(), std::regex::ECMAScript);
      } catch (const std::regex_error&) {
        valid = false;
      }
      if (!valid)
        return FailAt(fmt::format("pattern {} is not a valid regular expression.", p->dump()));
    }
    if (IsObjectSchema(s)) T2S_RETURN_IF_ERROR(CheckObject(s, depth + 1));
    if (auto items = s.find("items"); items != s.end()) {
      path_.emplace_back(std::string("items"));
      T2S_RETURN_IF_ERROR(Visit(*items, depth));
      path_.pop_back();
    }
    if (auto any = s.find("anyOf"); any != s.end()) {
      if (!any->is_array() || any->empty()) return FailAt("'anyOf' must be a non-empty array.");
      for (size_t i = 0; i < any->size(); ++i) {
        path_.emplace_back(std::string("anyOf"));
        path_.emplace_back(i);
        T2S_RETURN_IF_ERROR(Visit((*any)[i], depth));
        path_.resize(path_.size() - 2);
      }
    }
    return Status::Ok();
  }

  const Json& root_;
  std::string name_;
  std::vector<Step> path_;
  int properties_ = 0;
  int enum_values_ = 0;
  size_t chars_ = 0;
};

}  // namespace

Status CheckStrictSchema(const nlohmann::json& schema, std::string_view name) {
  try {
    return Checker(schema, name).Run();
  } catch (const Json::exception& e) {
    return Status::Internal(fmt::format("strict schema check failed: {}", e.what()));
  }
}

}  // namespace t2s::testing
