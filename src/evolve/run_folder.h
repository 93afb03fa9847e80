// Writing a run folder (DESIGN.md §3.4).
#ifndef T2S_EVOLVE_RUN_FOLDER_H_
#define T2S_EVOLVE_RUN_FOLDER_H_

#include <filesystem>
#include <string>
#include <vector>

#include "base/result.h"
#include "evolve/fates.h"
#include "evolve/merge.h"
#include "skill/apply.h"
#include "skill/skill.h"
#include "skill/validate.h"

namespace t2s {

// The lock a run holds on its folder (base/file_lock.h).
inline constexpr const char* kRunLockFile = "run.lock";

struct RunRecord {
  const Skill* before = nullptr;
  const Skill* after = nullptr;
  std::string skill_name;
  std::vector<PatchUnit> patches;  // every level, the final one last
  Patch final_patch;               // the edits that were applied or tried
  std::vector<EditOutcome> outcomes;
  // The restructuring's edits (after the final patch) and their outcomes.
  std::vector<Edit> restructure_edits;
  std::vector<EditOutcome> restructure_outcomes;
  std::vector<Finding> findings;
  const Fates* fates = nullptr;
  std::string manifest_json;  // complete, written as is
};

// Writes skill/<name>/, diff.patch, changelog.md, provenance.json,
// fates.json, patches/, then manifest.json under `out` (run.sqlite is the
// LLM layer's), and last report.html and trajectories/ rendered from the
// folder (report/render_report.h). Files are replaced atomically; the old
// manifest goes first and temporary files a killed writer left are removed,
// so a folder holding manifest.json is a finished run.
Status WriteRunFolder(const std::filesystem::path& out, const RunRecord& run);

}  // namespace t2s

#endif  // T2S_EVOLVE_RUN_FOLDER_H_
