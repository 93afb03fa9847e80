#include "agent/run_store.h"

#include <fmt/format.h>

namespace t2s {

Result<std::unique_ptr<RunStore>> RunStore::Open(const std::filesystem::path& file) {
  T2S_ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> db, SqliteDb::Open(file));
  T2S_RETURN_IF_ERROR(db->Exec(
      "CREATE TABLE IF NOT EXISTS run_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
      "CREATE TABLE IF NOT EXISTS episodes (task_id TEXT PRIMARY KEY, verdict TEXT NOT NULL, "
      "detail TEXT NOT NULL, turns INTEGER, tool_calls INTEGER, prompt_tokens INTEGER, "
      "completion_tokens INTEGER, cost_usd REAL, seconds REAL, trajectory TEXT NOT NULL, "
      "finished_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);"
      "CREATE TABLE IF NOT EXISTS tool_results (task_id TEXT NOT NULL, seq INTEGER NOT NULL, "
      "content TEXT NOT NULL, is_error INTEGER NOT NULL, PRIMARY KEY (task_id, seq));"));
  return std::unique_ptr<RunStore>(new RunStore(std::move(db)));
}

Status RunStore::CheckSettings(const std::map<std::string, std::string>& settings,
                               const std::string& out) {
  T2S_ASSIGN_OR_RETURN(SqliteStatement get,
                       db_->Prepare("SELECT value FROM run_settings WHERE name = ?1"));
  T2S_ASSIGN_OR_RETURN(SqliteStatement put,
                       db_->Prepare("INSERT INTO run_settings (name, value) VALUES (?1, ?2)"));
  for (const auto& [name, value] : settings) {
    T2S_RETURN_IF_ERROR(get.Bind({name}));
    T2S_ASSIGN_OR_RETURN(bool row, get.Step());
    if (row) {
      std::string there = get.Text(0).value_or("");
      if (there != value) {
        return Status::FailedPrecondition(fmt::format(
            "{} holds a run with other settings ({}: \"{}\" there, \"{}\" now); use another --out",
            out, name, there, value));
      }
      continue;
    }
    T2S_RETURN_IF_ERROR(put.Bind({name, value}));
    T2S_ASSIGN_OR_RETURN(bool done, put.Step());
    (void)done;
  }
  return Status::Ok();
}

std::optional<EpisodeRecord> RunStore::Finished(const std::string& task_id) {
  Result<SqliteStatement> q = db_->Prepare(
      "SELECT verdict, detail, turns, tool_calls, prompt_tokens, completion_tokens, cost_usd, "
      "seconds, trajectory FROM episodes WHERE task_id = ?1");
  if (!q.ok() || !q->Bind({task_id}).ok()) return std::nullopt;
  Result<bool> row = q->Step();
  if (!row.ok() || !*row) return std::nullopt;
  EpisodeRecord r;
  r.task_id = task_id;
  r.verdict = q->Text(0).value_or("");
  r.detail = q->Text(1).value_or("");
  r.turns = static_cast<int>(q->Int(2));
  r.tool_calls = static_cast<int>(q->Int(3));
  r.usage.prompt_tokens = q->Int(4);
  r.usage.completion_tokens = q->Int(5);
  r.cost_usd = q->Double(6).value_or(0);
  r.seconds = q->Double(7).value_or(0);
  r.trajectory = q->Text(8).value_or("");
  return r;
}

Status RunStore::SaveEpisode(const EpisodeRecord& r) {
  T2S_ASSIGN_OR_RETURN(
      SqliteStatement q,
      db_->Prepare("INSERT OR REPLACE INTO episodes (task_id, verdict, detail, turns, tool_calls, "
                   "prompt_tokens, completion_tokens, cost_usd, seconds, trajectory) VALUES (?1, "
                   "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
  T2S_RETURN_IF_ERROR(q.Bind({r.task_id, r.verdict, r.detail, int64_t{r.turns},
                              int64_t{r.tool_calls}, r.usage.prompt_tokens,
                              r.usage.completion_tokens, r.cost_usd, r.seconds, r.trajectory}));
  T2S_ASSIGN_OR_RETURN(bool done, q.Step());
  (void)done;
  return Status::Ok();
}

std::optional<LoggedTool> RunStore::Find(const std::string& episode, int seq) {
  Result<SqliteStatement> q =
      db_->Prepare("SELECT content, is_error FROM tool_results WHERE task_id = ?1 AND seq = ?2");
  if (!q.ok() || !q->Bind({episode, int64_t{seq}}).ok()) return std::nullopt;
  Result<bool> row = q->Step();
  if (!row.ok() || !*row) return std::nullopt;
  return LoggedTool{q->Text(0).value_or(""), q->Int(1) != 0};
}

Status RunStore::Record(const std::string& episode, int seq, const LoggedTool& result) {
  T2S_ASSIGN_OR_RETURN(SqliteStatement q,
                       db_->Prepare("INSERT OR REPLACE INTO tool_results (task_id, seq, content, "
                                    "is_error) VALUES (?1, ?2, ?3, ?4)"));
  T2S_RETURN_IF_ERROR(
      q.Bind({episode, int64_t{seq}, result.content, int64_t{result.is_error ? 1 : 0}}));
  T2S_ASSIGN_OR_RETURN(bool done, q.Step());
  (void)done;
  return Status::Ok();
}

}  // namespace t2s
