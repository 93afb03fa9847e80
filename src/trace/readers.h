// The format readers, one per file (see reader.h for the interface).
#ifndef T2S_TRACE_READERS_H_
#define T2S_TRACE_READERS_H_

#include "trace/reader.h"

namespace t2s {

const FormatReader& NativeReader();         // t2s.trajectory/1 JSONL
const FormatReader& OpenAIReader();         // {"messages": [...]}, a list, or JSONL of either
const FormatReader& TauBenchReader();       // [{task_id, reward, info, traj, trial}]
const FormatReader& AnthropicReader();      // messages with tool_use / tool_result blocks
const FormatReader& Trace2SkillMdReader();  // "## [n] ROLE" markdown chat logs
const FormatReader& SweAgentReader();       // SWE-agent .traj
const FormatReader& MiniSweAgentReader();   // mini-swe-agent trajectory JSON
const FormatReader& OpenHandsReader();      // OpenHands event lists
const FormatReader& ClaudeCodeReader();     // Claude Code session JSONL
const FormatReader& CodexReader();          // Codex CLI rollout JSONL
const FormatReader& AtifReader();           // Harbor ATIF trajectory.json
const FormatReader& OtelReader();           // OTLP JSON spans (OTel GenAI / OpenInference)
const FormatReader& InspectReader();        // Inspect AI logs (.json, .eval zip)
const FormatReader& Tau2BenchReader();      // tau2-bench results {"simulations": [...]}
const FormatReader& GeminiCliReader();      // Gemini CLI session JSON
const FormatReader& OpenHandsEvalReader();  // OpenHands evaluation output.jsonl
const FormatReader& OpenHandsV1Reader();    // OpenHands V1 base_state.json + events/

// Helpers shared by readers.
// "<stem>" of a display name ("runs/gpt-4o.json" -> "gpt-4o").
std::string FileStem(const std::string& display);
// A stable id from the trajectory's content when the format has none.
std::string ContentId(const Trajectory& t);
// The text after leading whitespace of `head` starts with `prefix`.
bool HeadStartsWith(std::string_view head, std::string_view prefix);
bool HeadHas(std::string_view head, std::string_view needle);
// True when `head` is JSON Lines: its first line is a whole JSON value and
// more text follows.
bool HeadIsJsonLines(std::string_view head);

}  // namespace t2s

#endif  // T2S_TRACE_READERS_H_
