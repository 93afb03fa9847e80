// TrajectoryStore: ingested trajectories in SQLite (<dir>/trajectories.sqlite).
//
// Each trajectory is kept as its native JSON record with summary columns for
// listing, under an id unique in the store.
//
// Identity: a stored trajectory is (source file, the id its reader gave it,
// occurrence of that id in that file). Putting the same identity again
// changes nothing when the record is the same and replaces it in place when
// it is not. A new identity keeps its reader's id when that id is free; when
// a trajectory from another file holds it, the new one is stored as
// "<id>@<qualifier>" (the qualifier names its file, see TrajectorySource),
// then "<id>@<qualifier>#2", ... The same record already stored from another
// file (the same run copied twice) is not stored again. Ids once given never
// change, so re-ingesting the same files yields the same ids. Not thread-safe.
#ifndef T2S_STORE_TRAJECTORY_STORE_H_
#define T2S_STORE_TRAJECTORY_STORE_H_

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "store/sqlite_db.h"
#include "trace/trajectory.h"

namespace t2s {

struct TrajectorySummary {
  std::string id;
  std::string format;
  std::string file;
  Label label = Label::kUnknown;
  std::optional<double> reward;
  std::string task;
  size_t steps = 0;
  size_t tokens = 0;  // EstimateTokens
};

struct StoreStats {
  size_t trajectories = 0;
  std::map<Label, size_t> by_label;
  std::map<std::string, size_t> by_format;
  size_t steps = 0;
  size_t max_steps = 0;
  size_t tokens = 0;
};

enum class PutOutcome {
  kNew,        // stored under a new id
  kUnchanged,  // this identity is stored with the same record
  kUpdated,    // this identity was stored with another record: replaced in place
  kDuplicate,  // the same record is stored from another file: nothing written
};

// Where a trajectory was read from.
struct TrajectorySource {
  // Identifies the file across ingests: its canonical absolute path, or "stdin".
  std::string file;
  // Names the file in a qualified id: its path relative to the folder
  // ingested, or "<parent folder>/<name>" for a file named directly.
  std::string qualifier;
};

// A trajectory with what storing it computes from it alone: its record
// (trajectory_json.h, without metadata "file"), the record's hash and the
// token estimate. Made by PrepareRecord, which needs no store, so an ingest
// can make the next one while the store writes this one.
struct PreparedRecord {
  Trajectory trajectory;
  std::string record;
  std::string hash;
  size_t tokens = 0;
};

struct PutResult {
  PutOutcome outcome = PutOutcome::kNew;
  std::string id;        // the id in the store
  bool renamed = false;  // a new id other than the reader's, its id being taken
};

class TrajectoryStore {
 public:
  // Opens or creates the store in folder `dir` (created if missing).
  static Result<std::unique_ptr<TrajectoryStore>> Open(const std::filesystem::path& dir);
  // Opens the store in `dir` for reading; creates nothing. A folder without
  // one is NotFound: "DIR: no trajectory store here (make one with
  // trace2skill ingest FILE... --store DIR)".
  static Result<std::unique_ptr<TrajectoryStore>> OpenExisting(const std::filesystem::path& dir);

  // Stores a trajectory read from `source`; `occurrence` counts earlier
  // trajectories with the same reader id in the same file during this
  // ingest (0 for the first). `trajectory.id` is the reader's id.
  Result<PutResult> Put(const Trajectory& trajectory, const TrajectorySource& source,
                        size_t occurrence = 0);
  // The same for a prepared trajectory.
  Result<PutResult> Put(const PreparedRecord& prepared, const TrajectorySource& source,
                        size_t occurrence = 0);
  // Thread-safe: touches no store. `tokens`, when given, is
  // EstimateTokens(trajectory) worked out already.
  static PreparedRecord PrepareRecord(Trajectory trajectory,
                                      std::optional<size_t> tokens = std::nullopt);
  // Replaces the stored trajectory with id `trajectory.id` (as Get returns
  // it), keeping its identity. NotFound as Get when absent.
  Result<PutOutcome> Update(const Trajectory& trajectory);
  // Groups many Puts into one transaction (much faster); Commit ends it.
  Status Begin();
  Status Commit();

  // The trajectory as put, with its store id and metadata "file".
  // NotFound "no trajectory \"x\" in the store" when absent.
  Result<Trajectory> Get(const std::string& id);
  // Sorted by id; `label` filters when given.
  Result<std::vector<TrajectorySummary>> List(std::optional<Label> label = std::nullopt);
  Result<StoreStats> Stats();

 private:
  explicit TrajectoryStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  Status Prepare();
  Status Insert(const std::string& id, const PreparedRecord& p, const TrajectorySource& source,
                size_t occurrence);
  Status Replace(const std::string& id, const PreparedRecord& p);

  std::unique_ptr<SqliteDb> db_;
  std::optional<SqliteStatement> find_identity_;
  std::optional<SqliteStatement> find_id_;
  std::optional<SqliteStatement> find_content_;
  std::optional<SqliteStatement> insert_;
  std::optional<SqliteStatement> replace_;
};

}  // namespace t2s

#endif  // T2S_STORE_TRAJECTORY_STORE_H_
