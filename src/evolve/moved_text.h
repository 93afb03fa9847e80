// Text that may have moved: how a line is compared across a restructuring
// (it may change file, heading level, list marker or indentation, never its
// words), and where an applied edit's text ended up.
#ifndef T2S_EVOLVE_MOVED_TEXT_H_
#define T2S_EVOLVE_MOVED_TEXT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "skill/skill.h"

namespace t2s {

// The key under which a line is compared; two lines are "the same line"
// when their keys are equal. Exactly these differences are ignored:
//  - leading and trailing spaces, tabs and "\r"; a run of spaces and tabs
//    inside the line counts as one space;
//  - an ATX heading's level: "#" to "######" followed by a space, a tab or
//    the end of the line become "# " + the heading text ("## X" == "#### X");
//    a heading stays a heading ("## X" != "X");
//  - one list marker at the start, removed: "- ", "* ", "+ ", or 1 to 9
//    digits then ". " or ") " ("- X" == "1. X" == "X").
// Everything else (case, punctuation, inline markup, wording, line
// wrapping) must be the same. A blank line's key is "".
std::string MovedLineKey(std::string_view line);

// Where a text sits in a skill folder: a file and its 1-based lines.
struct TextLocation {
  std::string file;
  size_t first_line = 0;
  size_t last_line = 0;
  size_t matches = 0;  // how many places hold the text; above 1 it is ambiguous
};

// Finds `content` (an applied edit's text) in `skill`: its non-blank lines,
// compared by MovedLineKey, as consecutive non-blank lines of one file
// (blank lines between them are ignored on both sides). When no file holds
// every line and `content` is a single line, a file line whose key contains
// that line's key (with only whitespace collapsed) is accepted, so that a
// replace_text inside a longer line is found. Returns the first place,
// SKILL.md first and then the other files in path order, with `matches`
// counting every place; nullopt when `content` is blank or found nowhere.
// Files holding a NUL byte are not searched.
std::optional<TextLocation> LocateText(const Skill& skill, std::string_view content);

}  // namespace t2s

#endif  // T2S_EVOLVE_MOVED_TEXT_H_
