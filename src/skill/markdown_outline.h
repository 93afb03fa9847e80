// MarkdownOutline: what trace2skill needs to know about a Markdown text,
// read by a real CommonMark parser (cmark) so that lines inside fenced code,
// indented code and HTML blocks never count as headings.
#ifndef T2S_SKILL_MARKDOWN_OUTLINE_H_
#define T2S_SKILL_MARKDOWN_OUTLINE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace t2s {

// Line numbers in this file are 0-based indices into the whole file.
struct MdHeading {
  int level = 0;         // 1..6
  std::string title;     // the heading text as written, trimmed, without markers
  size_t line = 0;       // the (first) line of the heading
  size_t last_line = 0;  // the underline of a setext heading; == line for ATX
};

struct MdLink {
  std::string destination;  // as written, e.g. "references/payments.md#split"
  size_t line = 0;
};

// The text of a code span or a code block, for finding file mentions.
struct MdCodeText {
  std::string text;
  size_t line = 0;
};

struct LineRange {
  size_t begin = 0;  // first line
  size_t end = 0;    // one past the last line
  bool Contains(size_t line) const { return line >= begin && line < end; }
};

// A fenced code block ("```" or "~~~"), wherever it is (in a list item too).
struct MdFence {
  char marker = '`';
  size_t length = 3;    // of the opening fence
  size_t line = 0;      // the opening fence
  bool closed = false;  // false: it runs to the end of its container
};

struct MarkdownOutline {
  std::vector<MdHeading> headings;     // document-level headings, in order
  std::vector<LineRange> code_blocks;  // fenced/indented code and HTML blocks
  std::vector<MdFence> fences;         // fenced code blocks, in order
  // The blocks an insertion goes around: every top-level block (a paragraph,
  // which in CommonMark is also what a table is; a list, a code block, a
  // quote, a heading...) and every list item, at any depth. Trailing blank
  // lines are not part of a block.
  std::vector<LineRange> blocks;
  std::vector<MdLink> links;     // link and image destinations
  std::vector<MdCodeText> code;  // code spans and code block contents

  bool InCodeBlock(size_t line) const;
  // The innermost block holding `line` (a list item before its list); a
  // one-line range {line, line + 1} when no block does (a blank line).
  LineRange BlockAt(size_t line) const;
};

// Parses `body`, a Markdown text whose first line is line `first_line` of its
// file (a SKILL.md body starts after the frontmatter). Never fails: every
// byte sequence is some Markdown.
MarkdownOutline ParseMarkdownOutline(std::string_view body, size_t first_line = 0);

}  // namespace t2s

#endif  // T2S_SKILL_MARKDOWN_OUTLINE_H_
