#include "evolve/restructure_check.h"

#include <gtest/gtest.h>

namespace t2s {
namespace {

constexpr const char* kFrontMatter = "---\nname: pay\ndescription: Paying bills.\n---\n";

// Lines 5-20 of SKILL.md; the frontmatter is lines 1-4.
constexpr const char* kBody =
    "# Pay\n"                          // 5
    "\n"                               // 6
    "## Pay\n"                         // 7
    "\n"                               // 8
    "- Check the invoice total.\n"     // 9
    "  - Twice for large sums.\n"      // 10
    "\n"                               // 11
    "## Hand-off\n"                    // 12
    "\n"                               // 13
    "Send the summary to the team.\n"  // 14
    "- Close the ticket.\n"            // 15
    "\n"                               // 16
    "## Details\n"                     // 17
    "\n"                               // 18
    "Step one of the detail.\n"        // 19
    "Step two of the detail.\n";       // 20

Skill Before() {
  Skill s;
  s.folder_name = "pay";
  s.files["SKILL.md"] = std::string(kFrontMatter) + kBody;
  s.files["references/old.md"] = "# Old\n\nKept as it was.\n";
  return s;
}

// `before` with `from` replaced by `to` in SKILL.md.
Skill Edited(const std::string& from, const std::string& to) {
  Skill s = Before();
  std::string& md = s.files["SKILL.md"];
  size_t at = md.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) md.replace(at, from.size(), to);
  return s;
}

TEST(RestructureCheckTest, MovingASectionToReferencesPasses) {
  Skill after = Edited("## Details\n\nStep one of the detail.\nStep two of the detail.\n",
                       "See [details](references/details.md) for the steps.\n");
  after.files["references/details.md"] =
      "# Details\n\n    Step one of the detail.\nStep two of the detail.\n";
  EXPECT_TRUE(CheckRestructure(Before(), after).ok())
      << CheckRestructure(Before(), after).message();
}

TEST(RestructureCheckTest, HeadingLevelListMarkerAndIndentationMayChange) {
  Skill after = Edited("## Hand-off\n\nSend the summary to the team.\n- Close the ticket.\n",
                       "### Hand-off\nSend   the summary to the team.\n1. Close the ticket.\n");
  after.files["SKILL.md"].replace(after.files["SKILL.md"].find("  - Twice"), 9, "* Twice");
  EXPECT_TRUE(CheckRestructure(Before(), after).ok())
      << CheckRestructure(Before(), after).message();
}

TEST(RestructureCheckTest, ADeletedSectionFailsNamingItsLines) {
  Skill after = Edited("## Hand-off\n\nSend the summary to the team.\n- Close the ticket.\n\n", "");
  Status s = CheckRestructure(Before(), after);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      s.message(),
      "restructure dropped 3 lines, first SKILL.md:12 \"## Hand-off\", SKILL.md:14 \"Send the "
      "summary to the team.\", SKILL.md:15 \"- Close the ticket.\"");
}

TEST(RestructureCheckTest, MovingWithARewordedLineFails) {
  Skill after = Edited("## Details\n\nStep one of the detail.\nStep two of the detail.\n",
                       "See [details](references/details.md).\n");
  after.files["references/details.md"] =
      "# Details\n\nStep one of the detail.\nStep 2 of the detail.\n";
  EXPECT_EQ(CheckRestructure(Before(), after).message(),
            "restructure dropped 1 line, first SKILL.md:20 \"Step two of the detail.\"");
}

TEST(RestructureCheckTest, AHeadingMustStayAHeading) {
  EXPECT_EQ(CheckRestructure(Before(), Edited("## Hand-off\n", "Hand-off\n")).message(),
            "restructure dropped 1 line, first SKILL.md:12 \"## Hand-off\"");
}

TEST(RestructureCheckTest, EachCopyOfARepeatedLineNeedsItsOwnLine) {
  Skill before = Before();
  before.files["SKILL.md"] += "\n## Notes\n\n- Keep receipts.\n\n## Notes\n\n- Keep receipts.\n";
  Skill after = before;
  after.files["SKILL.md"].resize(after.files["SKILL.md"].size() -
                                 std::string("\n## Notes\n\n- Keep receipts.\n").size());
  EXPECT_EQ(CheckRestructure(before, after).message(),
            "restructure dropped 2 lines, first SKILL.md:26 \"## Notes\", SKILL.md:28 \"- Keep "
            "receipts.\"");
}

TEST(RestructureCheckTest, AnUnchangedFileAnswersOnlyForItself) {
  // The line also sits in references/old.md, which was not touched: the
  // copy in SKILL.md is still lost.
  Skill before = Before();
  before.files["SKILL.md"] += "Kept as it was.\n";
  Skill after = Before();
  EXPECT_EQ(CheckRestructure(before, after).message(),
            "restructure dropped 1 line, first SKILL.md:21 \"Kept as it was.\"");
}

TEST(RestructureCheckTest, OtherFilesAreCheckedAfterSkillMd) {
  // LICENSE sorts before SKILL.md by path; SKILL.md is still reported first.
  Skill before = Before();
  before.files["LICENSE"] = "MIT\n";
  Skill after = Edited("## Details\n", "");
  after.files.erase("references/old.md");
  EXPECT_EQ(CheckRestructure(before, after).message(),
            "restructure dropped 4 lines, first SKILL.md:17 \"## Details\", LICENSE:1 \"MIT\", "
            "references/old.md:1 \"# Old\"");
}

TEST(RestructureCheckTest, AChangedDescriptionFails) {
  Skill after = Edited("description: Paying bills.", "description: Pay.");
  EXPECT_EQ(CheckRestructure(Before(), after).message(),
            "restructure changed SKILL.md's frontmatter at SKILL.md:3: \"description: Paying "
            "bills.\" became \"description: Pay.\"");
}

TEST(RestructureCheckTest, FrontMatterMovedOutOfSkillMdFails) {
  // Every line is still somewhere, but the frontmatter is not SKILL.md's.
  Skill after = Edited(kFrontMatter, "");
  after.files["references/meta.md"] = kFrontMatter;
  EXPECT_EQ(CheckRestructure(Before(), after).message(),
            "restructure changed SKILL.md's frontmatter at SKILL.md:1: \"---\" was removed");
}

TEST(RestructureCheckTest, AFrontMatterLineAddedFails) {
  Skill after = Before();
  after.files["SKILL.md"] =
      "---\nname: pay\ndescription: Paying bills.\nlicense: MIT\n---\n" + std::string(kBody);
  EXPECT_EQ(CheckRestructure(Before(), after).message(),
            "restructure changed SKILL.md's frontmatter at SKILL.md:4: \"---\" became \"license: "
            "MIT\"");
  Skill before = Before();
  before.files["SKILL.md"] = "# Pay\n";
  after = before;
  after.files["SKILL.md"] = "---\nname: pay\n---\n# Pay\n";
  EXPECT_EQ(CheckRestructure(before, after).message(),
            "restructure changed SKILL.md's frontmatter at SKILL.md:1: \"---\" was added");
}

TEST(RestructureCheckTest, ABinaryFileMustStayAsItWas) {
  Skill before = Before();
  before.files["assets/logo.png"] = std::string("\x89PNG\0\x01", 6);
  Skill after = before;
  EXPECT_TRUE(CheckRestructure(before, after).ok());
  after.files["references/logo.png"] = after.files["assets/logo.png"];
  after.files.erase("assets/logo.png");
  EXPECT_EQ(CheckRestructure(before, after).message(),
            "restructure dropped 1 line, first assets/logo.png (binary file)");
}

TEST(RestructureCheckTest, LongLinesAreCutInTheMessage) {
  Skill before = Before();
  before.files["SKILL.md"] += std::string(90, 'x') + "\n";
  std::vector<LostLine> lost = LostLines(before, Before());
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(lost[0].text, std::string(90, 'x'));
  EXPECT_EQ(CheckRestructure(before, Before()).message(),
            "restructure dropped 1 line, first SKILL.md:21 \"" + std::string(80, 'x') + "...\"");
}

TEST(RestructureCheckTest, CrLfLineEndingsDoNotCount) {
  Skill after = Before();
  std::string crlf;
  for (char c : after.files["SKILL.md"])
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  after.files["SKILL.md"] = crlf;
  EXPECT_TRUE(CheckRestructure(Before(), after).ok())
      << CheckRestructure(Before(), after).message();
}

}  // namespace
}  // namespace t2s
