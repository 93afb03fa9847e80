// LineKind: the Markdown block a single line starts or continues, as far as
// deciding where inserted text needs a blank line around it.
#ifndef T2S_SKILL_LINE_KIND_H_
#define T2S_SKILL_LINE_KIND_H_

#include <string_view>

namespace t2s {

enum class LineKind {
  kBlank,
  kHeading,   // "# ..." to "###### ..."
  kListItem,  // "- x", "* x", "+ x", "1. x", "1) x"
  kTableRow,  // "| a | b |"
  kQuote,     // "> ..."
  kIndented,  // starts with a tab or 2+ spaces (list continuation, code, an item's fence)
  kFence,     // "```" or "~~~"
  kText,      // anything else (paragraph text)
};

LineKind ClassifyLine(std::string_view line);

// True when `above` and `below`, placed next to each other, need a blank line
// between them so neither is glued onto the other's block: always around a
// heading, between paragraphs, between a paragraph and a list. False when
// either is blank, and within a list, a table or a quote.
bool NeedsBlankBetween(std::string_view above, std::string_view below);

}  // namespace t2s

#endif  // T2S_SKILL_LINE_KIND_H_
