// SectionMap: the sections of a Markdown file and how to name one.
//
// A section is a heading line and everything up to the next heading of the
// same or higher level (a smaller or equal number of '#'), or the end of the
// file. Headings come from MarkdownOutline, so fenced code never splits one.
#ifndef T2S_SKILL_SECTION_MAP_H_
#define T2S_SKILL_SECTION_MAP_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "skill/markdown_outline.h"

namespace t2s {

struct Section {
  MdHeading heading;
  size_t end_line = 0;       // one past the section's last line (subsections included)
  size_t body_end_line = 0;  // one past the section's own text (its first subsection starts there)
};

// "## Payments" names a level-2 heading "Payments"; "Payments" names a
// heading of any level. Whitespace runs compare as one space.
struct HeadingRef {
  int level = 0;  // 0: any level
  std::string title;
};
HeadingRef ParseHeadingRef(std::string_view ref);
// A heading title as references compare it: trimmed, whitespace runs as one space.
std::string NormalizeHeadingTitle(std::string_view title);
// "## Payments" for level 2; the bare title for level 0.
std::string FormatHeadingRef(const HeadingRef& ref);

class SectionMap {
 public:
  SectionMap(const std::vector<MdHeading>& headings, size_t line_count);

  const std::vector<Section>& sections() const { return sections_; }

  // The one section `ref` names in `file` (used in messages). Errors
  // (NotFound / FailedPrecondition):
  //   section "## Payments" not found in SKILL.md
  //   section "## Notes" matches 2 headings in SKILL.md (lines 12, 40)
  Result<const Section*> Find(std::string_view ref, std::string_view file) const;

  // Every section whose heading matches `ref`.
  std::vector<const Section*> FindAll(const HeadingRef& ref) const;

 private:
  std::vector<Section> sections_;
};

}  // namespace t2s

#endif  // T2S_SKILL_SECTION_MAP_H_
