#include "skill/patch.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "base/json_error.h"

namespace t2s {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::pair<EditOp, std::string_view>, 8> kOps = {{
    {EditOp::kCreateFile, "create_file"},
    {EditOp::kDeleteFile, "delete_file"},
    {EditOp::kAddSection, "add_section"},
    {EditOp::kDeleteSection, "delete_section"},
    {EditOp::kAppendToSection, "append_to_section"},
    {EditOp::kReplaceText, "replace_text"},
    {EditOp::kInsertAfter, "insert_after"},
    {EditOp::kInsertBefore, "insert_before"},
}};

const char* JsonTypeName(const Json& j) {
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
    case Json::value_t::discarded:
      return "nothing";
    default:
      return "number";
  }
}

// Reads typed fields out of one JSON object, remembering the first type error.
class FieldReader {
 public:
  FieldReader(const Json& obj, std::string path) : obj_(obj), path_(std::move(path)) {}

  bool Has(const char* key) const { return obj_.contains(key) && !obj_.at(key).is_null(); }

  void String(const char* key, std::string* out) {
    if (!Has(key)) return;
    const Json& v = obj_.at(key);
    if (!v.is_string()) return Fail(key, "string", v);
    *out = v.get<std::string>();
  }
  void Bool(const char* key, bool* out) {
    if (!Has(key)) return;
    const Json& v = obj_.at(key);
    if (!v.is_boolean()) return Fail(key, "boolean", v);
    *out = v.get<bool>();
  }
  void Int(const char* key, int* out) {
    if (!Has(key)) return;
    const Json& v = obj_.at(key);
    if (!v.is_number_integer()) return Fail(key, "integer", v);
    *out = v.get<int>();
  }
  void StringList(const char* key, std::vector<std::string>* out) {
    if (!Has(key)) return;
    const Json& v = obj_.at(key);
    if (!v.is_array()) return Fail(key, "array of strings", v);
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string()) {
        return FailAt(fmt::format("{}.{}[{}]", path_, key, i), "string", v[i]);
      }
      out->push_back(v[i].get<std::string>());
    }
  }

  const Status& status() const { return status_; }

 private:
  void Fail(const char* key, const char* expected, const Json& got) {
    FailAt(fmt::format("{}.{}", path_, key), expected, got);
  }
  void FailAt(const std::string& where, const char* expected, const Json& got) {
    if (!status_.ok()) return;
    status_ = Status::InvalidArgument(
        fmt::format("{}: expected {}, got {}", where, expected, JsonTypeName(got)));
  }

  const Json& obj_;
  std::string path_;
  Status status_;
};

// Which fields an op needs; a missing one makes the edit fail, not the patch.
std::string MissingField(const Edit& e, const FieldReader& r) {
  auto need = [&](const char* key) { return r.Has(key) ? "" : std::string(key); };
  std::string missing = need("file");
  if (!missing.empty()) return missing;
  switch (e.op) {
    case EditOp::kCreateFile:
      return need("content");
    case EditOp::kAddSection:
    case EditOp::kAppendToSection:
      return !r.Has("section") ? "section" : need("content");
    case EditOp::kDeleteSection:
      return need("section");
    case EditOp::kReplaceText:
      return !r.Has("old_text") ? "old_text" : need("content");
    case EditOp::kInsertAfter:
    case EditOp::kInsertBefore:
      return !r.Has("anchor") ? "anchor" : need("content");
    default:
      return "";
  }
}

Result<Edit> ParseEdit(const Json& j, size_t index) {
  Edit e;
  e.json_path = fmt::format("$.edits[{}]", index);
  if (!j.is_object()) {
    return Status::InvalidArgument(
        fmt::format("{}: expected object, got {}", e.json_path, JsonTypeName(j)));
  }
  FieldReader r(j, e.json_path);
  r.String("id", &e.id);
  for (const EditTextField& f : kEditTextFields) r.String(f.name.data(), &(e.*f.member));
  r.Bool("replace", &e.replace);
  r.StringList("sources", &e.sources);
  if (!r.status().ok()) return r.status();
  if (e.id.empty()) e.id = fmt::format("e{}", index + 1);

  if (!r.Has("op")) {
    e.problem = fmt::format("{}: missing field \"op\"", e.json_path);
  } else if (std::optional<EditOp> op = ParseEditOp(e.op_name)) {
    e.op = *op;
    std::string missing = MissingField(e, r);
    if (!missing.empty()) {
      e.problem =
          fmt::format("{}: missing field \"{}\" (required by {})", e.json_path, missing, e.op_name);
    }
  } else {
    e.problem = fmt::format("{}.op: unknown op \"{}\" (expected one of {})", e.json_path, e.op_name,
                            AllEditOpNames());
  }
  return e;
}

}  // namespace

std::string_view EditOpName(EditOp op) {
  for (const auto& [o, name] : kOps) {
    if (o == op) return name;
  }
  return "unknown";
}

std::optional<EditOp> ParseEditOp(std::string_view name) {
  for (const auto& [o, n] : kOps) {
    if (n == name) return o;
  }
  return std::nullopt;
}

std::vector<std::string_view> EditOpNames() {
  std::vector<std::string_view> names;
  for (const auto& [o, name] : kOps) names.push_back(name);
  return names;
}

std::string AllEditOpNames() { return fmt::format("{}", fmt::join(EditOpNames(), ", ")); }

bool HasContent(EditOp op) { return op != EditOp::kDeleteFile && op != EditOp::kDeleteSection; }

namespace {

// An edit's fields into `j` (an object of either JSON flavour), in table order.
template <typename J>
void PutEditFields(const Edit& e, J* j) {
  for (const EditTextField& f : kEditTextFields) {
    const std::string& value = f.name == "op" && e.op != EditOp::kUnknown
                                   ? std::string(EditOpName(e.op))
                                   : e.*f.member;
    bool always = f.name == "op" || f.name == "file" || (f.name == "content" && HasContent(e.op));
    if (always || !value.empty()) (*j)[std::string(f.name)] = value;
  }
  if (e.replace) (*j)["replace"] = true;
}

}  // namespace

std::string EditFieldsJson(const Edit& e) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  PutEditFields(e, &j);
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

size_t Support(const Edit& edit) {
  return std::set<std::string>(edit.sources.begin(), edit.sources.end()).size();
}

Result<Patch> ParsePatch(std::string_view json, std::string_view source) {
  Json root;
  try {
    root = Json::parse(json.begin(), json.end());
  } catch (const Json::parse_error& e) {
    JsonErrorPlace at = DescribeJsonError(e.byte, e.what(), json);
    return Status::InvalidArgument(
        fmt::format("{}:{}:{}: invalid JSON: {}", source, at.line, at.column, at.detail));
  } catch (const Json::out_of_range& e) {
    // A number no double holds (1e999): valid syntax, so no place is known.
    return Status::InvalidArgument(fmt::format("{}: invalid JSON: {}", source,
                                               DescribeJsonError(0, e.what(), json).detail));
  }
  auto fail = [&](const std::string& msg) {
    return Status::InvalidArgument(fmt::format("{}: {}", source, msg));
  };
  if (!root.is_object()) return fail(fmt::format("$: expected object, got {}", JsonTypeName(root)));

  Patch patch;
  FieldReader r(root, "$");
  std::string schema;
  r.String("schema", &schema);
  r.String("id", &patch.id);
  r.Int("level", &patch.level);
  r.StringList("inputs", &patch.inputs);
  r.String("rationale", &patch.rationale);
  r.StringList("changelog", &patch.changelog);
  if (!r.status().ok()) return fail(r.status().message());
  if (!schema.empty() && schema != kPatchSchema) {
    return fail(fmt::format("$.schema: expected \"{}\", got \"{}\"", kPatchSchema, schema));
  }
  if (!root.contains("edits")) return fail("$.edits: missing (expected an array of edits)");
  const Json& edits = root.at("edits");
  if (!edits.is_array())
    return fail(fmt::format("$.edits: expected array, got {}", JsonTypeName(edits)));

  std::set<std::string> ids;
  for (size_t i = 0; i < edits.size(); ++i) {
    Result<Edit> edit = ParseEdit(edits[i], i);
    if (!edit.ok()) return fail(edit.status().message());
    if (!ids.insert(edit->id).second) {
      return fail(fmt::format("$.edits[{}].id: duplicate id \"{}\"", i, edit->id));
    }
    patch.edits.push_back(std::move(*edit));
  }
  return patch;
}

std::string SerializePatch(const Patch& patch) {
  Json root = Json::object();
  root["schema"] = kPatchSchema;
  if (!patch.id.empty()) root["id"] = patch.id;
  root["level"] = patch.level;
  if (!patch.inputs.empty()) root["inputs"] = patch.inputs;
  if (!patch.rationale.empty()) root["rationale"] = patch.rationale;
  Json edits = Json::array();
  for (const Edit& e : patch.edits) {
    Json j = Json::object();
    PutEditFields(e, &j);
    j["id"] = e.id;
    j["sources"] = e.sources;
    edits.push_back(std::move(j));
  }
  root["edits"] = std::move(edits);
  root["changelog"] = patch.changelog;
  return root.dump(2) + "\n";
}

}  // namespace t2s
