#include "testing/schema_instance.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <string>
#include <vector>

#include "testing/schema_ref.h"

namespace t2s::testing {
namespace {

using Json = nlohmann::json;

// Past this many nested values the generator takes the shortest way out.
constexpr int kShallowDepth = 6;
// Past this many the schema cannot be ended (a required recursion).
constexpr int kMaxDepth = 64;
constexpr size_t kDefaultMaxItems = 2;

// splitmix64: small, fast and the same on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(Next() % n); }

 private:
  uint64_t state_;
};

std::string Hex(uint64_t x, int digits) { return fmt::format("{:016x}", x).substr(0, digits); }

size_t SizeAt(const Json& s, const char* key, size_t fallback) {
  auto it = s.find(key);
  return it != s.end() && it->is_number_unsigned() ? it->get<size_t>() : fallback;
}

class Generator {
 public:
  Generator(const Json& root, uint64_t seed) : root_(root), rng_(seed) {}

  Result<Json> Gen(const Json& s, const std::string& path, int depth) {
    if (depth > kMaxDepth)
      return Status::InvalidArgument(fmt::format("{}: the schema nests without end", path));
    if (s.is_boolean() || (s.is_object() && s.empty())) return Json(Text());
    if (!s.is_object())
      return Status::InvalidArgument(fmt::format("{}: the schema is not an object", path));
    if (auto ref = s.find("$ref"); ref != s.end()) {
      const Json* target = ResolveSchemaRef(root_, *ref);
      if (target == nullptr)
        return Status::InvalidArgument(fmt::format("{}: unresolvable $ref {}", path, ref->dump()));
      return Gen(*target, path, depth + 1);
    }
    if (auto c = s.find("const"); c != s.end()) return *c;
    if (auto e = s.find("enum"); e != s.end()) {
      if (!e->is_array() || e->empty())
        return Status::InvalidArgument(fmt::format("{}: enum is empty", path));
      return (*e)[rng_.Below(e->size())];
    }
    if (auto any = s.find("anyOf"); any != s.end()) {
      if (!any->is_array() || any->empty())
        return Status::InvalidArgument(fmt::format("{}: anyOf is empty", path));
      size_t pick = rng_.Below(any->size());
      if (depth > kShallowDepth) pick = ShortestBranch(*any);
      return Gen((*any)[pick], path, depth + 1);
    }
    std::string type = PickType(s, depth);
    if (type == "null") return Json(nullptr);
    if (type == "boolean") return Json(rng_.Below(2) == 1);
    if (type == "string") return PatternString(s, path);
    if (type == "integer") return Integer(s);
    if (type == "number") return Number(s);
    if (type == "object") return Object(s, path, depth);
    if (type == "array") return Array(s, path, depth);
    return Status::InvalidArgument(fmt::format("{}: unknown type \"{}\"", path, type));
  }

 private:
  // A branch that ends soonest: null, then any scalar, then the first.
  static size_t ShortestBranch(const Json& branches) {
    for (const char* wanted : {"null", "scalar"}) {
      for (size_t i = 0; i < branches.size(); ++i) {
        const Json t = branches[i].is_object() ? branches[i].value("type", Json()) : Json();
        if (!t.is_string()) continue;
        if (t == wanted) return i;
        if (std::string(wanted) == "scalar" && t != "object" && t != "array") return i;
      }
    }
    return 0;
  }

  std::string PickType(const Json& s, int depth) {
    auto t = s.find("type");
    if (t == s.end()) {
      if (s.contains("properties") || s.contains("required")) return "object";
      if (s.contains("items")) return "array";
      return "string";
    }
    if (t->is_string()) return t->get<std::string>();
    std::vector<std::string> types;
    bool nullable = false;
    for (const Json& one : t->is_array() ? *t : Json::array()) {
      if (!one.is_string()) continue;
      if (one == "null") {
        nullable = true;
      } else {
        types.push_back(one.get<std::string>());
      }
    }
    // Nullable: null about one time in three, and always when deep.
    if (nullable && (types.empty() || depth > kShallowDepth || rng_.Below(3) == 0)) return "null";
    if (types.empty()) return "?";
    return types[rng_.Below(types.size())];
  }

  std::string Text() { return "text-" + Hex(rng_.Next(), 4); }

  std::string String(const Json& s) {
    std::string out;
    uint64_t r = rng_.Next();
    std::string format = s.value("format", "");
    if (format == "date-time") {
      out = fmt::format("2024-{:02}-{:02}T{:02}:{:02}:00Z", 1 + r % 12, 1 + r % 28, r % 24, r % 60);
    } else if (format == "date") {
      out = fmt::format("2024-{:02}-{:02}", 1 + r % 12, 1 + r % 28);
    } else if (format == "time") {
      out = fmt::format("{:02}:{:02}:00", r % 24, r % 60);
    } else if (format == "duration") {
      out = fmt::format("PT{}M", 1 + r % 59);
    } else if (format == "email") {
      out = "user-" + Hex(r, 4) + "@example.com";
    } else if (format == "hostname") {
      out = "host-" + Hex(r, 4) + ".example.com";
    } else if (format == "ipv4") {
      out = fmt::format("10.{}.{}.{}", r % 256, (r >> 8) % 256, (r >> 16) % 256);
    } else if (format == "ipv6") {
      out = "fd00::" + Hex(r, 4);
    } else if (format == "uuid") {
      std::string h = Hex(r, 16) + Hex(rng_.Next(), 16);
      out = h.substr(0, 8) + "-" + h.substr(8, 4) + "-4" + h.substr(13, 3) + "-8" +
            h.substr(17, 3) + "-" + h.substr(20, 12);
    } else {
      out = "text-" + Hex(r, 4);
    }
    size_t min = SizeAt(s, "minLength", 0);
    size_t max = SizeAt(s, "maxLength", std::string::npos);
    if (out.size() < min) out.append(min - out.size(), 'x');
    if (out.size() > max) out.resize(max);
    return out;
  }

  // String() when it matches the schema's "pattern", else the first of a
  // few stock strings that does: a regex engine is beyond a fake, but an
  // answer that breaks the pattern would be a lie.
  Result<Json> PatternString(const Json& s, const std::string& path) {
    std::string out = String(s);
    auto p = s.find("pattern");
    if (p == s.end() || !p->is_string()) return Json(out);
    try {
      std::regex re(p->get<std::string>(), std::regex::ECMAScript);
      if (std::regex_search(out, re)) return Json(out);
      for (const char* stock : {"a", "abc", "A", "ABC", "0", "123", "a1", "a-b", "a_b", "",
                                "2024-01-01", "user@example.com", "https://example.com/a"}) {
        if (std::regex_search(std::string(stock), re)) return Json(stock);
      }
    } catch (const std::regex_error&) {
    }
    return Status::InvalidArgument(
        fmt::format("{}: no string the fake can make matches the pattern {}", path, p->dump()));
  }

  // Lower and upper bounds for an integer inside the schema's limits.
  static std::pair<double, double> Bounds(const Json& s, double step) {
    double lo = -1e300, hi = 1e300;
    if (auto m = s.find("minimum"); m != s.end() && m->is_number()) lo = m->get<double>();
    if (auto m = s.find("exclusiveMinimum"); m != s.end() && m->is_number())
      lo = std::max(lo, m->get<double>() + step);
    if (auto m = s.find("maximum"); m != s.end() && m->is_number()) hi = m->get<double>();
    if (auto m = s.find("exclusiveMaximum"); m != s.end() && m->is_number())
      hi = std::min(hi, m->get<double>() - step);
    return {lo, hi};
  }

  Json Integer(const Json& s) {
    auto [lo, hi] = Bounds(s, 1);
    double x = static_cast<double>(rng_.Below(10));
    x = std::clamp(x, std::ceil(lo), std::max(std::ceil(lo), std::floor(hi)));
    return Json(static_cast<int64_t>(x));
  }

  Json Number(const Json& s) {
    auto [lo, hi] = Bounds(s, 0.001);
    double x = static_cast<double>(rng_.Below(10)) + 0.5;
    return Json(std::clamp(x, lo, std::max(lo, hi)));
  }

  Result<Json> Object(const Json& s, const std::string& path, int depth) {
    Json out = Json::object();
    const Json props = s.value("properties", Json::object());
    const Json required = s.value("required", Json::array());
    auto is_required = [&](const std::string& key) {
      return required.is_array() &&
             std::find(required.begin(), required.end(), Json(key)) != required.end();
    };
    if (props.is_object()) {
      for (const auto& [key, sub] : props.items()) {
        if (!is_required(key) && (depth > kShallowDepth || rng_.Below(2) == 0)) continue;
        Result<Json> v = Gen(sub, path + "." + key, depth + 1);
        if (!v.ok()) return v.status();
        out[key] = std::move(*v);
      }
    }
    // A required key the schema does not describe: any short text will do.
    for (const Json& key : required.is_array() ? required : Json::array()) {
      if (key.is_string() && !out.contains(key.get<std::string>()))
        out[key.get<std::string>()] = Text();
    }
    return out;
  }

  Result<Json> Array(const Json& s, const std::string& path, int depth) {
    size_t min = SizeAt(s, "minItems", 0);
    size_t max = std::max(min, SizeAt(s, "maxItems", std::max(min, kDefaultMaxItems)));
    size_t n = depth > kShallowDepth ? min : min + rng_.Below(std::min(max, min + 2) - min + 1);
    Json out = Json::array();
    const Json items = s.value("items", Json::object());
    for (size_t i = 0; i < n; ++i) {
      Result<Json> v = Gen(items, fmt::format("{}[{}]", path, i), depth + 1);
      if (!v.ok()) return v.status();
      out.push_back(std::move(*v));
    }
    return out;
  }

  const Json& root_;
  Rng rng_;
};

}  // namespace

Result<nlohmann::json> GenerateInstance(const nlohmann::json& schema, uint64_t seed) {
  try {
    return Generator(schema, seed).Gen(schema, "$", 0);
  } catch (const Json::exception& e) {
    return Status::Internal(fmt::format("instance generation failed: {}", e.what()));
  }
}

}  // namespace t2s::testing
