// The single-call analyst: one structured LLM call per selected
// trajectory, answering with a t2s_analysis (causes, lessons, edits).
#ifndef T2S_EVOLVE_LLM_ANALYST_H_
#define T2S_EVOLVE_LLM_ANALYST_H_

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/text_spool.h"
#include "evolve/analyst.h"
#include "evolve/prompts.h"
#include "llm/llm_client.h"
#include "llm/llm_config.h"

namespace t2s {

class LlmAnalyst final : public Analyst {
 public:
  // `out`: the run folder. The rendered trajectories wait on disk there
  // (base/text_spool.h) until their call starts, so a run holds only the
  // prompts in flight.
  LlmAnalyst(const LlmConfig& llm, const PromptSet& prompts, LlmClient* client,
             std::filesystem::path out)
      : llm_(llm), prompts_(prompts), client_(client), out_(std::move(out)) {}

  Result<std::vector<PatchUnit>> Analyze(const AnalystInputs& in, Fates* fates,
                                         EvolveSummary* summary) override;

  // Analyzes only the selection indices `indices` (ids still by selection
  // index), whose renderings a caller that read the input already put in
  // `spool` at slot[i]: the input is not read again.
  void Only(std::vector<size_t> indices, std::unique_ptr<TextSpool> spool,
            std::vector<size_t> slot) {
    only_ = std::move(indices), spool_ = std::move(spool), slot_ = std::move(slot);
    subset_ = true;
  }

 private:
  std::vector<size_t> only_;
  bool subset_ = false;
  std::unique_ptr<TextSpool> spool_;
  std::vector<size_t> slot_;
  const LlmConfig& llm_;
  const PromptSet& prompts_;
  LlmClient* client_;
  std::filesystem::path out_;
};

// Reads the input once more and renders each selected trajectory that
// `keep` accepts (all when empty) into `spool`; returns the slot of each
// selection index (SIZE_MAX: not kept). A selected trajectory missing from
// this reading is an error: the input changed while evolve ran.
Result<std::vector<size_t>> RenderSelected(
    const AnalystInputs& in, TextSpool* spool,
    const std::function<bool(const Trajectory&)>& keep = nullptr);

// The analyst request of a trajectory with `label`, given its rendering.
ChatRequest AnalystRequest(const Skill& seed, Label label, const std::string& rendered,
                           const EvolveOptions& options, const LlmConfig& llm,
                           const PromptSet& prompts);

}  // namespace t2s

#endif  // T2S_EVOLVE_LLM_ANALYST_H_
