// The rule families ValidateSkill runs; each appends findings.
#ifndef T2S_SKILL_VALIDATE_RULES_H_
#define T2S_SKILL_VALIDATE_RULES_H_

#include <string_view>
#include <vector>

#include "skill/file_view.h"
#include "skill/skill.h"
#include "skill/validate.h"

namespace t2s {

// Frontmatter of SKILL.md against the specification (keys, name, description...).
void CheckFrontMatterRules(const Skill& skill, const ValidateOptions& options,
                           std::vector<Finding>* out);

// One Markdown file: fences, line length, glued, placeholder and duplicate headings.
void CheckMarkdownRules(const FileView& file, const ValidateOptions& options,
                        std::vector<Finding>* out);

// The folder as a whole: budgets, links, unlinked references, symlinks, UTF-8.
void CheckFolderRules(const Skill& skill, const ValidateOptions& options,
                      std::vector<Finding>* out);

}  // namespace t2s

#endif  // T2S_SKILL_VALIDATE_RULES_H_
