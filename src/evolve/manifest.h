// manifest.json of a run folder: what ran, with which settings, what came
// of it (DESIGN.md §3.4). Written last: a folder holding one is finished.
#ifndef T2S_EVOLVE_MANIFEST_H_
#define T2S_EVOLVE_MANIFEST_H_

#include <string>

#include "evolve/pipeline.h"
#include "evolve/prompts.h"
#include "llm/llm_client.h"
#include "llm/llm_config.h"
#include "mine/miner.h"
#include "skill/skill.h"

namespace t2s {

struct ManifestInputs {
  const Skill* seed = nullptr;
  std::string skill_dir;             // as given, or "(drafted: NAME)"
  std::string analyst;               // "llm" | "offline"
  const LlmConfig* llm = nullptr;    // the llm analyst's
  const PromptSet* prompts = nullptr;
  const LlmClient* client = nullptr;
  const Evidence* evidence = nullptr;  // the offline analyst's
};

// The manifest, two-space indented with a final newline. API keys never
// appear: endpoint URLs are redacted.
std::string ManifestText(const ManifestInputs& in, const EvolveOptions& options,
                         const EvolveSummary& summary);

}  // namespace t2s

#endif  // T2S_EVOLVE_MANIFEST_H_
