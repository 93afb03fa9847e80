#include "evolve/patch_unit_json.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace t2s {
namespace {

using Json = nlohmann::ordered_json;

std::string StringAt(const Json& j, const char* key) {
  const Json& v = j.at(key);
  if (!v.is_string()) throw std::invalid_argument(fmt::format("{}: expected string", key));
  return v.get<std::string>();
}

}  // namespace

Json LessonJson(const Lesson& l) {
  return {{"title", l.title},
          {"when", l.when},
          {"do", l.do_},
          {"avoid", l.avoid},
          {"evidence_steps", l.evidence_steps}};
}

std::string PatchUnitJson(const PatchUnit& u) {
  Patch p;
  p.id = u.id;
  p.level = u.level;
  p.inputs = u.inputs;
  p.edits = u.edits;
  p.changelog = u.changelog;
  if (u.causes.empty() && u.lessons.empty() && !u.unverified) return SerializePatch(p);
  // A level-0 patch keeps its analyst's diagnosis: why its edits exist.
  Json j = Json::parse(SerializePatch(p));
  if (u.unverified) j["unverified"] = true;
  j["causes"] = Json::array();
  for (const Cause& c : u.causes) {
    j["causes"].push_back(
        {{"title", c.title}, {"evidence", c.evidence}, {"explanation", c.explanation}});
  }
  j["lessons"] = Json::array();
  for (const Lesson& l : u.lessons) j["lessons"].push_back(LessonJson(l));
  return j.dump(2) + "\n";
}

Result<PatchUnit> ParsePatchUnit(std::string_view json, std::string_view source) {
  T2S_ASSIGN_OR_RETURN(Patch p, ParsePatch(json, source));
  PatchUnit u;
  u.id = std::move(p.id);
  u.level = p.level;
  u.inputs = std::move(p.inputs);
  u.edits = std::move(p.edits);
  u.changelog = std::move(p.changelog);
  // ParsePatch accepted the text, so it is one JSON object.
  Json root = Json::parse(json);
  size_t i = 0;
  const char* list = "causes";
  try {
    if (root.contains("unverified")) u.unverified = root.at("unverified").get<bool>();
    if (root.contains("causes")) {
      for (const Json& c : root.at("causes")) {
        u.causes.push_back({StringAt(c, "title"), StringAt(c, "evidence"),
                            StringAt(c, "explanation")});
        ++i;
      }
    }
    i = 0;
    list = "lessons";
    if (root.contains("lessons")) {
      for (const Json& l : root.at("lessons")) {
        Lesson lesson{StringAt(l, "title"), StringAt(l, "when"), StringAt(l, "do"),
                      StringAt(l, "avoid"), {}};
        for (const Json& step : l.at("evidence_steps")) {
          lesson.evidence_steps.push_back(step.get<int64_t>());
        }
        u.lessons.push_back(std::move(lesson));
        ++i;
      }
    }
  } catch (const std::exception& e) {
    return Status::InvalidArgument(
        fmt::format("{}: $.{}[{}]: not a cause or lesson as evolve writes them ({})", source,
                    list, i, e.what()));
  }
  return u;
}

}  // namespace t2s
