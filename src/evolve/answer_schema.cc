#include "evolve/answer_schema.h"

#include <map>
#include <nlohmann/json.hpp>

#include "skill/patch.h"

namespace t2s {
namespace {

using Json = nlohmann::ordered_json;

Json Type(const char* type) { return {{"type", type}}; }
Json Nullable(const char* type) { return {{"type", {type, "null"}}}; }
Json ArrayOf(Json items) { return {{"type", "array"}, {"items", std::move(items)}}; }

// An object whose every property is required and nothing else allowed.
Json Object(Json properties) {
  Json required = Json::array();
  for (const auto& [key, _] : properties.items()) required.push_back(key);
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}};
}

// One edit as the model writes it: kEditTextFields (op an enum, file a
// string, the rest nullable), replace, and `extra` (from, id).
Json EditItem(const std::vector<std::pair<const char*, Json>>& extra) {
  Json props = Json::object();
  for (const auto& [key, schema] : extra) props[key] = schema;
  for (const EditTextField& f : kEditTextFields) {
    std::string name(f.name);
    if (name == "op") {
      Json ops = Json::array();
      for (std::string_view op : EditOpNames()) ops.push_back(std::string(op));
      props[name] = {{"type", "string"}, {"enum", ops}};
    } else if (name == "file") {
      props[name] = Type("string");
    } else {
      props[name] = Nullable("string");
    }
  }
  props["replace"] = Nullable("boolean");
  return Object(std::move(props));
}

std::map<std::string, std::string, std::less<>> BuildSchemas() {
  std::map<std::string, std::string, std::less<>> out;
  Json analysis = Object({
      {"kind", {{"type", "string"}, {"enum", {"error", "success"}}}},
      {"causes", ArrayOf(Object({{"title", Type("string")},
                                 {"evidence", Type("string")},
                                 {"explanation", Type("string")}}))},
      {"lessons", ArrayOf(Object({{"title", Type("string")},
                                  {"when", Type("string")},
                                  {"do", Type("string")},
                                  {"avoid", Type("string")},
                                  {"evidence_steps", ArrayOf(Type("integer"))}}))},
      {"edits", ArrayOf(EditItem({}))},
      {"changelog", ArrayOf(Type("string"))},
  });
  Json merge = Object({
      {"edits", ArrayOf(EditItem({{"from", ArrayOf(Type("string"))}}))},
      {"dropped", ArrayOf(Object({{"id", Type("string")}, {"reason", Type("string")}}))},
      {"rationale", Type("string")},
      {"changelog", ArrayOf(Type("string"))},
  });
  Json patch = Object({
      {"edits", ArrayOf(EditItem({{"id", Nullable("string")}}))},
      {"changelog", ArrayOf(Type("string"))},
  });
  out[std::string(kAnalysisAnswer)] = analysis.dump(2);
  out[std::string(kMergeAnswer)] = merge.dump(2);
  out[std::string(kPatchAnswer)] = patch.dump(2);
  return out;
}

const std::map<std::string, std::string, std::less<>>& Schemas() {
  static const auto* schemas = new std::map<std::string, std::string, std::less<>>(BuildSchemas());
  return *schemas;
}

}  // namespace

const std::string& AnswerSchema(std::string_view name) {
  static const std::string empty;
  auto it = Schemas().find(name);
  return it == Schemas().end() ? empty : it->second;
}

std::vector<std::string> AnswerSchemaNames() {
  std::vector<std::string> names;
  for (const auto& [name, _] : Schemas()) names.push_back(name);
  return names;
}

}  // namespace t2s
