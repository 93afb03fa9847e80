// How much of evolve's analyst prompts a provider's prefix cache can reuse
// (issue 17, item 1): every analyst request of a run starts with the same
// bytes (system prompt, the skill, how to answer) and ends with the
// trajectory. On the tau-bench airline runs with the airline policy as the
// seed skill, this prints the share of analyst prompt tokens that lie in the
// shared prefix, and the billed-token equivalent against sending every
// prompt token fresh, at the cache discounts of Anthropic (cache reads at
// 0.1x, the first write at 1.25x) and OpenAI (cached input at 0.5x).
//
//   build/bench/prefix_bench [TAU_BENCH_DIR]   (default ../shared/data/tau-bench-airline)
#include <fmt/format.h>

#include <filesystem>

#include "base/file_io.h"
#include "evolve/llm_analyst.h"
#include "evolve/prompts.h"
#include "evolve/requests.h"
#include "skill/skill.h"
#include "store/trajectory_input.h"
#include "trace/token_estimate.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  fs::path data = argc > 1 ? fs::path(argv[1])
                           : fs::path(T2S_SOURCE_DIR) / "../shared/data/tau-bench-airline";
  if (!fs::exists(data / "gpt-4o-airline.json") || !fs::exists(data / "policy.md")) {
    fmt::print("SKIPPED: no tau-bench data in {}\n", data.string());
    return 0;
  }
  // The seed skill: the airline policy under a frontmatter, in a temporary folder.
  fs::path dir = fs::temp_directory_path() / "t2s-prefix-bench" / "airline";
  fs::create_directories(dir);
  std::string policy = *t2s::ReadFile(data / "policy.md");
  (void)t2s::WriteFileAtomic(dir / "SKILL.md",
                             "---\nname: airline\ndescription: Airline customer-service policy "
                             "for booking, changing and cancelling flights.\n---\n\n" +
                                 policy);
  t2s::Result<t2s::Skill> skill = t2s::LoadSkill(dir);
  if (!skill.ok()) {
    fmt::print(stderr, "{}\n", skill.status().message());
    return 1;
  }
  t2s::Result<t2s::PromptSet> prompts = t2s::PromptSet::Load();
  t2s::EvolveOptions options;
  t2s::LlmConfig llm;
  llm.model = "m";
  size_t requests = 0, total = 0, shared = 0;
  t2s::Status read = t2s::ForEachTrajectory(
      {{(data / "gpt-4o-airline.json").string()}, "", ""}, [&](t2s::Trajectory t) {
        if (t.outcome.label == t2s::Label::kUnknown) return;
        std::string rendered = t2s::RenderForAnalyst(*skill, t, options);
        t2s::ChatRequest r =
            t2s::AnalystRequest(*skill, t.outcome.label, rendered, options, llm, *prompts);
        for (const t2s::ChatMessage& m : r.messages) {
          size_t tokens = t2s::EstimateTokens(m.content);
          total += tokens;
          if (m.role == "system") shared += tokens;
          if (m.cache_prefix > 0) {
            shared += t2s::EstimateTokens(std::string_view(m.content).substr(0, m.cache_prefix));
          }
        }
        ++requests;
      });
  if (!read.ok() || requests == 0) {
    fmt::print(stderr, "{}\n", read.ok() ? "no labelled trajectory" : read.message());
    return 1;
  }
  // The system prompt differs between error and success analysts: each is
  // written to the cache once; count one write per request kind (2).
  const double share = static_cast<double>(shared) / static_cast<double>(total);
  const double per_prefix = static_cast<double>(shared) / static_cast<double>(requests);
  const double fresh = static_cast<double>(total - shared);
  const double anthropic = fresh + 0.1 * (static_cast<double>(shared) - 2 * per_prefix) +
                           1.25 * 2 * per_prefix;
  const double openai = fresh + 0.5 * (static_cast<double>(shared) - 2 * per_prefix) + 2 * per_prefix;
  fmt::print("analyst requests: {}; prompt tokens (estimated): {}; in the shared prefix: {} "
             "({:.1f} %, goal >= 35 %)\n",
             requests, total, shared, 100 * share);
  fmt::print("billed-token equivalent against no prefix reuse: Anthropic (cache_control, reads "
             "0.1x, writes 1.25x) {:.2f}x; OpenAI-style automatic caching (0.5x) {:.2f}x\n",
             anthropic / static_cast<double>(total), openai / static_cast<double>(total));
  return 0;
}
