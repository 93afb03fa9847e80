#include "evolve/moved_text.h"

#include <gtest/gtest.h>

namespace t2s {
namespace {

TEST(MovedTextTest, LineKeysIgnoreOnlyLayout) {
  EXPECT_EQ(MovedLineKey("  ##   Hand \t off  \r"), "# Hand off");
  EXPECT_EQ(MovedLineKey("###### X"), "# X");
  EXPECT_EQ(MovedLineKey("#\tX"), "# X");
  EXPECT_EQ(MovedLineKey("## "), "#");
  EXPECT_EQ(MovedLineKey("####### X"), "####### X");  // seven: not a heading
  EXPECT_EQ(MovedLineKey("#tag"), "#tag");
  EXPECT_EQ(MovedLineKey("- X"), "X");
  EXPECT_EQ(MovedLineKey("   * X"), "X");
  EXPECT_EQ(MovedLineKey("+ X"), "X");
  EXPECT_EQ(MovedLineKey("12. X"), "X");
  EXPECT_EQ(MovedLineKey("3) X"), "X");
  EXPECT_EQ(MovedLineKey("- - X"), "- X");  // one marker only
  EXPECT_EQ(MovedLineKey("1234567890. X"), "1234567890. X");
  EXPECT_EQ(MovedLineKey("-X"), "-X");
  EXPECT_EQ(MovedLineKey("---"), "---");
  EXPECT_EQ(MovedLineKey("**Bold** text"), "**Bold** text");
  EXPECT_EQ(MovedLineKey("Case Matters"), "Case Matters");
  EXPECT_EQ(MovedLineKey(" \t "), "");
}

Skill Moved() {
  Skill s;
  s.files["SKILL.md"] =
      "---\nname: pay\n---\n# Pay\n\n### Payments\n\n- Ask for the payment method and amounts.\n"
      "See [details](references/details.md).\n";
  s.files["references/details.md"] =
      "# Details\n\nStep one of the detail.\n\n\nStep two of the detail.\n";
  s.files["LICENSE"] = "Step one of the detail.\nStep two of the detail.\n";
  return s;
}

TEST(MovedTextTest, LocatesMovedTextAcrossBlankLines) {
  std::optional<TextLocation> at =
      LocateText(Moved(), "Step one of the detail.\nStep two of the detail.\n");
  ASSERT_TRUE(at.has_value());
  // Not in SKILL.md; of the other files, LICENSE comes first in path order.
  EXPECT_EQ(at->file, "LICENSE");
  EXPECT_EQ(at->first_line, 1u);
  EXPECT_EQ(at->last_line, 2u);
  EXPECT_EQ(at->matches, 2u);
}

TEST(MovedTextTest, LocatesThroughAHeadingLevelChange) {
  std::optional<TextLocation> at = LocateText(Moved(), "## Details\n\nStep one of the detail.\n");
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(at->file, "references/details.md");
  EXPECT_EQ(at->first_line, 1u);
  EXPECT_EQ(at->last_line, 3u);
  EXPECT_EQ(at->matches, 1u);
}

TEST(MovedTextTest, SkillMdIsSearchedFirst) {
  Skill s = Moved();
  s.files["SKILL.md"] += "\nStep one of the detail.\n";
  std::optional<TextLocation> at = LocateText(s, "Step one of the detail.");
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(at->file, "SKILL.md");
  EXPECT_EQ(at->first_line, 11u);
  EXPECT_EQ(at->last_line, 11u);
  EXPECT_EQ(at->matches, 3u);
}

TEST(MovedTextTest, ASingleLineMayBeAFragmentOfALongerLine) {
  std::optional<TextLocation> at = LocateText(Moved(), "payment method  and amounts");
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(at->file, "SKILL.md");
  EXPECT_EQ(at->first_line, 8u);
  EXPECT_EQ(at->last_line, 8u);
  EXPECT_EQ(at->matches, 1u);
}

TEST(MovedTextTest, SeveralLinesMustBeWholeAndConsecutive) {
  EXPECT_FALSE(LocateText(Moved(), "payment method\nSee [details]").has_value());
  EXPECT_FALSE(LocateText(Moved(), "Step one of the detail.\n# Details\n").has_value());
}

TEST(MovedTextTest, BlankOrAbsentTextIsNotFound) {
  EXPECT_FALSE(LocateText(Moved(), " \n\n").has_value());
  EXPECT_FALSE(LocateText(Moved(), "Step three of the detail.").has_value());
}

}  // namespace
}  // namespace t2s
