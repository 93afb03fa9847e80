// Claude Code session JSONL (~/.claude/projects/<dir>/<session>.jsonl):
// one entry per line, {"type": "user"|"assistant"|"system"|"attachment"|...,
// "uuid", "parentUuid", "sessionId", "isMeta", "isSidechain", "agentId",
// "message": {Anthropic message}}.
//
// The conversation is the chain from the last user/assistant entry back to
// the root through parentUuid (the last branch when a conversation was
// rewound; logicalParentUuid bridges a compaction). Every entry with a uuid
// is a link of that chain, steps or not: hook output and other "system" or
// "attachment" entries sit in it, and a walk through kept entries only would
// stop at them.
//
// Slash commands: the user's entry is "<command-name>/x</command-name>
// <command-args>a</command-args>" (read as the user step "/x a"), and the
// prompt the command expands to follows as an isMeta user entry: that
// expansion is kept as a user step and, when the session starts with the
// command, it is the task. Other isMeta entries (caveats, reminders) and
// local command output are Claude Code's own and are left out.
//
// Subagent work (isSidechain entries, inline in the session or in its own
// agent-<id>.jsonl file under the same sessionId, see claude_code_subagents.h)
// is read as linked child trajectories: id "<sessionId>/agent-<agentId>",
// metadata "parent" (the session id), "sidechain": "true", "agent_id", and
// when the session records it "parent_tool_use_id" (the Task/Agent tool use
// that started it) and "agent_type". The session lists its subagents in
// metadata "subagents", those kept in their own files included.
#include <fmt/format.h>

#include <map>
#include <set>

#include "base/text.h"
#include "trace/claude_code_subagents.h"
#include "trace/json_input.h"
#include "trace/message_steps.h"
#include "trace/readers.h"

namespace t2s {
namespace {

struct Entry {
  size_t line = 0;
  bool message = false;  // a user or assistant entry (the others only link)
  bool meta = false;
  bool sidechain = false;
  bool command = false;  // a slash command the user typed
  bool local = false;    // local command output or caveat: not the conversation
  std::string parent;
  std::string agent_id;
  std::string message_id;  // assistant entries of one API message share it
  std::vector<Step> steps;
};

// The text between <tag> and </tag>, or nullopt.
std::optional<std::string> TagText(const std::string& text, std::string_view tag) {
  std::string open = fmt::format("<{}>", tag), close = fmt::format("</{}>", tag);
  size_t at = text.find(open);
  if (at == std::string::npos) return std::nullopt;
  size_t end = text.find(close, at);
  if (end == std::string::npos) return std::nullopt;
  return std::string(Trim(std::string_view(text).substr(at + open.size(), end - at - open.size())));
}

// Marks (and rewrites) the user text of a slash command or of local output.
void Classify(Entry* e) {
  for (Step& s : e->steps) {
    if (s.role != Role::kUser) continue;
    std::string_view text = Trim(s.content);
    if (text.rfind("<local-command-stdout>", 0) == 0 ||
        text.rfind("<local-command-caveat>", 0) == 0) {
      e->local = true;
    } else if (std::optional<std::string> name = TagText(s.content, "command-name")) {
      std::string args = TagText(s.content, "command-args").value_or("");
      s.content = args.empty() ? *name : *name + " " + args;
      e->command = true;
    }
  }
}

// Appends `steps` of one entry; an entry continuing the same API response
// as the previous one (one entry per content block) joins its step.
void AppendEntry(std::vector<Step> steps, bool continues, std::vector<Step>* out) {
  for (Step& s : steps) {
    if (continues && s.role == Role::kAssistant && !out->empty() &&
        out->back().role == Role::kAssistant) {
      Step& prev = out->back();
      if (!s.content.empty()) prev.content += (prev.content.empty() ? "" : "\n") + s.content;
      if (!s.reasoning.empty())
        prev.reasoning += (prev.reasoning.empty() ? "" : "\n") + s.reasoning;
      for (ToolCall& c : s.tool_calls) prev.tool_calls.push_back(std::move(c));
    } else {
      out->push_back(std::move(s));
    }
  }
}

struct Session {
  std::map<std::string, Entry> entries;
  std::vector<std::string> order;  // uuids in file order
  std::string id, model;
  SessionSpawns spawns;
};

// The chain ending at `last`, root first. With `sidechain_only`, the walk
// stops where the subagent's entries meet the main conversation.
std::vector<Entry*> Chain(Session* s, const std::string& last, bool sidechain_only) {
  std::vector<Entry*> chain;
  std::set<std::string> seen;
  for (std::string at = last; !at.empty() && seen.insert(at).second;) {
    auto it = s->entries.find(at);
    if (it == s->entries.end() || (sidechain_only && !it->second.sidechain)) break;
    chain.push_back(&it->second);
    at = it->second.parent;
  }
  return {chain.rbegin(), chain.rend()};
}

// Steps and task of a chain.
void Assemble(const std::vector<Entry*>& chain, Trajectory* t) {
  std::string previous_message_id;
  bool after_command = false, task_found = false;
  for (Entry* e : chain) {
    if (!e->message) continue;
    if (e->meta || e->local) {
      // The prompt a slash command expands to is what the model was asked.
      bool expansion = e->meta && after_command;
      after_command = false;
      if (!expansion) continue;
      if (!task_found) t->task = FirstUserText(e->steps);
      task_found = task_found || !t->task.empty();
    } else if (e->command) {
      after_command = true;
    } else {
      after_command = false;
      if (!task_found) t->task = FirstUserText(e->steps);
      task_found = task_found || !t->task.empty();
    }
    bool continues = !e->message_id.empty() && e->message_id == previous_message_id;
    AppendEntry(std::move(e->steps), continues, &t->steps);
    previous_message_id = e->message_id;
  }
  NameToolResults(&t->steps);
  if (t->task.empty()) t->task = FirstUserText(t->steps);
}

Trajectory Make(Session* s, const std::string& last, bool sidechain, const std::string& display) {
  Trajectory t;
  Assemble(Chain(s, last, sidechain), &t);
  t.metadata["format"] = "claude-code";
  t.metadata["file"] = display;
  if (!s->model.empty()) t.metadata["model"] = s->model;
  return t;
}

class ClaudeCode final : public FormatReader {
 public:
  std::string_view name() const override { return "claude-code"; }
  bool Detect(std::string_view head, const std::filesystem::path&) const override {
    return HeadStartsWith(head, "{") && HeadHas(head, "\"sessionId\"") &&
           (HeadHas(head, "\"parentUuid\"") || HeadHas(head, "\"leafUuid\""));
  }
  Status Read(const std::filesystem::path& path, const std::string& display,
              TrajectorySink* sink) const override {
    Session s;
    T2S_RETURN_IF_ERROR(ForEachJsonLine(path, display, sink, [&](size_t line, JsonValue record) {
      std::string uuid = StringField(record, "uuid");
      std::string type = StringField(record, "type");
      bool message = type == "user" || type == "assistant";
      if (uuid.empty()) {
        if (message) {
          sink->Skip(fmt::format("{}:{}", display, line),
                     "field \"uuid\" or \"message\": missing in a user/assistant entry");
        }
        return;  // summaries, snapshots: not links of the conversation
      }
      Entry e;
      e.line = line;
      e.message = message;
      e.parent = StringField(record, "parentUuid");
      if (e.parent.empty()) e.parent = StringField(record, "logicalParentUuid");
      e.meta = BoolField(record, "isMeta", false);
      e.sidechain = BoolField(record, "isSidechain", false);
      e.agent_id = StringField(record, "agentId");
      if (message) {
        std::string where = fmt::format("{}:{}", display, line);
        std::optional<JsonValue> m = Field(record, "message");
        if (!m || !m->is_object()) {
          return sink->Skip(where,
                            "field \"uuid\" or \"message\": missing in a user/assistant entry");
        }
        e.message_id = StringField(*m, "id");
        Status st = AppendAnthropicMessage(*m, "message", &e.steps);
        if (!st.ok()) return sink->Skip(where, st.message());
        Classify(&e);
        s.spawns.Note(record, *m);
        if (s.model.empty()) s.model = StringField(*m, "model");
      }
      if (s.id.empty()) s.id = StringField(record, "sessionId");
      if (s.entries.emplace(uuid, std::move(e)).second) s.order.push_back(uuid);
    }));
    // The last conversational entry of the session and of each subagent.
    std::string last;
    std::vector<std::string> agents;  // in order of first appearance
    std::map<std::string, std::string> agent_last;
    for (const std::string& uuid : s.order) {
      const Entry& e = s.entries[uuid];
      if (!e.message || e.meta || e.local) continue;
      if (!e.sidechain) {
        last = uuid;
        continue;
      }
      if (agent_last.count(e.agent_id) == 0) agents.push_back(e.agent_id);
      agent_last[e.agent_id] = uuid;
    }
    if (last.empty() && agents.empty()) {
      sink->Skip(display, "no user or assistant entries in the session");
      return Status::Ok();
    }
    std::vector<Trajectory> children;
    std::set<std::string> child_ids;
    for (size_t i = 0; i < agents.size(); ++i) {
      Trajectory child = Make(&s, agent_last[agents[i]], true, display);
      std::string agent = agents[i].empty() ? fmt::format("sidechain-{}", i + 1)
                                            : "agent-" + agents[i];
      child.metadata["sidechain"] = "true";
      if (!agents[i].empty()) child.metadata["agent_id"] = agents[i];
      if (!s.id.empty()) child.metadata["parent"] = s.id;
      // A file of one subagent's entries only: its spawn is in the session's file.
      SubagentSpawn spawn = last.empty() && agents.size() == 1
                                ? FindSpawnInParent(path, s.id, agents[i])
                                : s.spawns.Find(agents[i], child.task);
      if (!spawn.tool_use_id.empty()) child.metadata["parent_tool_use_id"] = spawn.tool_use_id;
      if (!spawn.agent_type.empty()) child.metadata["agent_type"] = spawn.agent_type;
      child.id = s.id.empty() ? ContentId(child) : s.id + "/" + agent;
      child_ids.insert(child.id);
      children.push_back(std::move(child));
    }
    if (!last.empty()) {
      Trajectory t = Make(&s, last, false, display);
      t.id = s.id.empty() ? ContentId(t) : s.id;
      std::string subagents;
      for (const Trajectory& c : children) subagents += (subagents.empty() ? "" : ",") + c.id;
      // Subagents whose entries are in their own files.
      for (const std::string& agent : s.spawns.agents) {
        std::string id = s.id + "/agent-" + agent;
        if (s.id.empty() || child_ids.count(id) != 0) continue;
        subagents += (subagents.empty() ? "" : ",") + id;
      }
      if (!subagents.empty()) t.metadata["subagents"] = subagents;
      sink->Add(std::move(t));
    }
    for (Trajectory& c : children) sink->Add(std::move(c));
    return Status::Ok();
  }
};

}  // namespace

const FormatReader& ClaudeCodeReader() {
  static const ClaudeCode reader;
  return reader;
}

}  // namespace t2s
