// Restructuring moves, never removes: checking that a restructured skill
// still holds every line of the skill it was made from.
#ifndef T2S_EVOLVE_RESTRUCTURE_CHECK_H_
#define T2S_EVOLVE_RESTRUCTURE_CHECK_H_

#include <cstddef>
#include <string>
#include <vector>

#include "base/status.h"
#include "skill/skill.h"

namespace t2s {

// A line of the skill before restructuring that the skill after does not hold.
struct LostLine {
  std::string file;
  size_t line = 0;   // 1-based; 0 for a binary file (see LostLines)
  std::string text;  // as written, trimmed; empty for a binary file
};

// The lines of `before` that `after` lost, SKILL.md first and then the
// other files in path order, each in line order. A file `after` holds at
// the same path with the same bytes is kept whole. Every other non-blank
// line of `before` must be matched by its own non-blank line somewhere in
// the other files of `after`, compared by MovedLineKey (evolve/moved_text.h:
// heading level, list marker, indentation and whitespace runs may change,
// nothing else). Matching counts: a line written twice before must be
// there twice after, so deleting one of two identical sections is caught.
// A file holding a NUL byte (binary) is kept only when it is unchanged at
// its path; otherwise it is one LostLine with line 0.
std::vector<LostLine> LostLines(const Skill& before, const Skill& after);

// OK when `after` is a restructuring of `before` that removed nothing:
//  1. SKILL.md's frontmatter block (its "---" lines included) is the same,
//     line for line (line endings aside); else FailedPrecondition naming
//     the first differing line, as in
//       restructure changed SKILL.md's frontmatter at SKILL.md:3:
//       "description: A" became "description: B"
//     (one line; the end reads `"x" was removed` or `"x" was added` when
//     one block is longer).
//  2. LostLines is empty; else FailedPrecondition naming the first three
//     lost lines, as in (one line)
//       restructure dropped 12 lines, first SKILL.md:40 "## Hand-off",
//       SKILL.md:41 "- Send it.", SKILL.md:43 "Then wait."
//     or "restructure dropped 1 line, first SKILL.md:40 "## Hand-off"".
//     A line's text is cut to 80 bytes with "..."; a binary file reads
//     `assets/logo.png (binary file)`.
Status CheckRestructure(const Skill& before, const Skill& after);

}  // namespace t2s

#endif  // T2S_EVOLVE_RESTRUCTURE_CHECK_H_
