// Drafting a seed skill on its own (the paper's creation mode), for loop
// --new: one call, kept in OUT/run.sqlite so a re-run pays nothing, the
// skill written to OUT/NAME/.
#ifndef T2S_EVOLVE_DRAFT_H_
#define T2S_EVOLVE_DRAFT_H_

#include <filesystem>

#include "evolve/pipeline.h"

namespace t2s {

// Uses options.new_name, options.about, options.prompts_dir, seed and
// temperature. A draft already written in `out` is loaded, not asked again.
Result<Skill> DraftSeedSkill(const EvolveOptions& options, const LlmConfig& llm,
                             Transport* transport, Clock* clock, const std::filesystem::path& out,
                             const AttachFn& attach = {});

}  // namespace t2s

#endif  // T2S_EVOLVE_DRAFT_H_
