// The chat requests of an evolve run: what each stage sends the model.
#ifndef T2S_EVOLVE_REQUESTS_H_
#define T2S_EVOLVE_REQUESTS_H_

#include <string>
#include <string_view>

#include "evolve/pipeline.h"
#include "llm/chat_types.h"
#include "llm/llm_config.h"
#include "mine/miner.h"
#include "skill/skill.h"
#include "trace/trajectory.h"

namespace t2s {

// SKILL.md's text, or "" when the skill has none.
const std::string& SkillMd(const Skill& skill);

// Headings and files: what a merge needs to know of the skill.
std::string Outline(const Skill& skill);

// The trajectory as the analyst of `skill` sees it, within the options'
// token budget.
std::string RenderForAnalyst(const Skill& skill, const Trajectory& trajectory,
                             const EvolveOptions& options);

// The analyst's user message: the skill, the rendered trajectory, and the
// answer's fields.
std::string AnalystInput(const Skill& skill, const std::string& rendered_trajectory);
// The part of AnalystInput before the trajectory: the same bytes in every
// analyst request of a run (the skill, then how to answer), so that a
// server's prefix cache reuses it; the trajectory comes last.
std::string AnalystPrefix(const Skill& skill);

// The strongest mined findings, a few lines for merge prompts.
std::string EvidenceText(const Evidence& evidence);

// A request of `stage` answering with the answer schema `schema_name`
// (evolve/answer_schema.h).
ChatRequest MakeRequest(std::string_view stage, const LlmConfig& llm, const EvolveOptions& options,
                        const std::string& system, const std::string& user,
                        std::string_view schema_name);

}  // namespace t2s

#endif  // T2S_EVOLVE_REQUESTS_H_
