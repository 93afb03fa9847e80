#include "evolve/run_folder.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "base/text.h"
#include "base/file_io.h"
#include "evolve/lineage.h"
#include "evolve/moved_text.h"
#include "evolve/patch_unit_json.h"
#include "report/render_report.h"
#include "skill/skill_diff.h"

namespace t2s {
namespace {

using Json = nlohmann::ordered_json;

// Where an applied edit's text is in the finished skill (after any
// restructuring moved it): {"file", "lines": [first, last]}, or null for
// an edit without text or whose text is no longer found whole.
Json WhereNow(const Skill& after, const Edit& e) {
  if (e.content.empty()) return nullptr;
  std::optional<TextLocation> at = LocateText(after, e.content);
  if (!at) return nullptr;
  Json where = {{"file", at->file}, {"lines", {at->first_line, at->last_line}}};
  if (at->matches > 1) where["matches"] = at->matches;
  return where;
}

// Whether `name` ends as the atomic writers name their temporary files and
// folders: ".tmp-" or ".old-" and 8 hex digits (base/file_io.cc).
bool IsLeftoverName(const std::string& name) {
  if (name.size() < 13) return false;
  std::string_view tail = std::string_view(name).substr(name.size() - 13);
  if (tail.substr(0, 5) != ".tmp-" && tail.substr(0, 5) != ".old-") return false;
  return tail.substr(5).find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// What a killed writer left behind ("x.json.tmp-0a1b2c3d", "name.old-0a1b2c3d").
void RemoveLeftovers(const std::filesystem::path& dir) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (IsLeftoverName(entry.path().filename().string())) {
      std::filesystem::remove_all(entry.path(), ec);
    }
  }
}

}  // namespace

Status WriteRunFolder(const std::filesystem::path& out, const RunRecord& run) {
  // manifest.json is written last: a folder without one is not a finished run.
  std::error_code ec;
  std::filesystem::remove(out / "manifest.json", ec);
  RemoveLeftovers(out);
  RemoveLeftovers(out / "patches");
  RemoveLeftovers(out / "skill");
  T2S_RETURN_IF_ERROR(WriteSkill(*run.after, out / "skill" / run.skill_name, /*force=*/true));
  std::string diff = DiffSkills(*run.before, *run.after);
  T2S_RETURN_IF_ERROR(WriteFileAtomic(out / "diff.patch", diff));

  Json provenance = {{"schema", "t2s.provenance/1"}, {"edits", Json::array()}};
  Lineage lineage(run.patches, *run.fates);
  std::set<std::string> unverified;  // level-0 units kept by --keep-unverified
  for (const PatchUnit& u : run.patches) {
    if (u.unverified) unverified.insert(u.id);
  }
  std::string changelog = "# Changelog\n\n";
  size_t applied = 0;
  for (size_t i = 0; i < run.outcomes.size(); ++i) {
    const EditOutcome& o = run.outcomes[i];
    if (!o.applied) continue;
    const Edit& e = run.final_patch.edits[i];
    ++applied;
    Json origins = Json::array();
    for (const Origin& g : lineage.Origins(e.id)) {
      Json origin = {{"edit", g.edit}, {"trajectory", g.trajectory}, {"path", g.path}};
      if (unverified.count(g.edit.substr(0, g.edit.rfind("-e"))) > 0) origin["unverified"] = true;
      origins.push_back(std::move(origin));
    }
    Json lessons = Json::array();
    for (const Lesson& l : lineage.Lessons(e.id)) lessons.push_back(LessonJson(l));
    provenance["edits"].push_back({{"id", e.id},
                                   {"file", e.file},
                                   {"op", std::string(EditOpName(e.op))},
                                   {"section", e.section},
                                   {"line", o.line},
                                   {"now", WhereNow(*run.after, e)},
                                   {"support", Support(e)},
                                   {"sources", e.sources},
                                   {"patch", Lineage::MadeIn(e.id)},
                                   {"origins", origins},
                                   {"lessons", lessons}});
    std::string target = e.section.empty() ? e.file : e.file + " " + e.section;
    if (e.id.rfind("route-", 0) == 0) {
      changelog += fmt::format("- {} {} (routing: lessons below --min-support, from {})\n",
                               EditOpName(e.op), target, fmt::join(e.sources, ", "));
    } else {
      changelog += fmt::format("- {} {} (support {}: {})\n", EditOpName(e.op), target, Support(e),
                               fmt::join(e.sources, ", "));
    }
  }
  for (size_t i = 0; i < run.restructure_outcomes.size(); ++i) {
    if (!run.restructure_outcomes[i].applied) continue;
    const Edit& e = run.restructure_edits[i];
    provenance["edits"].push_back({{"id", e.id},
                                   {"file", e.file},
                                   {"op", std::string(EditOpName(e.op))},
                                   {"section", e.section},
                                   {"line", run.restructure_outcomes[i].line},
                                   {"now", WhereNow(*run.after, e)},
                                   {"support", 0},
                                   {"sources", Json::array()},
                                   {"patch", "restructure"},
                                   {"origins", Json::array()},
                                   {"lessons", Json::array()}});
    changelog += fmt::format("- {} {} (restructuring: SKILL.md over its line budget)\n",
                             EditOpName(e.op), e.file);
  }
  if (applied == 0) changelog += "No edit was applied.\n";
  T2S_RETURN_IF_ERROR(WriteFileAtomic(out / "provenance.json", provenance.dump(2) + "\n"));
  T2S_RETURN_IF_ERROR(WriteFileAtomic(out / "changelog.md", changelog));
  T2S_RETURN_IF_ERROR(WriteFileAtomic(out / "fates.json", run.fates->ToJson()));
  for (const PatchUnit& u : run.patches) {
    T2S_RETURN_IF_ERROR(WriteFileAtomic(out / "patches" / (u.id + ".json"), PatchUnitJson(u)));
  }
  Patch final_patch = run.final_patch;
  final_patch.id = "final";
  T2S_RETURN_IF_ERROR(WriteFileAtomic(out / "patches" / "final.json", SerializePatch(final_patch)));

  T2S_RETURN_IF_ERROR(WriteFileAtomic(out / "manifest.json", run.manifest_json));
  // The report is rendered from the finished folder, as `trace2skill report` does.
  return RenderReport(out);
}

}  // namespace t2s
