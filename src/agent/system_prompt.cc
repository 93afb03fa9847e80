#include "agent/system_prompt.h"

#include <fmt/format.h>

#include "skill/frontmatter.h"

namespace t2s {
namespace {

constexpr std::string_view kPreamble =
    "You solve a task in a Linux sandbox. Run commands with the bash tool: each call runs in the "
    "task's workspace, /workspace, which holds the task's files; files you write there are kept. "
    "There is no network access. Work step by step and check your results. When the task is "
    "done, reply with your final answer as a message without any tool call: that message ends "
    "the task.";

}  // namespace

Result<SkillMode> ParseSkillMode(std::string_view text) {
  if (text == "preload") return SkillMode::kPreload;
  if (text == "files") return SkillMode::kFiles;
  return Status::InvalidArgument(
      fmt::format("--skill-mode: expected preload or files, got \"{}\"", text));
}

std::string SystemPrompt(const Skill* skill, SkillMode mode, std::string_view skill_mount) {
  std::string prompt(kPreamble);
  if (skill == nullptr) return prompt;
  const std::string* md = skill->Find(kSkillFile);
  std::string body = md != nullptr ? *md : "";
  if (mode == SkillMode::kPreload) {
    prompt += fmt::format(
        "\n\nA skill for this kind of task follows. Its folder is mounted read-only at {0}: the "
        "files it mentions (references/, scripts/) are there, to read with cat or run.\n\n"
        "<skill path=\"{0}/SKILL.md\">\n{1}{2}</skill>",
        skill_mount, body, body.empty() || body.back() == '\n' ? "" : "\n");
    return prompt;
  }
  std::string name = skill->folder_name;
  std::string description;
  if (Result<FrontMatter> fm = ReadFrontMatter(body); fm.ok()) {
    name = fm->Scalar("name").value_or(name);
    description = fm->Scalar("description").value_or("");
    while (!description.empty() && (description.back() == '.' || description.back() == ' '))
      description.pop_back();
  }
  prompt += fmt::format(
      "\n\nA skill for this kind of task is mounted read-only at {0}: \"{1}\"{2}{3}. Read "
      "{0}/SKILL.md before you start; it says which of its references/ and scripts/ to use.",
      skill_mount, name, description.empty() ? "" : " - ", description);
  return prompt;
}

}  // namespace t2s
