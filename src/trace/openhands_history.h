// OpenHands V0 event lists (the "history" of an evaluation output.jsonl
// record) as Steps. The model's own tool call is taken from
// tool_call_metadata.model_response when present (not OpenHands' action
// fields); observations with a non-zero exit code, an "error" observation or
// output starting "ERROR:" are errors; "recall" events (the runtime fetching
// context for the user's message) are not turns of the conversation.
#ifndef T2S_TRACE_OPENHANDS_HISTORY_H_
#define T2S_TRACE_OPENHANDS_HISTORY_H_

#include <vector>

#include "trace/json_input.h"
#include "trace/trajectory.h"

namespace t2s {

std::vector<Step> StepsFromOpenHandsHistory(JsonValue events);

}  // namespace t2s

#endif  // T2S_TRACE_OPENHANDS_HISTORY_H_
