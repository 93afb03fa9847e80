// A run folder's identity: what makes a run's answers reusable. Re-running
// the same command resumes from <out>/run.sqlite; other inputs or
// settings are refused unless the user asks to resume anyway.
#ifndef T2S_EVOLVE_RUN_IDENTITY_H_
#define T2S_EVOLVE_RUN_IDENTITY_H_

#include <filesystem>
#include <string>

#include "base/status.h"
#include "evolve/pipeline.h"
#include "evolve/prompts.h"
#include "llm/llm_config.h"

namespace t2s {

// A hash of what changes results: the skill's files, the set of
// trajectories (in any input order, from any file), every setting that reaches a prompt
// or the model, the model, the prompts and answer schemas, and the
// binary's version.
// `trajectories_hash`: Selection::content_hash.
std::string RunKey(const Skill& skill, const std::string& trajectories_hash,
                   const EvolveOptions& options, const LlmConfig& llm, const PromptSet& prompts);

// Refuses `out` when it is not empty and holds no run (unless --force).
Status CheckOutFolder(const std::filesystem::path& out, const EvolveOptions& options);
// Refuses an out/run.sqlite that holds a run of another key (unless
// --resume); otherwise records `key` there.
Status RecordRunKey(const std::filesystem::path& out, const std::string& key,
                    const EvolveOptions& options);

}  // namespace t2s

#endif  // T2S_EVOLVE_RUN_IDENTITY_H_
