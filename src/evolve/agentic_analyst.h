// The agentic error analyst (the paper's strongest analyst for failures):
// each failed trajectory whose task is available gets an agent episode in
// the sandbox with a private copy of the agent's final files (/workspace,
// the candidate), the task's input files and its ground truth
// (/reference, read-only), and the tools bash, check and submit
// (evolve/analyst_tools.h). Only an analysis submitted after a passing
// check is verified and becomes a level-0 patch; the others get the fate
// "unverified" (kept, flagged, with --keep-unverified). Successful
// trajectories and failed ones without a task get the single-call analyst.
//
// Per analyzed trajectory the run folder keeps analysts/L0-NNNN/:
//   candidate/        the analyst's fixed copy of the agent's files
//   reference/        inputs/ and golden/ as the analyst saw them
//   conversation.jsonl  the analyst's episode as a t2s.trajectory/1 record
//                     (label success when verified)
// A re-run asks the model nothing already answered: turns come from the
// run's cache, tool results from its log (agent/tool_log.h).
#ifndef T2S_EVOLVE_AGENTIC_ANALYST_H_
#define T2S_EVOLVE_AGENTIC_ANALYST_H_

#include <filesystem>
#include <string>

#include "evolve/analyst.h"
#include "evolve/analyst_task.h"
#include "evolve/prompts.h"
#include "llm/llm_client.h"
#include "llm/llm_config.h"

namespace t2s {

class AgenticAnalyst final : public Analyst {
 public:
  AgenticAnalyst(const LlmConfig& llm, const PromptSet& prompts, LlmClient* client,
                 std::filesystem::path out, ProgressFn progress)
      : llm_(llm),
        prompts_(prompts),
        client_(client),
        out_(std::move(out)),
        progress_(std::move(progress)) {}

  Result<std::vector<PatchUnit>> Analyze(const AnalystInputs& in, Fates* fates,
                                         EvolveSummary* summary) override;

 private:
  const LlmConfig& llm_;
  const PromptSet& prompts_;
  LlmClient* client_;
  std::filesystem::path out_;
  ProgressFn progress_;
};

// The analyst's first message: the skill, the trajectory, the task, the
// checker's verdict and where the files are.
std::string AgenticInput(const Skill& seed, const std::string& rendered, const AnalystTask& task,
                         const std::string& verdict);

// Writes the task's ground truth for the analyst into `dir` (created):
// the golden workbook, expected.txt, or the check command with the suite
// files it names, and README.txt saying how the task is checked.
Status WriteGoldenMaterial(const AnalystTask& task, const std::filesystem::path& dir);

// An upper bound of the prompt tokens of one episode whose first request
// holds `first_prompt_tokens`: every turn resends the conversation, which
// grows by at most one answer and one capped tool result per turn; with
// --analyst-tokens, no turn is asked once the cap is reached.
int64_t EpisodePromptBound(int64_t first_prompt_tokens, const EvolveOptions& options);

}  // namespace t2s

#endif  // T2S_EVOLVE_AGENTIC_ANALYST_H_
