// The last stages of evolve, after consolidation: support decides what
// reaches SKILL.md (routing, conflicts), every edit is applied to S0 at
// once, failed edits get one repair call, an over-budget SKILL.md one
// restructuring call, and the result is validated.
#ifndef T2S_EVOLVE_FINAL_STAGE_H_
#define T2S_EVOLVE_FINAL_STAGE_H_

#include <filesystem>
#include <vector>

#include "base/result.h"
#include "evolve/fates.h"
#include "evolve/pipeline.h"
#include "evolve/prompts.h"
#include "llm/llm_client.h"
#include "llm/llm_config.h"
#include "skill/apply.h"
#include "skill/validate.h"

namespace t2s {

struct Finished {
  Patch final_patch;   // the edits applied or tried, in the order applied
  ApplyResult applied;  // its outcomes; `skill` is the finished skill (restructured if kept)
  std::vector<Edit> restructure_edits;
  std::vector<EditOutcome> restructure_outcomes;
  std::vector<Finding> findings;
};

struct FinishInputs {
  const Skill* seed = nullptr;
  const EvolveOptions* options = nullptr;
  const LlmConfig* llm = nullptr;      // with `client`
  const PromptSet* prompts = nullptr;  // with `client`
  std::filesystem::path out;           // the run folder, for messages
};

// Finishes `edits` (consolidation's final edits). `client` null: no repair
// and no restructuring (the offline analyst calls no model). Records each
// edit's fate and the summary's counts (applied, dropped, routed,
// min_support, validation errors, notes). Errors: the client stopped.
Result<Finished> Finish(std::vector<Edit> edits, const FinishInputs& in, LlmClient* client,
                        Fates* fates, EvolveSummary* summary, const ProgressFn& progress);

}  // namespace t2s

#endif  // T2S_EVOLVE_FINAL_STAGE_H_
