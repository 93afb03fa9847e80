// An agent episode: one task, one conversation with a model that may call a
// `bash` tool, until it answers without calling a tool (its final message)
// or a limit ends it.
#ifndef T2S_AGENT_EPISODE_H_
#define T2S_AGENT_EPISODE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llm/chat_types.h"

namespace t2s {

struct AgentOptions {
  std::string model;
  std::string stage = "agent";  // the requests' stage in the accounting
  SamplingParams sampling;
  int max_turns = 100;          // model calls per episode
  int64_t tool_timeout_ms = 120'000;
  size_t tool_output_limit = 30'000;  // bytes of a tool result kept (head + tail)
  int64_t max_episode_tokens = 0;     // prompt + completion over the episode; 0: none
  int64_t max_episode_ms = 0;         // wall time of an episode; 0: none
};

struct EpisodeSpec {
  std::string id;  // the task's id
  std::string system_prompt;
  std::string instruction;  // the first user message
  std::string workspace;    // host folder, read-write inside at /workspace
  std::string skill_dir;    // host folder, read-only inside at /skill; empty: none
};

struct EpisodeResult {
  std::string id;
  bool answered = false;       // the model gave a final message
  std::string final_message;   // when answered
  // When a local tool ended the episode (agent/local_tools.h): that call;
  // `answered` is set and `final_message` holds its result.
  std::optional<ToolCall> ending_call;
  std::string error;           // when not: "max turns (100) reached without a final answer", ...
  // The run stopped it, not the task: a model call failed (cancelled,
  // budget, deadline, the endpoint failing). Running it again may finish it.
  bool resumable = false;
  std::vector<ChatMessage> messages;  // the whole conversation, system prompt first
  std::vector<std::string> reasoning;  // per message (assistant turns), "" elsewhere
  int turns = 0;                       // model calls answered
  int tool_calls = 0;
  Usage usage;              // what the episode's calls spent (cache hits: what they cost once)
  Usage cached_usage;       // the part of `usage` answered from the cache (paid in an earlier run)
  int cached_turns = 0;     // answered from the cache (a resumed episode)
  int64_t elapsed_ms = 0;
};

// The bash tool offered to the model.
ToolSpec BashTool();

}  // namespace t2s

#endif  // T2S_AGENT_EPISODE_H_
