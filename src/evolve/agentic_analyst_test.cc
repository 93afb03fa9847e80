#include "evolve/agentic_analyst.h"

#include <gtest/gtest.h>

#include "evolve/pipeline.h"

namespace t2s {
namespace {

// Each turn resends the conversation, which grows by one answer (max_tokens)
// and one tool result (30,000 characters, 10,000 tokens) per turn.
TEST(EpisodePromptBoundTest, SumsTheGrowingPromptsUpToTheTurnsOrTheCap) {
  EvolveOptions o;
  o.max_tokens = 1000;
  o.agentic.turns = 3;
  const int64_t growth = 1000 + 10'000;
  EXPECT_EQ(EpisodePromptBound(5000, o), 3 * 5000 + 3 * growth);
  // A cap stops the episode at the first turn that reaches it.
  o.agentic.episode_tokens = 4000;
  EXPECT_EQ(EpisodePromptBound(5000, o), 5000);
  o.agentic.episode_tokens = 5001;
  EXPECT_EQ(EpisodePromptBound(5000, o), 2 * 5000 + growth);
  o.agentic.episode_tokens = 1'000'000;
  EXPECT_EQ(EpisodePromptBound(5000, o), 3 * 5000 + 3 * growth);
}

}  // namespace
}  // namespace t2s
