// ValidateSkill on a fuzzed SKILL.md beside a fixed reference file and
// script, so link, budget and Markdown rules all have something to check.
// Validation reports findings; it must never crash on what an edit or a
// person wrote.
#include <cstdint>
#include <string>

#include "skill/skill.h"
#include "skill/validate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  t2s::Skill skill;
  skill.folder_name = "fuzz-skill";
  skill.files["SKILL.md"] = std::string(reinterpret_cast<const char*>(data), size);
  skill.files["references/notes.md"] = "# Notes\n\nSee [the skill](../SKILL.md).\n";
  skill.files["scripts/run.sh"] = "#!/bin/sh\necho run\n";
  skill.executables.insert("scripts/run.sh");
  t2s::ValidateOptions options;
  options.max_skill_lines = 60;  // small budgets, so fuzzed files reach them
  options.max_reference_lines = 20;
  std::vector<t2s::Finding> findings = t2s::ValidateSkill(skill, options);
  for (const t2s::Finding& f : findings) (void)t2s::FormatFinding(f);
  (void)t2s::CountErrors(findings);
  return 0;
}
