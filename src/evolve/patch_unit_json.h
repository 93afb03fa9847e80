// A patch unit as JSON: the files in a run folder's patches/ and the units
// of a shard's patch set (evolve/shard.h) are written and read here.
#ifndef T2S_EVOLVE_PATCH_UNIT_JSON_H_
#define T2S_EVOLVE_PATCH_UNIT_JSON_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "evolve/merge.h"

namespace t2s {

// A lesson as the patch files and provenance.json show it.
nlohmann::ordered_json LessonJson(const Lesson& lesson);

// `t2s.patch/1` JSON (2-space indented, trailing newline); a level-0 unit
// also keeps its analyst's diagnosis ("causes", "lessons") and, when set,
// "unverified": true.
std::string PatchUnitJson(const PatchUnit& unit);

// The inverse of PatchUnitJson. Errors name `source` and the JSON path.
Result<PatchUnit> ParsePatchUnit(std::string_view json, std::string_view source);

}  // namespace t2s

#endif  // T2S_EVOLVE_PATCH_UNIT_JSON_H_
