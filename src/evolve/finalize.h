// The single calls around the map and reduce: drafting a new skill,
// repairing final edits that failed to apply, and moving detail out of an
// over-budget SKILL.md.
#ifndef T2S_EVOLVE_FINALIZE_H_
#define T2S_EVOLVE_FINALIZE_H_

#include <string>
#include <vector>

#include "base/result.h"
#include "evolve/pipeline.h"
#include "evolve/prompts.h"
#include "llm/llm_client.h"
#include "skill/apply.h"
#include "skill/skill.h"

namespace t2s {

// One call drafting S0 from a name and a description (the paper's weak
// draft). Fails when the call fails or the answer creates no SKILL.md.
Result<Skill> DraftSkill(const EvolveOptions& options, const LlmConfig& llm,
                         const PromptSet& prompts, LlmClient* client);

// One call correcting the edits of `patch` that failed in `applied`; each
// correction names the failed edit's id and keeps its id and sources. On
// return `applied` holds the outcome of the corrected patch.
void RepairFailedEdits(const Skill& s0, const EvolveOptions& options, const LlmConfig& llm,
                       const PromptSet& prompts, LlmClient* client, Patch* patch,
                       ApplyResult* applied);

// When SKILL.md is over budget: one call moving detail into references/,
// kept only when it removed nothing (CheckRestructure, evolve/
// restructure_check.h) and the result fits the budget without new
// validation errors. What happened goes to `notes`; a refused answer as
//   "restructuring was not kept: restructure dropped 2 lines, first ..."
struct Restructured {
  Skill skill;                        // the restructured skill, or s1 when none was kept
  std::vector<Edit> edits;            // the answer's edits, ids "restructure-eN" (none: no call)
  std::vector<EditOutcome> outcomes;  // one per edit; all failed when the answer was refused
  bool kept = false;
};
Restructured Restructure(const Skill& s1, const EvolveOptions& options, const LlmConfig& llm,
                         const PromptSet& prompts, LlmClient* client,
                         std::vector<std::string>* notes);

}  // namespace t2s

#endif  // T2S_EVOLVE_FINALIZE_H_
