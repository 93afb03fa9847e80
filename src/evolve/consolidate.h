// Consolidation (the reduce of DESIGN.md §1): the level-0 patches folded
// and merged level by level, fan-in at a time, until one patch holds every
// surviving edit.
#ifndef T2S_EVOLVE_CONSOLIDATE_H_
#define T2S_EVOLVE_CONSOLIDATE_H_

#include <filesystem>
#include <string>
#include <vector>

#include "base/result.h"
#include "evolve/fates.h"
#include "evolve/merge.h"
#include "evolve/pipeline.h"
#include "evolve/prompts.h"
#include "llm/llm_client.h"
#include "llm/llm_config.h"
#include "skill/skill.h"

namespace t2s {

struct Consolidation {
  std::vector<Edit> final_edits;   // every surviving edit, each with its sources
  std::vector<PatchUnit> patches;  // every level's units, level 0 first
  std::vector<std::string> notes;  // merges that failed (their inputs went up unchanged)
};

struct ConsolidateInputs {
  const Skill* seed = nullptr;
  std::string evidence;  // mined findings shown to the merge model ("" for none)
  const EvolveOptions* options = nullptr;
  const LlmConfig* llm = nullptr;
  const PromptSet* prompts = nullptr;
  std::filesystem::path out;  // the run folder, for messages
};

// Merges `units`; with no `client`, carries them all up unchanged. Errors:
// the client stopped (an endpoint refusing every call, an interrupt).
Result<Consolidation> Consolidate(std::vector<PatchUnit> units, const ConsolidateInputs& in,
                                  LlmClient* client, Fates* fates, const ProgressFn& progress);

}  // namespace t2s

#endif  // T2S_EVOLVE_CONSOLIDATE_H_
