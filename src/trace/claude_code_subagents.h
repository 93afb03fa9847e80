// Links between a Claude Code session and the subagents it spawned.
//
// A subagent is started by a "Task" (later "Agent") tool use; its result in
// the session is a user entry whose "toolUseResult" names the subagent:
// {"status": "completed", "agentId": "a96c...", "agentType": "Explore", ...}
// (older versions name no agentId: the tool use's input.prompt is then the
// subagent's first message). Since Claude Code 2.x the subagent's own
// entries are in <project>/<sessionId>/subagents/agent-<agentId>.jsonl (and
// agent-<agentId>.meta.json: {"agentType", "description"}), before that
// inline in the session or in <project>/agent-<agentId>.jsonl.
#ifndef T2S_TRACE_CLAUDE_CODE_SUBAGENTS_H_
#define T2S_TRACE_CLAUDE_CODE_SUBAGENTS_H_

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "trace/json_input.h"

namespace t2s {

struct SubagentSpawn {
  std::string tool_use_id;  // the tool use that started the subagent
  std::string agent_type;   // "general-purpose", "Explore", ...
};

// The spawns a session records, in the order the session names them.
struct SessionSpawns {
  std::vector<std::string> agents;                // agent ids, first mention first
  std::map<std::string, SubagentSpawn> by_agent;  // agent id -> spawn
  std::map<std::string, std::string> by_prompt;   // Task/Agent prompt -> tool use id

  // Notes what one session entry (`record`, its `message`) says about spawns.
  void Note(JsonValue record, JsonValue message);
  // The spawn of a subagent, by agent id, else by its first prompt.
  SubagentSpawn Find(const std::string& agent_id, const std::string& prompt) const;
};

// For a subagent file: the spawn of `agent_id` as its parent session
// records it and the type its meta file gives. The session file is looked
// for as <sessionId>.jsonl beside the <sessionId>/subagents/ folder holding
// `agent_file`, else beside `agent_file`; an absent or unreadable file
// gives an empty spawn (the link by session id stays).
SubagentSpawn FindSpawnInParent(const std::filesystem::path& agent_file,
                                const std::string& session_id, const std::string& agent_id);

}  // namespace t2s

#endif  // T2S_TRACE_CLAUDE_CODE_SUBAGENTS_H_
