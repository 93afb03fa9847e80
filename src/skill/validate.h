// Validation of a skill folder: the agentskills.io specification, size
// budgets, links, and the Markdown defects careless edits leave behind.
#ifndef T2S_SKILL_VALIDATE_H_
#define T2S_SKILL_VALIDATE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "skill/skill.h"

namespace t2s {

enum class Severity { kError, kWarning };

struct Finding {
  std::string file;  // relative to the skill folder
  size_t line = 0;   // 1-based; 0 when the finding is about the whole file
  Severity severity = Severity::kError;
  std::string rule;  // stable id, e.g. "name-format"
  std::string message;
};

struct ValidateOptions {
  size_t max_skill_lines = 500;      // SKILL.md budget
  size_t max_reference_lines = 300;  // budget of each file under references/
  // The `name` the frontmatter must carry; empty means the skill's folder name.
  std::string expected_name;
  // Severity of the rules the specification only recommends: the sizes
  // (skill-lines, reference-lines, line-length) and a references/ file
  // SKILL.md does not link (unlinked-reference). `validate` reports them as
  // warnings (errors with --strict); the default holds a skill trace2skill
  // writes itself (evolve, apply) to them.
  Severity advisory_severity = Severity::kError;
};

// Returns every finding, sorted: SKILL.md first, then by file and line.
std::vector<Finding> ValidateSkill(const Skill& skill, const ValidateOptions& options = {});

// "SKILL.md:12: error: <message> (<rule>)"; without ":12" for whole-file findings.
std::string FormatFinding(const Finding& finding);

size_t CountErrors(const std::vector<Finding>& findings);

// OK when `name` is a valid skill name (1-64 of a-z, 0-9 and '-', no
// leading, trailing or double hyphen); otherwise the first problem, e.g.
//   name "/abs/path" may hold only lowercase letters a-z, digits and '-'
Status CheckSkillName(const std::string& name);

}  // namespace t2s

#endif  // T2S_SKILL_VALIDATE_H_
