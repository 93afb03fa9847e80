// RunStore: what `trace2skill run` keeps in OUT/run.sqlite beside the
// response cache: the run's settings, each finished episode (its verdict,
// figures and trajectory), and every tool result (the ToolLog a resumed
// episode replays). A re-run of the same command skips finished tasks and
// replays unfinished ones without asking the model again.
#ifndef T2S_AGENT_RUN_STORE_H_
#define T2S_AGENT_RUN_STORE_H_

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agent/tool_log.h"
#include "base/result.h"
#include "llm/chat_types.h"
#include "store/sqlite_db.h"

namespace t2s {

struct EpisodeRecord {
  std::string task_id;
  std::string verdict;  // pass | fail | error
  std::string detail;
  int turns = 0;
  int tool_calls = 0;
  Usage usage;
  double cost_usd = 0;
  double seconds = 0;
  std::string trajectory;  // t2s.trajectory/1 JSON, one line
};

class RunStore final : public ToolLog {
 public:
  static Result<std::unique_ptr<RunStore>> Open(const std::filesystem::path& file);

  // Records `settings` (name -> value) the first time; later, refuses other
  // settings with one line naming the first that differs:
  //   OUT holds a run with other settings (model: "a" there, "b" now); use another --out
  Status CheckSettings(const std::map<std::string, std::string>& settings,
                       const std::string& out);

  std::optional<EpisodeRecord> Finished(const std::string& task_id);
  Status SaveEpisode(const EpisodeRecord& record);

  std::optional<LoggedTool> Find(const std::string& episode, int seq) override;
  Status Record(const std::string& episode, int seq, const LoggedTool& result) override;

 private:
  explicit RunStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  std::unique_ptr<SqliteDb> db_;
};

}  // namespace t2s

#endif  // T2S_AGENT_RUN_STORE_H_
