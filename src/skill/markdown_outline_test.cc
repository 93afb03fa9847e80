#include "skill/markdown_outline.h"

#include <gtest/gtest.h>

namespace t2s {
namespace {

std::pair<size_t, size_t> Block(const MarkdownOutline& outline, size_t line) {
  LineRange r = outline.BlockAt(line);
  return {r.begin, r.end};
}

TEST(MarkdownOutlineTest, BlockAtIsTheWholeParagraphOrTheInnermostListItem) {
  MarkdownOutline o = ParseMarkdownOutline(
      "One paragraph\nwrapped.\n\n"      // 0-1
      "- item\n  continued\n\n  more\n"  // 3-6: one loose item
      "- next\n  - nested\n\n"           // 7-8
      "Title\n=====\n");                 // 10-11
  EXPECT_EQ(Block(o, 1), std::make_pair(size_t{0}, size_t{2}));
  EXPECT_EQ(Block(o, 4), std::make_pair(size_t{3}, size_t{7}));
  EXPECT_EQ(Block(o, 7), std::make_pair(size_t{7}, size_t{9}));
  EXPECT_EQ(Block(o, 8), std::make_pair(size_t{8}, size_t{9}));
  EXPECT_EQ(Block(o, 11), std::make_pair(size_t{10}, size_t{12}));
  EXPECT_EQ(Block(o, 2), std::make_pair(size_t{2}, size_t{3}));  // a blank line: itself
}

TEST(MarkdownOutlineTest, FencesKnowWhetherTheyAreClosed) {
  MarkdownOutline o = ParseMarkdownOutline(
      "1. a\n2. ```sh\n   x\n   ```\n\n"   // 1: closed inside its item
      "> ~~~~\n> y\n> ~~~~\n\n"            // 5: closed inside the quote
      "- ```\n  z\n- b\n\n"                // 9: its item ends first
      "Text.\n\n    ```\n    indented\n",  // 13-16: indented code, not a fence
      10);
  ASSERT_EQ(o.fences.size(), 3u);
  EXPECT_EQ(o.fences[0].line, 11u);
  EXPECT_TRUE(o.fences[0].closed);
  EXPECT_EQ(o.fences[1].line, 15u);
  EXPECT_EQ(o.fences[1].marker, '~');
  EXPECT_EQ(o.fences[1].length, 4u);
  EXPECT_TRUE(o.fences[1].closed);
  EXPECT_EQ(o.fences[2].line, 19u);
  EXPECT_FALSE(o.fences[2].closed);
}

}  // namespace
}  // namespace t2s
