// The offline analyst: turns mined evidence into a patch (a references/
// file of observed failures and fixes, linked from a short SKILL.md
// section), with no LLM. Every line says its support; every edit carries
// the trajectories behind it.
#ifndef T2S_EVOLVE_OFFLINE_ANALYST_H_
#define T2S_EVOLVE_OFFLINE_ANALYST_H_

#include <filesystem>

#include "base/result.h"
#include "evolve/analyst.h"
#include "evolve/pipeline.h"
#include "mine/miner.h"
#include "skill/patch.h"
#include "skill/skill.h"

namespace t2s {

inline constexpr const char* kObservedFailuresFile = "references/observed-failures.md";

// The patch for `skill` from `evidence` (empty when nothing has support).
Patch OfflinePatch(const Skill& skill, const Evidence& evidence, size_t top = 10);

// The analyst with no LLM: one level-0 unit, "offline", made of the
// miner's evidence over every selected trajectory (Selection::evidence).
class OfflineAnalyst final : public Analyst {
 public:
  Result<std::vector<PatchUnit>> Analyze(const AnalystInputs& in, Fates* fates,
                                         EvolveSummary* summary) override;
};

}  // namespace t2s

#endif  // T2S_EVOLVE_OFFLINE_ANALYST_H_
