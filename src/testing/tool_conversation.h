// The fake server's side of tool use: the conversation rules real chat APIs
// enforce on every request, and answers that call tools.
//
// Documented behaviours modelled (the messages are in each API's style, not
// verbatim copies):
//   - OpenAI Chat Completions: a "tool" message must answer a tool call of
//     the assistant message before it ("messages with role 'tool' must be a
//     response to a preceding message with 'tool_calls'"), and every call
//     of an assistant message must be answered by tool messages before the
//     next other message ("An assistant message with 'tool_calls' must be
//     followed by tool messages responding to each 'tool_call_id'"): HTTP
//     400, invalid_request_error. Tools are {"type": "function", "function":
//     {"name", "description", "parameters"}}; a call is
//     message.tool_calls[] {"id", "type": "function", "function": {"name",
//     "arguments": JSON text}} with finish_reason "tool_calls".
//   - Anthropic Messages: each tool_result block must name a tool_use block
//     of the previous (assistant) message, and every tool_use must be
//     answered by a tool_result in the next (user) message: HTTP 400. Tools
//     are {"name", "description", "input_schema"}; a call is a content block
//     {"type": "tool_use", "id", "name", "input": object} with stop_reason
//     "tool_use".
//   - A model calls only tools the request declares: a scripted call to an
//     undeclared tool is a violation (HTTP 500 "fake: scripted answer calls
//     undeclared tool \"x\"") so the test cannot pass on it.
#ifndef T2S_TESTING_TOOL_CONVERSATION_H_
#define T2S_TESTING_TOOL_CONVERSATION_H_

#include <optional>
#include <string>

#include "testing/constrained_reply.h"
#include "testing/fake_llm_server.h"

namespace t2s::testing {

// The 400 a real server gives a request whose tool messages break the
// rules above, or nullopt.
std::optional<FakeAnswer> RefuseConversation(const std::string& path,
                                             const std::string& request_body);

// The answer for a reply with tool_calls (content may be empty), in the
// path's format.
FakeAnswer AnswerToolCalls(const std::string& path, const std::string& request_body,
                           const FakeReply& reply);

}  // namespace t2s::testing

#endif  // T2S_TESTING_TOOL_CONVERSATION_H_
