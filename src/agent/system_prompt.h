// The agent's system prompt: a short harness preamble, then the skill as
// the chosen mode offers it.
#ifndef T2S_AGENT_SYSTEM_PROMPT_H_
#define T2S_AGENT_SYSTEM_PROMPT_H_

#include <string>
#include <string_view>

#include "base/result.h"
#include "skill/skill.h"

namespace t2s {

enum class SkillMode {
  kPreload,  // SKILL.md in the system prompt (the paper's setting)
  kFiles,    // only its name, description and where it is mounted (progressive disclosure)
};

// "preload" or "files" (the --skill-mode flag).
Result<SkillMode> ParseSkillMode(std::string_view text);

// The system prompt for an episode. `skill` null: the no-skill baseline.
// The skill folder is mounted read-only at `skill_mount` either way.
std::string SystemPrompt(const Skill* skill, SkillMode mode, std::string_view skill_mount = "/skill");

}  // namespace t2s

#endif  // T2S_AGENT_SYSTEM_PROMPT_H_
