#include "skill/line_kind.h"

#include <gtest/gtest.h>

namespace t2s {
namespace {

TEST(LineKindTest, ClassifiesMarkdownBlocks) {
  EXPECT_EQ(ClassifyLine(""), LineKind::kBlank);
  EXPECT_EQ(ClassifyLine("## Title"), LineKind::kHeading);
  EXPECT_EQ(ClassifyLine("#hashtag"), LineKind::kText);
  EXPECT_EQ(ClassifyLine("- item"), LineKind::kListItem);
  EXPECT_EQ(ClassifyLine("12. item"), LineKind::kListItem);
  EXPECT_EQ(ClassifyLine("  - nested"), LineKind::kListItem);
  EXPECT_EQ(ClassifyLine("    code"), LineKind::kIndented);
  EXPECT_EQ(ClassifyLine("| a | b |"), LineKind::kTableRow);
  EXPECT_EQ(ClassifyLine("> quote"), LineKind::kQuote);
  EXPECT_EQ(ClassifyLine("```python"), LineKind::kFence);
  EXPECT_EQ(ClassifyLine("   ```"), LineKind::kIndented);  // a list item's fence
  EXPECT_EQ(ClassifyLine("Plain text."), LineKind::kText);
}

TEST(LineKindTest, BlankLinesSeparateBlocksButNotListsOrTables) {
  EXPECT_TRUE(NeedsBlankBetween("Paragraph.", "Another paragraph."));
  EXPECT_TRUE(NeedsBlankBetween("Text.", "## Heading"));
  EXPECT_TRUE(NeedsBlankBetween("## Heading", "- item"));
  EXPECT_FALSE(NeedsBlankBetween("- a", "- b"));
  EXPECT_FALSE(NeedsBlankBetween("- a", "  continued"));
  EXPECT_FALSE(NeedsBlankBetween("| a |", "| b |"));
  EXPECT_FALSE(NeedsBlankBetween("   ```", "3. next item"));
  EXPECT_TRUE(NeedsBlankBetween("```", "Text."));
  EXPECT_FALSE(NeedsBlankBetween("", "## Heading"));
}

}  // namespace
}  // namespace t2s
