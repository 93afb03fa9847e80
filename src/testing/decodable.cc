#include "testing/decodable.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "llm/json_extract.h"
#include "testing/schema_ref.h"

namespace t2s::testing {
namespace {

using Json = nlohmann::json;

// $ref chains longer than this are taken for a loop.
constexpr int kMaxRefHops = 64;


// Characters, not bytes: UTF-8 continuation bytes do not count.
size_t Utf8Length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

class Checker {
 public:
  explicit Checker(const Json& root) : root_(root) {}

  Status Check(const Json& v, const Json& schema, const std::string& path, int hops = 0) {
    if (schema.is_boolean()) {
      if (schema.get<bool>()) return Status::Ok();
      return Status::InvalidArgument(fmt::format("{}: no value is allowed here", path));
    }
    if (!schema.is_object()) return Status::Ok();
    if (auto ref = schema.find("$ref"); ref != schema.end()) {
      if (hops > kMaxRefHops)
        return Status::InvalidArgument(fmt::format("{}: $ref loop in the schema", path));
      const Json* target = ResolveSchemaRef(root_, *ref);
      if (target == nullptr)
        return Status::InvalidArgument(fmt::format("{}: unresolvable $ref {}", path, ref->dump()));
      T2S_RETURN_IF_ERROR(Check(v, *target, path, hops + 1));
    }
    if (auto any = schema.find("anyOf"); any != schema.end() && any->is_array()) {
      Status first;
      bool matched = false;
      for (const Json& branch : *any) {
        Status s = Check(v, branch, path);
        if (s.ok()) {
          matched = true;
          break;
        }
        if (first.ok()) first = s;
      }
      if (!matched) {
        return Status::InvalidArgument(
            fmt::format("{}: matches no anyOf branch (first: {})", path, first.message()));
      }
    }
    if (auto c = schema.find("const"); c != schema.end() && *c != v) {
      return Status::InvalidArgument(
          fmt::format("{}: expected {}, got {}", path, c->dump(), v.dump()));
    }
    T2S_RETURN_IF_ERROR(CheckType(v, schema, path));
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
    if (v.is_string())
      T2S_RETURN_IF_ERROR(CheckString(v.get_ref<const std::string&>(), schema, path));
    if (v.is_number()) T2S_RETURN_IF_ERROR(CheckNumber(v.get<double>(), schema, path));
    if (v.is_object()) T2S_RETURN_IF_ERROR(CheckObject(v, schema, path));
    if (v.is_array()) T2S_RETURN_IF_ERROR(CheckArray(v, schema, path));
    return Status::Ok();
  }

 private:
  static Status CheckType(const Json& v, const Json& schema, const std::string& path) {
    auto t = schema.find("type");
    if (t == schema.end()) return Status::Ok();
    bool ok = false;
    std::string names;
    for (const Json& type : t->is_array() ? *t : Json::array({*t})) {
      if (!type.is_string()) continue;
      ok = ok || JsonHasSchemaType(v, type.get<std::string>());
      names += (names.empty() ? "" : " or ") + type.get<std::string>();
    }
    if (ok) return Status::Ok();
    return Status::InvalidArgument(
        fmt::format("{}: expected {}, got {}", path, names, JsonSchemaTypeOf(v)));
  }

  static Status CheckString(const std::string& s, const Json& schema, const std::string& path) {
    size_t length = Utf8Length(s);
    if (auto m = schema.find("minLength");
        m != schema.end() && m->is_number_unsigned() && length < m->get<size_t>()) {
      return Status::InvalidArgument(fmt::format("{}: expected at least {} characters, got {}",
                                                 path, m->get<size_t>(), length));
    }
    if (auto m = schema.find("maxLength");
        m != schema.end() && m->is_number_unsigned() && length > m->get<size_t>()) {
      return Status::InvalidArgument(fmt::format("{}: expected at most {} characters, got {}", path,
                                                 m->get<size_t>(), length));
    }
    if (auto p = schema.find("pattern"); p != schema.end() && p->is_string()) {
      try {
        if (!std::regex_search(s, std::regex(p->get<std::string>(), std::regex::ECMAScript))) {
          return Status::InvalidArgument(
              fmt::format("{}: {} does not match the pattern {}", path, Json(s).dump(), p->dump()));
        }
      } catch (const std::regex_error&) {
        // A pattern std::regex cannot read: a real server would have refused
        // the schema; CheckStrictSchema reports it.
      }
    }
    return Status::Ok();
  }

  static Status CheckNumber(double x, const Json& schema, const std::string& path) {
    auto bound = [&](const char* key, bool (*fails)(double, double), const char* words) {
      auto b = schema.find(key);
      if (b == schema.end() || !b->is_number() || !fails(x, b->get<double>())) return Status::Ok();
      return Status::InvalidArgument(
          fmt::format("{}: expected {} {}, got {}", path, words, b->dump(), Json(x).dump()));
    };
    T2S_RETURN_IF_ERROR(bound(
        "minimum", [](double a, double b) { return a < b; }, "at least"));
    T2S_RETURN_IF_ERROR(bound(
        "maximum", [](double a, double b) { return a > b; }, "at most"));
    T2S_RETURN_IF_ERROR(bound(
        "exclusiveMinimum", [](double a, double b) { return a <= b; }, "more than"));
    return bound(
        "exclusiveMaximum", [](double a, double b) { return a >= b; }, "less than");
  }

  Status CheckObject(const Json& v, const Json& schema, const std::string& path) {
    // Only the object-describing parts of a schema close the object: a
    // schema of $ref or anyOf alone leaves the check to its target.
    bool describes = schema.contains("properties") || schema.contains("required") ||
                     schema.contains("additionalProperties") || schema.contains("type");
    if (!describes) return Status::Ok();
    const Json props = schema.value("properties", Json::object());
    const Json required = schema.value("required", Json::array());
    if (required.is_array()) {
      for (const Json& key : required) {
        if (key.is_string() && !v.contains(key.get<std::string>())) {
          return Status::InvalidArgument(
              fmt::format("{}: missing required property \"{}\"", path, key.get<std::string>()));
        }
      }
    }
    const Json extra = schema.value("additionalProperties", Json());
    for (const auto& [key, value] : v.items()) {
      std::string at = path + "." + key;
      if (props.is_object() && props.contains(key)) {
        T2S_RETURN_IF_ERROR(Check(value, props.at(key), at));
      } else if (extra.is_object()) {
        T2S_RETURN_IF_ERROR(Check(value, extra, at));
      } else if (!(required.is_array() &&
                   std::find(required.begin(), required.end(), Json(key)) != required.end())) {
        return Status::InvalidArgument(fmt::format("{}: undeclared property \"{}\"", path, key));
      }
    }
    return Status::Ok();
  }

  Status CheckArray(const Json& v, const Json& schema, const std::string& path) {
    if (auto m = schema.find("minItems");
        m != schema.end() && m->is_number_unsigned() && v.size() < m->get<size_t>()) {
      return Status::InvalidArgument(
          fmt::format("{}: expected at least {} items, got {}", path, m->get<size_t>(), v.size()));
    }
    if (auto m = schema.find("maxItems");
        m != schema.end() && m->is_number_unsigned() && v.size() > m->get<size_t>()) {
      return Status::InvalidArgument(
          fmt::format("{}: expected at most {} items, got {}", path, m->get<size_t>(), v.size()));
    }
    if (auto items = schema.find("items"); items != schema.end()) {
      for (size_t i = 0; i < v.size(); ++i) {
        T2S_RETURN_IF_ERROR(Check(v[i], *items, fmt::format("{}[{}]", path, i)));
      }
    }
    return Status::Ok();
  }

  const Json& root_;
};

}  // namespace

Status CheckDecodable(const nlohmann::json& value, const nlohmann::json& schema) {
  try {
    return Checker(schema).Check(value, schema, "$");
  } catch (const Json::exception& e) {
    return Status::Internal(fmt::format("decodable check failed: {}", e.what()));
  }
}

}  // namespace t2s::testing
