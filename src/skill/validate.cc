#include "skill/validate.h"

#include <fmt/format.h>

#include <algorithm>

#include "skill/skill_paths.h"
#include "skill/validate_rules.h"

namespace t2s {

std::vector<Finding> ValidateSkill(const Skill& skill, const ValidateOptions& options) {
  std::vector<Finding> findings;
  CheckFrontMatterRules(skill, options, &findings);
  for (const auto& [path, text] : skill.files) {
    if (IsMarkdownPath(path)) CheckMarkdownRules(FileView(path, text), options, &findings);
  }
  CheckFolderRules(skill, options, &findings);
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    bool a_skill = a.file == kSkillFile, b_skill = b.file == kSkillFile;
    if (a_skill != b_skill) return a_skill;
    if (a.file != b.file) return a.file < b.file;
    return a.line < b.line;
  });
  return findings;
}

std::string FormatFinding(const Finding& f) {
  const char* severity = f.severity == Severity::kError ? "error" : "warning";
  if (f.line == 0) return fmt::format("{}: {}: {} ({})", f.file, severity, f.message, f.rule);
  return fmt::format("{}:{}: {}: {} ({})", f.file, f.line, severity, f.message, f.rule);
}

size_t CountErrors(const std::vector<Finding>& findings) {
  return static_cast<size_t>(std::count_if(findings.begin(), findings.end(), [](const Finding& f) {
    return f.severity == Severity::kError;
  }));
}

}  // namespace t2s
