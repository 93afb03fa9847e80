#include "agent/recorder.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

namespace t2s {

std::string_view VerdictName(VerdictKind kind) {
  switch (kind) {
    case VerdictKind::kPass:
      return "pass";
    case VerdictKind::kFail:
      return "fail";
    case VerdictKind::kError:
      return "error";
  }
  return "?";
}

Trajectory EpisodeTrajectory(const EpisodeSpec& spec, const EpisodeResult& episode,
                             const EpisodeContext& context, VerdictKind verdict,
                             const std::string& detail) {
  Trajectory t;
  t.id = spec.id;
  t.task = spec.instruction;
  switch (verdict) {
    case VerdictKind::kPass:
      t.outcome.label = Label::kSuccess;
      t.outcome.reward = 1.0;
      break;
    case VerdictKind::kFail:
      t.outcome.label = Label::kFail;
      t.outcome.reward = 0.0;
      break;
    case VerdictKind::kError:
      t.outcome.label = episode.answered ? Label::kUnknown : Label::kFail;
      if (!episode.answered) t.outcome.reward = 0.0;
      break;
  }
  t.outcome.detail = detail;
  // An episode the harness ended (max turns, token cap, wall time) was not
  // graded: its label says the agent did not finish, not what a checker said.
  t.outcome.source = episode.answered ? "checker" : "harness";
  t.metadata["format"] = "trace2skill-run";
  t.metadata["suite"] = context.suite;
  if (!context.suite_path.empty()) t.metadata["suite_path"] = context.suite_path;
  t.metadata["task_id"] = spec.id;
  if (!context.task_type.empty()) t.metadata["task_type"] = context.task_type;
  t.metadata["workspace"] = context.workspace;
  t.metadata["skill"] = context.skill;
  if (context.skill != "none") t.metadata["skill_mode"] = context.skill_mode;
  t.metadata["model"] = context.model;
  t.metadata["verdict"] = std::string(VerdictName(verdict));
  t.metadata["turns"] = std::to_string(episode.turns);
  if (!episode.answered) t.metadata["episode_error"] = episode.error;
  std::map<std::string, std::string> tool_of;  // call id -> tool name
  for (size_t i = 0; i < episode.messages.size(); ++i) {
    const ChatMessage& m = episode.messages[i];
    Step step;
    step.role = m.role == "system"      ? Role::kSystem
                : m.role == "assistant" ? Role::kAssistant
                : m.role == "tool"      ? Role::kTool
                                        : Role::kUser;
    step.content = m.content;
    if (i < episode.reasoning.size()) step.reasoning = episode.reasoning[i];
    step.tool_calls = m.tool_calls;
    for (ToolCall& c : step.tool_calls) {
      // A trajectory holds JSON arguments; what a model sent that is not
      // JSON is kept, as a JSON string.
      if (nlohmann::json::accept(c.arguments)) continue;
      c.arguments = nlohmann::json(c.arguments).dump(-1, ' ', false,
                                                     nlohmann::json::error_handler_t::replace);
    }
    step.tool_call_id = m.tool_call_id;
    step.is_error = m.is_error;
    for (const ToolCall& c : m.tool_calls) tool_of[c.id] = c.name;
    if (step.role == Role::kTool) step.name = tool_of[m.tool_call_id];
    t.steps.push_back(std::move(step));
  }
  return t;
}

}  // namespace t2s
