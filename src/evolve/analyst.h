// The analyst seam (DESIGN.md §6): whatever turns the selected
// trajectories into level-0 patches, one per trajectory with edits, for
// consolidation to merge. Today: one LLM call per trajectory
// (llm_analyst.h); next: an agentic analyst that proves its diagnosis.
#ifndef T2S_EVOLVE_ANALYST_H_
#define T2S_EVOLVE_ANALYST_H_

#include <vector>

#include "base/result.h"
#include "evolve/fates.h"
#include "evolve/merge.h"
#include "evolve/pipeline.h"
#include "evolve/selection.h"
#include "skill/skill.h"

namespace t2s {

struct AnalystInputs {
  const Skill* seed = nullptr;
  const Selection* selection = nullptr;
  const TrajectoryStream* stream = nullptr;  // read again for what the selection did not keep
  const EvolveOptions* options = nullptr;
};

class Analyst {
 public:
  virtual ~Analyst() = default;
  // Level-0 units "L0-NNNN" (NNNN: the trajectory's index in the
  // selection) with edits "L0-NNNN-eK" whose sources are the trajectory.
  // Each selected trajectory's fate is recorded (analyzed or failed), and
  // the summary's analyzed and proposed_edits counts. An error stops the
  // run (the endpoint refused it, an interrupt, a failed write).
  virtual Result<std::vector<PatchUnit>> Analyze(const AnalystInputs& in, Fates* fates,
                                                 EvolveSummary* summary) = 0;
};

}  // namespace t2s

#endif  // T2S_EVOLVE_ANALYST_H_
