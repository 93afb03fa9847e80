#include "report/diff_html.h"

#include <gtest/gtest.h>

namespace t2s {
namespace {

constexpr const char* kDiff =
    "diff --git a/SKILL.md b/SKILL.md\n"
    "--- a/SKILL.md\n"
    "+++ b/SKILL.md\n"
    "@@ -1,2 +1,3 @@\n"
    " # Skill\n"
    "-old <line>\n"
    "+new & better\n"
    "+--- not a header\n"
    "@@ -20 +21,2 @@\n"
    " twenty\n"
    "+twenty-one\n"
    "diff --git a/references/x.md b/references/x.md\n"
    "--- /dev/null\n"
    "+++ b/references/x.md\n"
    "@@ -0,0 +1 @@\n"
    "+# X\n"
    "diff --git a/old.md b/old.md\n"
    "--- a/old.md\n"
    "+++ /dev/null\n"
    "@@ -1 +0,0 @@\n"
    "-gone\n";

TEST(DiffHtmlTest, ColoursEveryLineByItsKindAndEscapesIt) {
  EXPECT_EQ(DiffHtml("--- a/S\n+++ b/S\n@@ -1 +1 @@\n ctx\n-a<b\n+a&b\n"),
            "<pre class=\"diff\"><span class=\"file\">--- a/S</span>\n"
            "<span class=\"file\">+++ b/S</span>\n"
            "<span class=\"hunk\">@@ -1 +1 @@</span>\n"
            "<span class=\"ctx\"> ctx</span>\n"
            "<span class=\"del\">-a&lt;b</span>\n"
            "<span class=\"add\">+a&amp;b</span>\n</pre>\n");
}

TEST(DiffHtmlTest, LongLinesAreKeptWhole) {
  std::string line(5000, 'x');
  std::string html = DiffHtml("+" + line + "\n");
  EXPECT_NE(html.find("<span class=\"add\">+" + line + "</span>"), std::string::npos);
}

TEST(DiffHtmlTest, SplitsHunksPerFileWithTheirRanges) {
  std::vector<DiffHunk> hunks = SplitDiff(kDiff);
  ASSERT_EQ(hunks.size(), 4u);
  EXPECT_EQ(hunks[0].file, "SKILL.md");
  EXPECT_EQ(hunks[0].new_start, 1);
  EXPECT_EQ(hunks[0].new_count, 3);
  // A removed line that looks like a header stays in its hunk.
  EXPECT_EQ(hunks[0].text,
            "@@ -1,2 +1,3 @@\n # Skill\n-old <line>\n+new & better\n+--- not a header\n");
  EXPECT_EQ(hunks[1].old_start, 20);
  EXPECT_EQ(hunks[1].old_count, 1);
  EXPECT_EQ(hunks[1].new_start, 21);
  EXPECT_EQ(hunks[1].new_count, 2);
  EXPECT_EQ(hunks[2].file, "references/x.md");
  EXPECT_EQ(hunks[3].file, "old.md");  // deleted: named by its old path
}

TEST(DiffHtmlTest, FindsTheHunksOverlappingLines) {
  std::vector<DiffHunk> hunks = SplitDiff(kDiff);
  std::vector<const DiffHunk*> at = HunksAt(hunks, "SKILL.md", 22, 30);
  ASSERT_EQ(at.size(), 1u);
  EXPECT_EQ(at[0], &hunks[1]);
  EXPECT_EQ(HunksAt(hunks, "SKILL.md", 1, 40).size(), 2u);
  EXPECT_TRUE(HunksAt(hunks, "SKILL.md", 5, 20).empty());
  EXPECT_TRUE(HunksAt(hunks, "README.md", 1, 40).empty());
}

TEST(DiffHtmlTest, TrimsAHunkToTheLinesOfOneEdit) {
  DiffHunk h;
  h.file = "SKILL.md";
  h.old_start = 10, h.old_count = 8, h.new_start = 10, h.new_count = 9;
  h.text =
      "@@ -10,8 +10,9 @@\n"
      " a\n"         // new 10
      "-old b\n"     //
      "+new b\n"     // new 11: another edit
      " c\n"         // 12
      " d\n"         // 13
      " e\n"         // 14
      " f\n"         // 15
      "+g added\n"   // 16: this edit
      " h\n"         // 17
      " i\n"         // 18
      "-j\n";
  EXPECT_EQ(TrimHunk(h, 16, 16, 1), "@@ -15,2 +15,3 @@\n f\n+g added\n h\n");
  EXPECT_EQ(TrimHunk(h, 11, 11, 0), "@@ -11,1 +11,1 @@\n-old b\n+new b\n");
  EXPECT_EQ(TrimHunk(h, 16, 18, 0), "@@ -16,3 +16,3 @@\n+g added\n h\n i\n-j\n");
}

}  // namespace
}  // namespace t2s
