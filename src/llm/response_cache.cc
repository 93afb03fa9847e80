#include "llm/response_cache.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "base/hash.h"

namespace t2s {

using Json = nlohmann::json;

namespace {

Json ToolCallsJson(const std::vector<ToolCall>& calls) {
  Json out = Json::array();
  for (const ToolCall& c : calls) out.push_back({c.id, c.name, c.arguments});
  return out;
}

std::vector<ToolCall> ToolCallsFrom(const Json& j) {
  std::vector<ToolCall> out;
  if (!j.is_array()) return out;
  for (const Json& c : j) {
    if (!c.is_array() || c.size() != 3 || !c[0].is_string() || !c[1].is_string() ||
        !c[2].is_string())
      continue;
    out.push_back({c[0].get<std::string>(), c[1].get<std::string>(), c[2].get<std::string>()});
  }
  return out;
}

}  // namespace

std::string CacheKey(std::string_view provider, const ChatRequest& r) {
  Json j;
  j["provider"] = provider;
  j["model"] = r.model;
  Json messages = Json::array();
  // Fields of tool use are added only when set: a key made before tools
  // existed stays the same.
  for (const ChatMessage& m : r.messages) {
    Json message = {m.role, m.content};
    if (!m.tool_calls.empty() || !m.tool_call_id.empty() || m.is_error) {
      message.push_back(ToolCallsJson(m.tool_calls));
      message.push_back(m.tool_call_id);
      message.push_back(m.is_error);
    }
    messages.push_back(std::move(message));
  }
  j["messages"] = std::move(messages);
  if (!r.tools.empty()) {
    Json tools = Json::array();
    for (const ToolSpec& t : r.tools) tools.push_back({t.name, t.description, t.parameters});
    j["tools"] = std::move(tools);
  }
  const SamplingParams& s = r.sampling;
  j["temperature"] = s.temperature ? Json(*s.temperature) : Json();
  j["top_p"] = s.top_p ? Json(*s.top_p) : Json();
  j["top_k"] = s.top_k ? Json(*s.top_k) : Json();
  j["max_tokens"] = s.max_tokens;
  j["seed"] = s.seed ? Json(*s.seed) : Json();
  j["stop"] = s.stop;
  j["extra"] = s.extra_json;
  j["schema"] = {r.schema.name, r.schema.schema_json};
  std::string text = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  // Two independent 64-bit hashes: collisions are out of reach in practice.
  return HexHash(text) + HexHash("t2s-cache/1\n" + text);
}

Result<std::unique_ptr<ResponseCache>> ResponseCache::Open(const std::filesystem::path& file) {
  std::error_code ec;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  T2S_ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> db, SqliteDb::Open(file));
  T2S_RETURN_IF_ERROR(db->Exec(
      "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, response TEXT NOT NULL, "
      "created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"));
  T2S_RETURN_IF_ERROR(db->Exec(
      "CREATE TABLE IF NOT EXISTS batches (id TEXT PRIMARY KEY, stage TEXT NOT NULL, keys TEXT "
      "NOT NULL, open INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL DEFAULT "
      "CURRENT_TIMESTAMP)"));
  return std::unique_ptr<ResponseCache>(new ResponseCache(std::move(db)));
}

std::optional<ChatResponse> ResponseCache::Get(const std::string& key) {
  if (!reads_) return std::nullopt;
  if (std::optional<ChatResponse> here = GetHere(key)) return here;
  if (shared_ == nullptr) return std::nullopt;
  std::optional<ChatResponse> found = shared_->Get(key);
  if (found) (void)PutHere(key, *found);  // not stored here only costs a lookup later
  return found;
}

Status ResponseCache::Put(const std::string& key, const ChatResponse& r) {
  T2S_RETURN_IF_ERROR(PutHere(key, r));
  return shared_ != nullptr ? shared_->Put(key, r) : Status::Ok();
}

std::optional<ChatResponse> ResponseCache::GetHere(const std::string& key) {
  Result<SqliteStatement> q = db_->Prepare("SELECT response FROM responses WHERE key = ?1");
  if (!q.ok() || !q->Bind({key}).ok()) return std::nullopt;
  Result<bool> row = q->Step();
  if (!row.ok() || !*row) return std::nullopt;
  Json j = Json::parse(q->Text(0).value_or(""), nullptr, false);
  if (!j.is_object()) return std::nullopt;
  ChatResponse r;
  r.content = j.value("content", "");
  r.reasoning = j.value("reasoning", "");
  r.finish_reason = j.value("finish_reason", "");
  r.json = j.value("json", "");
  if (auto calls = j.find("tool_calls"); calls != j.end()) r.tool_calls = ToolCallsFrom(*calls);
  r.usage.prompt_tokens = j.value("prompt_tokens", int64_t{0});
  r.usage.completion_tokens = j.value("completion_tokens", int64_t{0});
  r.usage.reasoning_tokens = j.value("reasoning_tokens", int64_t{0});
  r.usage.cached_tokens = j.value("cached_tokens", int64_t{0});
  r.from_cache = true;
  return r;
}

Status ResponseCache::PutHere(const std::string& key, const ChatResponse& r) {
  Json j = {{"content", r.content},
            {"reasoning", r.reasoning},
            {"finish_reason", r.finish_reason},
            {"json", r.json},
            {"prompt_tokens", r.usage.prompt_tokens},
            {"completion_tokens", r.usage.completion_tokens},
            {"reasoning_tokens", r.usage.reasoning_tokens},
            {"cached_tokens", r.usage.cached_tokens}};
  if (!r.tool_calls.empty()) j["tool_calls"] = ToolCallsJson(r.tool_calls);
  T2S_ASSIGN_OR_RETURN(
      SqliteStatement q,
      db_->Prepare("INSERT OR REPLACE INTO responses (key, response) VALUES (?1, ?2)"));
  T2S_RETURN_IF_ERROR(q.Bind({key, j.dump(-1, ' ', false, Json::error_handler_t::replace)}));
  T2S_ASSIGN_OR_RETURN(bool row, q.Step());
  (void)row;
  return Status::Ok();
}

Status ResponseCache::RecordBatch(const BatchRecord& b) {
  T2S_ASSIGN_OR_RETURN(SqliteStatement q,
                       db_->Prepare("INSERT OR REPLACE INTO batches (id, stage, keys) VALUES (?1, ?2, ?3)"));
  T2S_RETURN_IF_ERROR(q.Bind({b.id, b.stage, Json(b.keys).dump()}));
  return q.Step().status();
}

Result<std::vector<BatchRecord>> ResponseCache::OpenBatches() {
  T2S_ASSIGN_OR_RETURN(SqliteStatement q,
                       db_->Prepare("SELECT id, stage, keys FROM batches WHERE open = 1 ORDER BY rowid"));
  std::vector<BatchRecord> out;
  while (true) {
    T2S_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    BatchRecord b;
    b.id = q.Text(0).value_or("");
    b.stage = q.Text(1).value_or("");
    Json keys = Json::parse(q.Text(2).value_or("[]"), nullptr, false);
    if (keys.is_array()) {
      for (const Json& k : keys) {
        if (k.is_string()) b.keys.push_back(k.get<std::string>());
      }
    }
    out.push_back(std::move(b));
  }
  return out;
}

Status ResponseCache::CloseBatch(const std::string& id) {
  T2S_ASSIGN_OR_RETURN(SqliteStatement q, db_->Prepare("UPDATE batches SET open = 0 WHERE id = ?1"));
  T2S_RETURN_IF_ERROR(q.Bind({id}));
  return q.Step().status();
}

}  // namespace t2s
