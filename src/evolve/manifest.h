// manifest.json of a run folder: what ran, with which settings, what came
// of it (DESIGN.md §3.4). Written last: a folder holding one is finished.
#ifndef T2S_EVOLVE_MANIFEST_H_
#define T2S_EVOLVE_MANIFEST_H_

#include <chrono>
#include <string>
#include <vector>

#include "evolve/pipeline.h"
#include "evolve/prompts.h"
#include "llm/llm_client.h"
#include "llm/llm_config.h"
#include "mine/miner.h"
#include "skill/skill.h"
#include "skill/validate.h"

namespace t2s {

struct ManifestInputs {
  const Skill* seed = nullptr;
  std::string skill_dir;             // as given, or "(drafted: NAME)"
  std::string analyst;               // "llm" | "offline"
  const LlmConfig* llm = nullptr;    // the llm analyst's
  const PromptSet* prompts = nullptr;
  const LlmClient* client = nullptr;
  const Evidence* evidence = nullptr;  // the offline analyst's
  const EvolveInputs* inputs = nullptr;  // where the trajectories came from
  const std::vector<Finding>* findings = nullptr;  // the output's validation
  std::chrono::system_clock::time_point started;  // when the run began
};

// The manifest, two-space indented with a final newline. API keys never
// appear: endpoint URLs are redacted. Besides settings and counts it records
// what the report needs from disk: "inputs" (absolute paths), "started" and
// "finished" (UTC, ISO 8601), "seconds", "validation" (the findings) and,
// under "llm", "price_known".
std::string ManifestText(const ManifestInputs& in, const EvolveOptions& options,
                         const EvolveSummary& summary);

}  // namespace t2s

#endif  // T2S_EVOLVE_MANIFEST_H_
