// Trajectory: one agent run as trace2skill reads it (`t2s.trajectory/1`,
// DESIGN.md §3.1), whatever format it came from.
#ifndef T2S_TRACE_TRAJECTORY_H_
#define T2S_TRACE_TRAJECTORY_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/tool_call.h"

namespace t2s {

inline constexpr std::string_view kTrajectorySchema = "t2s.trajectory/1";

enum class Role { kSystem, kUser, kAssistant, kTool };
std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

enum class Label { kUnknown, kSuccess, kFail };
std::string_view LabelName(Label label);
std::optional<Label> ParseLabel(std::string_view name);
// success when reward >= 1, fail otherwise (tau-bench, Harbor and most
// verifiers give 1 for a solved task).
Label LabelFromReward(double reward);

struct Outcome {
  Label label = Label::kUnknown;
  std::optional<double> reward;
  std::string detail;
  std::string source;  // where the label came from: "tau-bench", "labels.csv", ...
};

struct Step {
  Role role = Role::kUser;
  std::string content;
  std::string reasoning;             // assistant: thinking / reasoning text
  std::vector<ToolCall> tool_calls;  // assistant
  std::string tool_call_id;          // tool: the call this answers
  std::string name;                  // tool: the tool's name
  bool is_error = false;             // tool: the call failed
};

struct Trajectory {
  std::string id;
  std::string task;
  Outcome outcome;
  std::map<std::string, std::string> metadata;  // model, format, file, ...
  std::vector<Step> steps;
};

}  // namespace t2s

#endif  // T2S_TRACE_TRAJECTORY_H_
