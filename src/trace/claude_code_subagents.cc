#include "trace/claude_code_subagents.h"

#include <fstream>
#include <system_error>

namespace t2s {

void SessionSpawns::Note(JsonValue record, JsonValue message) {
  std::optional<JsonValue> result = Field(record, "toolUseResult");
  std::string agent = result ? StringField(*result, "agentId") : "";
  std::optional<JsonValue> content = Field(message, "content");
  if (!content) return;
  for (JsonValue block : ArrayOrEmpty(*content)) {
    std::string type = StringField(block, "type");
    if (type == "tool_result" && !agent.empty()) {
      SubagentSpawn spawn{StringField(block, "tool_use_id"), StringField(*result, "agentType")};
      if (by_agent.emplace(agent, std::move(spawn)).second) agents.push_back(agent);
      return;
    }
    if (type == "tool_use") {
      std::string name = StringField(block, "name");
      std::optional<JsonValue> input = Field(block, "input");
      if ((name == "Task" || name == "Agent") && input) {
        std::string prompt = StringField(*input, "prompt");
        if (!prompt.empty()) by_prompt.emplace(prompt, StringField(block, "id"));
      }
    }
  }
}

SubagentSpawn SessionSpawns::Find(const std::string& agent_id, const std::string& prompt) const {
  if (auto it = by_agent.find(agent_id); !agent_id.empty() && it != by_agent.end())
    return it->second;
  SubagentSpawn spawn;
  if (auto it = by_prompt.find(prompt); !prompt.empty() && it != by_prompt.end())
    spawn.tool_use_id = it->second;
  return spawn;
}

namespace {

// The spawn of `agent_id` in a session file, reading only the lines that
// name the agent (a session can be large; few lines mention one agent).
SubagentSpawn ScanSession(const std::filesystem::path& session, const std::string& agent_id) {
  std::ifstream in(session, std::ios::binary);
  std::string line;
  simdjson::dom::parser parser;
  while (std::getline(in, line)) {
    if (line.find(agent_id) == std::string::npos ||
        line.find("\"toolUseResult\"") == std::string::npos)
      continue;
    simdjson::padded_string padded(line);
    JsonValue record;
    if (parser.parse(padded).get(record)) continue;
    std::optional<JsonValue> message = Field(record, "message");
    if (!message) continue;
    SessionSpawns spawns;
    spawns.Note(record, *message);
    if (auto it = spawns.by_agent.find(agent_id); it != spawns.by_agent.end()) return it->second;
  }
  return {};
}

}  // namespace

SubagentSpawn FindSpawnInParent(const std::filesystem::path& agent_file,
                                const std::string& session_id, const std::string& agent_id) {
  SubagentSpawn spawn;
  // Both become file names: ids that could name another folder are not followed.
  auto plain = [](const std::string& id) {
    return !id.empty() && id != "." && id != ".." && id.find_first_of("/\\") == std::string::npos;
  };
  if (!plain(session_id) || !plain(agent_id)) return spawn;
  std::filesystem::path dir = agent_file.parent_path();
  std::vector<std::filesystem::path> candidates;
  if (dir.filename() == "subagents" && dir.parent_path().filename() == session_id)
    candidates.push_back(dir.parent_path().parent_path() / (session_id + ".jsonl"));
  candidates.push_back(dir / (session_id + ".jsonl"));
  for (const std::filesystem::path& session : candidates) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(session, ec)) continue;
    spawn = ScanSession(session, agent_id);
    break;
  }
  std::filesystem::path meta = dir / ("agent-" + agent_id + ".meta.json");
  std::error_code ec;
  if (std::filesystem::is_regular_file(meta, ec)) {
    JsonDocument doc;
    if (doc.Load(meta, meta.string()).ok()) {
      std::string type = StringField(doc.root(), "agentType");
      if (!type.empty()) spawn.agent_type = type;
    }
  }
  return spawn;
}

}  // namespace t2s
