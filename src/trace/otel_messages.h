// The chat messages an LLM span carries, in the three spellings found in
// real exports:
//  - OTel GenAI semconv (>= 1.37): "gen_ai.input.messages" /
//    "gen_ai.output.messages", JSON [{"role", "parts": [{"type": "text" |
//    "tool_call" | "tool_call_response" | "reasoning", ...}]}], and
//    "gen_ai.system_instructions";
//  - earlier GenAI / OpenLLMetry: "gen_ai.prompt.<i>.role|content|tool_call_id"
//    and "gen_ai.completion.<i>.role|content|tool_calls.<j>.id|name|arguments";
//  - OpenInference: "llm.input_messages.<i>.message.role|content|tool_call_id|
//    tool_calls.<j>.tool_call.id|function.name|function.arguments" and
//    "llm.output_messages.<i>.message...".
// and, when the span has none of these, in its events (GenAI semconv
// 1.27-1.36, as span events or as log records naming the span):
//    "gen_ai.system.message" / "gen_ai.user.message" /
//    "gen_ai.assistant.message" / "gen_ai.tool.message" (input) and
//    "gen_ai.choice" (output, {"index", "finish_reason", "message"}), each
//    with its body in the event's body, in a "gen_ai.event.content" JSON
//    attribute (Azure AI, Semantic Kernel), or as flat attributes
//    ("content", "role", "id", "tool_calls"); and the older
//    "gen_ai.content.prompt" / "gen_ai.content.completion" events with JSON
//    "gen_ai.prompt" / "gen_ai.completion" message lists.
#ifndef T2S_TRACE_OTEL_MESSAGES_H_
#define T2S_TRACE_OTEL_MESSAGES_H_

#include <string>
#include <vector>

#include "trace/otel_spans.h"
#include "trace/trajectory.h"

namespace t2s {

// One message as a Step; `role` is the message's own role.
struct OtelMessages {
  std::vector<Step> input;
  std::vector<Step> output;
};

// The span's input and output messages, in order; empty when it has none.
OtelMessages SpanMessages(const OtelSpan& span);

}  // namespace t2s

#endif  // T2S_TRACE_OTEL_MESSAGES_H_
