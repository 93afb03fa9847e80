#include "evolve/analysis.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "evolve/answer_schema.h"

namespace t2s {
namespace {

using Json = nlohmann::json;

// Reads the fields of one answer object, each looked up in the object's
// schema first: a field the schema does not declare is an Internal error
// (a parser bug), never silently read. Null reads as absent.
class DeclaredFields {
 public:
  DeclaredFields(const Json& value, const Json& schema, std::string path, Status* status)
      : value_(value), schema_(schema), path_(std::move(path)), status_(status) {}

  // The field's value and its schema, or nulls when absent (or undeclared).
  std::pair<const Json*, const Json*> Get(const char* key) const {
    const Json* props = schema_.is_object() && schema_.contains("properties")
                            ? &schema_.at("properties")
                            : nullptr;
    if (props == nullptr || !props->contains(key)) {
      if (status_->ok()) {
        *status_ = Status::Internal(
            fmt::format("answer parser reads {}.{}, which the schema does not declare", path_, key));
      }
      return {nullptr, nullptr};
    }
    auto it = value_.find(key);
    if (it == value_.end() || it->is_null()) return {nullptr, &props->at(key)};
    return {&*it, &props->at(key)};
  }

  std::string String(const char* key) const {
    const Json* v = Get(key).first;
    return v != nullptr && v->is_string() ? v->get<std::string>() : "";
  }

  std::vector<std::string> Strings(const char* key) const {
    std::vector<std::string> out;
    const Json* v = Get(key).first;
    if (v == nullptr || !v->is_array()) return out;
    for (const Json& s : *v) {
      if (s.is_string()) out.push_back(s.get<std::string>());
    }
    return out;
  }

  // The items of an array of objects, each with the items' schema.
  std::vector<DeclaredFields> Objects(const char* key) const {
    std::vector<DeclaredFields> out;
    auto [v, schema] = Get(key);
    if (v == nullptr || !v->is_array()) return out;
    static const Json kNone;
    const Json& items = schema->contains("items") ? schema->at("items") : kNone;
    for (size_t i = 0; i < v->size(); ++i) {
      if ((*v)[i].is_object())
        out.emplace_back((*v)[i], items, fmt::format("{}.{}[{}]", path_, key, i), status_);
    }
    return out;
  }

  const Json& value() const { return value_; }

 private:
  const Json& value_;
  const Json& schema_;
  std::string path_;
  Status* status_;
};

// The answer schema `name`, parsed once.
const Json& SchemaJson(std::string_view name) {
  static const auto* parsed = [] {
    auto* m = new std::map<std::string, Json, std::less<>>();
    for (const std::string& n : AnswerSchemaNames()) (*m)[n] = Json::parse(AnswerSchema(n));
    return m;
  }();
  static const Json kNone;
  auto it = parsed->find(name);
  return it == parsed->end() ? kNone : it->second;
}

Result<Json> ParseObject(const std::string& json, std::string_view what) {
  Json j = Json::parse(json, nullptr, false);
  if (!j.is_object()) return Status::InvalidArgument(fmt::format("{} is not a JSON object", what));
  return j;
}

// The edits, through the patch parser so that its checks and messages are
// the same; `extra` names the one field beyond an edit's own (from, id).
Result<std::vector<MergedEdit>> ParseEdits(const DeclaredFields& answer, const char* extra) {
  Json patch = {{"edits", Json::array()}};
  std::vector<std::vector<std::string>> from;
  for (const DeclaredFields& e : answer.Objects("edits")) {
    Json fields = Json::object();
    for (const EditTextField& f : kEditTextFields) {
      if (const Json* v = e.Get(f.name.data()).first) fields[std::string(f.name)] = *v;
    }
    if (const Json* v = e.Get("replace").first) fields["replace"] = *v;
    if (extra == nullptr) {
      from.emplace_back();
    } else if (std::string_view(extra) == "id") {
      std::string id = e.String("id");
      from.push_back(id.empty() ? std::vector<std::string>{} : std::vector<std::string>{id});
    } else {
      from.push_back(e.Strings(extra));
    }
    patch["edits"].push_back(std::move(fields));
  }
  T2S_ASSIGN_OR_RETURN(Patch p, ParsePatch(patch.dump(), "answer"));
  std::vector<MergedEdit> out;
  for (size_t i = 0; i < p.edits.size(); ++i) out.push_back({std::move(p.edits[i]), from[i]});
  return out;
}

Result<MergeAnswer> ParseEditsAnswer(const std::string& json, std::string_view schema_name,
                                     const char* extra) {
  T2S_ASSIGN_OR_RETURN(Json j, ParseObject(json, fmt::format("{} answer", schema_name)));
  const Json& schema = SchemaJson(schema_name);
  Status status;
  DeclaredFields root(j, schema, "$", &status);
  MergeAnswer m;
  Result<std::vector<MergedEdit>> edits = ParseEdits(root, extra);
  if (!edits.ok()) return edits.status();
  m.edits = std::move(*edits);
  if (schema_name == kMergeAnswer) {
    for (const DeclaredFields& d : root.Objects("dropped"))
      m.dropped.emplace_back(d.String("id"), d.String("reason"));
    m.rationale = root.String("rationale");
  }
  m.changelog = root.Strings("changelog");
  if (!status.ok()) return status;
  return m;
}

}  // namespace

Result<Analysis> ParseAnalysis(const std::string& json) {
  T2S_ASSIGN_OR_RETURN(Json j, ParseObject(json, "analysis"));
  const Json& schema = SchemaJson(kAnalysisAnswer);
  Status status;
  DeclaredFields root(j, schema, "$", &status);
  Analysis a;
  a.kind = root.String("kind");
  for (const DeclaredFields& c : root.Objects("causes"))
    a.causes.push_back({c.String("title"), c.String("evidence"), c.String("explanation")});
  for (const DeclaredFields& l : root.Objects("lessons")) {
    if (a.lessons.size() == kMaxLessons) break;
    Lesson lesson{l.String("title"), l.String("when"), l.String("do"), l.String("avoid"), {}};
    if (const Json* steps = l.Get("evidence_steps").first; steps && steps->is_array()) {
      for (const Json& s : *steps) {
        if (s.is_number_integer()) lesson.evidence_steps.push_back(s.get<int64_t>());
      }
    }
    a.lessons.push_back(std::move(lesson));
  }
  a.changelog = root.Strings("changelog");
  T2S_ASSIGN_OR_RETURN(std::vector<MergedEdit> edits, ParseEdits(root, nullptr));
  for (MergedEdit& e : edits) a.edits.push_back(std::move(e.edit));
  if (!status.ok()) return status;
  return a;
}

Result<MergeAnswer> ParseMergeAnswer(const std::string& json) {
  return ParseEditsAnswer(json, kMergeAnswer, "from");
}

Result<MergeAnswer> ParsePatchAnswer(const std::string& json) {
  return ParseEditsAnswer(json, kPatchAnswer, "id");
}

}  // namespace t2s
