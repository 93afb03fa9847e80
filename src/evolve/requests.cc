#include "evolve/requests.h"

#include <fmt/format.h>

#include <algorithm>

#include "evolve/analysis.h"
#include "evolve/answer_schema.h"
#include "skill/file_view.h"
#include "trace/render.h"

namespace t2s {

const std::string& SkillMd(const Skill& s) {
  static const std::string empty;
  const std::string* md = s.Find(kSkillFile);
  return md ? *md : empty;
}

std::string Outline(const Skill& s) {
  std::string out;
  FileView view(std::string(kSkillFile), SkillMd(s));
  for (const Section& sec : view.sections().sections()) {
    out += fmt::format("{} {}\n", std::string(static_cast<size_t>(sec.heading.level), '#'),
                       sec.heading.title);
  }
  out += "\nFiles: ";
  for (const auto& [path, _] : s.files) out += path + " ";
  return out + "\n";
}

std::string RenderForAnalyst(const Skill& s, const Trajectory& t, const EvolveOptions& o) {
  RenderOptions render;
  render.token_budget = o.trajectory_tokens;
  render.skill_text = SkillMd(s);
  return RenderTrajectory(t, render);
}

std::string AnalystPrefix(const Skill& s) {
  std::string files;
  for (const auto& [path, _] : s.files) {
    if (path != kSkillFile) files += (files.empty() ? "" : ", ") + path;
  }
  return fmt::format(
      "# The skill (SKILL.md)\n\n{}\n\nOther files of the skill: {}\n\n# Your answer\n\n"
      "Answer with a t2s_analysis JSON object: \"kind\" (\"error\" or \"success\"), \"causes\" "
      "[{{\"title\", \"evidence\", \"explanation\"}}], \"lessons\" (at most {}) [{{\"title\", "
      "\"when\", \"do\", \"avoid\", \"evidence_steps\"}}], \"edits\" [{{\"op\", \"file\", "
      "\"section\", \"after_section\", \"old_text\", \"anchor\", \"content\", \"replace\"}}] and "
      "\"changelog\" [strings]. In an edit, set the fields its op needs and null the others. "
      "Ops: create_file (file, content), add_section (section: the new heading, content, "
      "after_section or null for the end), append_to_section (section, content), replace_text "
      "(old_text, content, section or null), insert_after / insert_before (anchor, content, "
      "section or null), delete_section (section), delete_file.\n\n",
      SkillMd(s), files.empty() ? "none" : files, kMaxLessons);
}

std::string AnalystInput(const Skill& s, const std::string& rendered) {
  return AnalystPrefix(s) + "# The trajectory\n\n" + rendered;
}

std::string EvidenceText(const Evidence& ev) {
  std::string out;
  for (size_t i = 0; i < std::min<size_t>(8, ev.signatures.size()); ++i) {
    const SignatureStats& s = ev.signatures[i];
    if (s.trajectories.size() < 2) break;
    out += fmt::format(
        "- error `{}`: in {} of {} failed runs ({} runs in all); runs with it failed {:.0f}%, "
        "without {:.0f}%\n",
        s.signature, s.affected_failed, ev.failures, s.trajectories.size(), 100 * s.failure_rate,
        100 * s.failure_rate_others);
  }
  for (size_t i = 0; i < std::min<size_t>(3, ev.recoveries.size()); ++i) {
    const Recovery& r = ev.recoveries[i];
    out += fmt::format(
        "- fix seen in {} successful runs: after `{}`, {} succeeded once the agent {}\n",
        r.trajectories.size(), r.signature, r.tool, r.change);
  }
  return out;
}

ChatRequest MakeRequest(std::string_view stage, const LlmConfig& llm, const EvolveOptions& o,
                        const std::string& system, const std::string& user,
                        std::string_view schema_name) {
  ChatRequest r;
  r.stage = std::string(stage);
  r.model = llm.model;
  r.messages = {{"system", system}, {"user", user}};
  r.sampling.max_tokens = o.max_tokens;
  r.sampling.seed = o.seed;
  r.sampling.temperature = o.temperature;
  r.schema = {std::string(schema_name), AnswerSchema(schema_name)};
  return r;
}

}  // namespace t2s
