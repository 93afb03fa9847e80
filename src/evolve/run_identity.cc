#include "evolve/run_identity.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/hash.h"
#include "evolve/answer_schema.h"
#include "store/sqlite_db.h"
#include "trace2skill/version.h"

namespace t2s {

namespace fs = std::filesystem;

std::string RunKey(const Skill& seed, const std::string& trajectories_hash, const EvolveOptions& o,
                   const LlmConfig& llm, const PromptSet& prompts) {
  nlohmann::ordered_json j;
  j["version"] = std::string(kVersion);
  std::string skill;
  for (const auto& [path, text] : seed.files) skill += path + "\n" + HexHash(text) + "\n";
  j["skill"] = HexHash(skill);
  j["trajectories"] = trajectories_hash;
  j["mode"] = o.mode;
  j["fan_in"] = o.fan_in;
  j["trajectory_tokens"] = o.trajectory_tokens;
  j["max_tokens"] = o.max_tokens;
  j["seed"] = o.seed ? nlohmann::ordered_json(*o.seed) : nlohmann::ordered_json();
  j["temperature"] = o.temperature ? nlohmann::ordered_json(*o.temperature) : nlohmann::ordered_json();
  j["evidence"] = o.evidence;
  j["max_skill_lines"] = o.max_skill_lines;
  j["new_skill"] = {o.new_name, o.about};
  j["analyst"] = {{"analyst", o.agentic.analyst},
                  {"suite", o.agentic.suite},
                  {"turns", o.agentic.turns},
                  {"episode_tokens", o.agentic.episode_tokens},
                  {"keep_unverified", o.agentic.keep_unverified}};
  j["provider"] = llm.provider;
  j["model"] = llm.model;
  j["prompts"] = prompts.Hashes();
  for (const std::string& name : AnswerSchemaNames()) j["schemas"][name] = HexHash(AnswerSchema(name));
  return HexHash(j.dump());
}

Status CheckOutFolder(const fs::path& out, const EvolveOptions& o) {
  std::error_code ec;
  bool has_run = fs::exists(out / "run.sqlite", ec);
  if (!has_run && fs::is_directory(out, ec) &&
      fs::directory_iterator(out, ec) != fs::directory_iterator() && !o.force) {
    return Status::AlreadyExists(fmt::format(
        "{}: folder is not empty and holds no run (use --force to write into it)", out.string()));
  }
  return Status::Ok();
}

Status RecordRunKey(const fs::path& out, const std::string& key, const EvolveOptions& o) {
  T2S_ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> db, SqliteDb::Open(out / "run.sqlite"));
  T2S_RETURN_IF_ERROR(
      db->Exec("CREATE TABLE IF NOT EXISTS run_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"));
  T2S_ASSIGN_OR_RETURN(SqliteStatement q,
                       db->Prepare("SELECT value FROM run_meta WHERE key = 'run_key'"));
  T2S_ASSIGN_OR_RETURN(bool row, q.Step());
  if (row && q.Text(0).value_or("") != key && !o.resume) {
    return Status::FailedPrecondition(
        fmt::format("{}: holds a run with other inputs or settings; use another --out, or --resume "
                    "to continue it anyway",
                    out.string()));
  }
  T2S_ASSIGN_OR_RETURN(SqliteStatement put,
                       db->Prepare("INSERT OR REPLACE INTO run_meta VALUES ('run_key', ?1)"));
  T2S_RETURN_IF_ERROR(put.Bind({key}));
  T2S_ASSIGN_OR_RETURN(bool done, put.Step());
  (void)done;
  return Status::Ok();
}

}  // namespace t2s
