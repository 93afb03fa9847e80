// Conversions shared by the readers of chat-message formats: OpenAI chat
// messages and Anthropic content blocks become Steps.
#ifndef T2S_TRACE_MESSAGE_STEPS_H_
#define T2S_TRACE_MESSAGE_STEPS_H_

#include <string>
#include <vector>

#include "base/result.h"
#include "trace/json_input.h"
#include "trace/trajectory.h"

namespace t2s {

// OpenAI chat messages ({"role","content","tool_calls",...}; "developer"
// counts as system, "function" as tool). Errors name the message:
//   field "messages[3].role": unknown role "robot"
Result<std::vector<Step>> StepsFromOpenAIMessages(JsonValue messages, const std::string& field);

// One OpenAI chat message as a Step; `path` names it in errors
// ("messages[3]"). Tool results are not yet named (see NameToolResults).
Result<Step> StepFromOpenAIMessage(JsonValue message, const std::string& path);

// Appends the Steps of one Anthropic message ({"role", "content": string or
// blocks}): text and thinking blocks, tool_use blocks as tool calls, and
// each tool_result block as its own tool step (before any user text).
Status AppendAnthropicMessage(JsonValue message, const std::string& field,
                              std::vector<Step>* steps);

// The text of the first user step, or "".
std::string FirstUserText(const std::vector<Step>& steps);

// Fills in each tool step's missing name from the call it answers.
void NameToolResults(std::vector<Step>* steps);

// Heuristic error flag for tool output in formats without one: the text
// starts with "Error", "error:", "Traceback (most recent call last)" or
// "Exception".
bool LooksLikeError(std::string_view tool_output);

}  // namespace t2s

#endif  // T2S_TRACE_MESSAGE_STEPS_H_
