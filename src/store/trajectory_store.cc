#include "store/trajectory_store.h"

#include <fmt/format.h>

#include "base/hash.h"
#include "trace/token_estimate.h"
#include "trace/trajectory_json.h"

namespace t2s {
namespace {

// `record` is the trajectory with its reader's id and without metadata
// "file" (kept in column `file`), so `hash` is of what it says wherever it
// was read from. (source, source_id, occurrence) is its identity.
constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS trajectories (
  id      TEXT PRIMARY KEY,
  format  TEXT NOT NULL,
  file    TEXT NOT NULL,
  label   TEXT NOT NULL,
  reward  REAL,
  task    TEXT NOT NULL,
  steps   INTEGER NOT NULL,
  tokens  INTEGER NOT NULL,
  hash    TEXT NOT NULL,
  record  TEXT NOT NULL,
  source  TEXT NOT NULL DEFAULT '',
  source_id TEXT NOT NULL DEFAULT '',
  occurrence INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS trajectories_label ON trajectories(label);
CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO store_meta VALUES ('schema', 't2s.store/1');
)sql";

// Stores written before identities had no source columns: their rows get
// an empty source, and the first Put of the same id adopts them.
constexpr std::string_view kAddSourceColumns = R"sql(
ALTER TABLE trajectories ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE trajectories ADD COLUMN source_id TEXT NOT NULL DEFAULT '';
ALTER TABLE trajectories ADD COLUMN occurrence INTEGER NOT NULL DEFAULT 0;
)sql";

constexpr std::string_view kIndexes = R"sql(
CREATE INDEX IF NOT EXISTS trajectories_identity ON trajectories(source, source_id, occurrence);
CREATE INDEX IF NOT EXISTS trajectories_hash ON trajectories(hash);
)sql";

std::string_view MetadataOr(const Trajectory& t, const char* key) {
  auto it = t.metadata.find(key);
  return it == t.metadata.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace

Result<std::unique_ptr<TrajectoryStore>> TrajectoryStore::Open(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return Status::IoError(
        fmt::format("{}: cannot create the store folder: {}", dir.string(), ec.message()));
  T2S_ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> db, SqliteDb::Open(dir / "trajectories.sqlite"));
  T2S_RETURN_IF_ERROR(db->Exec(kSchema));
  if (!db->Prepare("SELECT source FROM trajectories LIMIT 0").ok()) {
    T2S_RETURN_IF_ERROR(db->Exec(kAddSourceColumns));
  }
  T2S_RETURN_IF_ERROR(db->Exec(kIndexes));
  std::unique_ptr<TrajectoryStore> store(new TrajectoryStore(std::move(db)));
  T2S_RETURN_IF_ERROR(store->Prepare());
  return store;
}

Result<std::unique_ptr<TrajectoryStore>> TrajectoryStore::OpenExisting(
    const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(dir / "trajectories.sqlite", ec)) {
    return Status::NotFound(fmt::format(
        "{}: no trajectory store here (make one with trace2skill ingest FILE... --store {})",
        dir.string(), dir.string()));
  }
  return Open(dir);
}

Status TrajectoryStore::Prepare() {
  T2S_ASSIGN_OR_RETURN(
      SqliteStatement identity,
      db_->Prepare("SELECT id, hash, file FROM trajectories "
                   "WHERE source = ?1 AND source_id = ?2 AND occurrence = ?3"));
  find_identity_.emplace(std::move(identity));
  T2S_ASSIGN_OR_RETURN(SqliteStatement by_id,
                       db_->Prepare("SELECT source, source_id FROM trajectories WHERE id = ?1"));
  find_id_.emplace(std::move(by_id));
  T2S_ASSIGN_OR_RETURN(SqliteStatement content,
                       db_->Prepare("SELECT id FROM trajectories WHERE hash = ?1 LIMIT 1"));
  find_content_.emplace(std::move(content));
  T2S_ASSIGN_OR_RETURN(
      SqliteStatement insert,
      db_->Prepare("INSERT INTO trajectories (id, format, file, label, reward, task, steps, "
                   "tokens, hash, record, source, source_id, occurrence) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"));
  insert_.emplace(std::move(insert));
  T2S_ASSIGN_OR_RETURN(
      SqliteStatement replace,
      db_->Prepare("UPDATE trajectories SET format = ?2, file = ?3, label = ?4, reward = ?5, "
                   "task = ?6, steps = ?7, tokens = ?8, hash = ?9, record = ?10 WHERE id = ?1"));
  replace_.emplace(std::move(replace));
  return Status::Ok();
}

Status TrajectoryStore::Begin() { return db_->Exec("BEGIN"); }
Status TrajectoryStore::Commit() { return db_->Exec("COMMIT"); }

// Text columns are bound without copies: `p` outlives the Step.
Status TrajectoryStore::Insert(const std::string& id, const PreparedRecord& p,
                               const TrajectorySource& source, size_t occurrence) {
  const Trajectory& t = p.trajectory;
  SqlValue reward;
  if (t.outcome.reward) reward.emplace<double>(*t.outcome.reward);
  T2S_RETURN_IF_ERROR(insert_->Bind(
      {SqlTextRef{id}, SqlTextRef{MetadataOr(t, "format")}, SqlTextRef{MetadataOr(t, "file")},
       SqlTextRef{LabelName(t.outcome.label)}, reward, SqlTextRef{t.task},
       static_cast<int64_t>(t.steps.size()), static_cast<int64_t>(p.tokens), SqlTextRef{p.hash},
       SqlTextRef{p.record}, SqlTextRef{source.file}, SqlTextRef{t.id},
       static_cast<int64_t>(occurrence)}));
  return insert_->Step().status();
}

Status TrajectoryStore::Replace(const std::string& id, const PreparedRecord& p) {
  const Trajectory& t = p.trajectory;
  SqlValue reward;
  if (t.outcome.reward) reward.emplace<double>(*t.outcome.reward);
  T2S_RETURN_IF_ERROR(replace_->Bind(
      {SqlTextRef{id}, SqlTextRef{MetadataOr(t, "format")}, SqlTextRef{MetadataOr(t, "file")},
       SqlTextRef{LabelName(t.outcome.label)}, reward, SqlTextRef{t.task},
       static_cast<int64_t>(t.steps.size()), static_cast<int64_t>(p.tokens), SqlTextRef{p.hash},
       SqlTextRef{p.record}}));
  return replace_->Step().status();
}

PreparedRecord TrajectoryStore::PrepareRecord(Trajectory trajectory,
                                              std::optional<size_t> tokens) {
  PreparedRecord p;
  p.record = SerializeTrajectoryContent(trajectory);
  p.hash = HexHash(p.record);
  p.tokens = tokens ? *tokens : EstimateTokens(trajectory);
  p.trajectory = std::move(trajectory);
  return p;
}

Result<PutResult> TrajectoryStore::Put(const Trajectory& t, const TrajectorySource& source,
                                       size_t occurrence) {
  return Put(PrepareRecord(t), source, occurrence);
}

Result<PutResult> TrajectoryStore::Put(const PreparedRecord& p, const TrajectorySource& source,
                                       size_t occurrence) {
  const Trajectory& t = p.trajectory;
  const std::string& hash = p.hash;
  PutResult out;
  // This identity stored before: the same, or replaced in place.
  T2S_RETURN_IF_ERROR(find_identity_->Bind(
      {SqlTextRef{source.file}, SqlTextRef{t.id}, static_cast<int64_t>(occurrence)}));
  T2S_ASSIGN_OR_RETURN(bool found, find_identity_->Step());
  if (found) {
    out.id = *find_identity_->Text(0);
    if (find_identity_->Text(1) == hash && find_identity_->Text(2) == MetadataOr(t, "file")) {
      out.outcome = PutOutcome::kUnchanged;
      return out;
    }
    T2S_RETURN_IF_ERROR(Replace(out.id, p));
    out.outcome = PutOutcome::kUpdated;
    return out;
  }
  // A new identity: the reader's id when free, else qualified by the file.
  for (size_t n = 0;; ++n) {
    out.id = n == 0   ? t.id
             : n == 1 ? fmt::format("{}@{}", t.id, source.qualifier)
                      : fmt::format("{}@{}#{}", t.id, source.qualifier, n);
    T2S_RETURN_IF_ERROR(find_id_->Bind({SqlTextRef{out.id}}));
    T2S_ASSIGN_OR_RETURN(bool taken, find_id_->Step());
    if (!taken) break;
    if (find_id_->Text(0) == "") {
      // A row from a store without identities: this is it, adopted.
      T2S_RETURN_IF_ERROR(Replace(out.id, p));
      T2S_ASSIGN_OR_RETURN(SqliteStatement adopt,
                           db_->Prepare("UPDATE trajectories SET source = ?2, source_id = ?3, "
                                        "occurrence = ?4 WHERE id = ?1"));
      T2S_RETURN_IF_ERROR(
          adopt.Bind({out.id, source.file, t.id, static_cast<int64_t>(occurrence)}));
      T2S_RETURN_IF_ERROR(adopt.Step().status());
      out.outcome = PutOutcome::kUpdated;
      return out;
    }
    if (n == 0) {
      T2S_RETURN_IF_ERROR(find_content_->Bind({SqlTextRef{hash}}));
      T2S_ASSIGN_OR_RETURN(bool same, find_content_->Step());
      if (same) {
        out.id = *find_content_->Text(0);
        out.outcome = PutOutcome::kDuplicate;
        return out;
      }
    }
  }
  T2S_RETURN_IF_ERROR(Insert(out.id, p, source, occurrence));
  out.renamed = out.id != t.id;
  out.outcome = PutOutcome::kNew;
  return out;
}

Result<PutOutcome> TrajectoryStore::Update(const Trajectory& t) {
  T2S_RETURN_IF_ERROR(find_id_->Bind({t.id}));
  T2S_ASSIGN_OR_RETURN(bool found, find_id_->Step());
  if (!found) return Status::NotFound(fmt::format("no trajectory \"{}\" in the store", t.id));
  std::string source_id = find_id_->Text(1).value_or("");
  Trajectory as_read = t;
  if (!source_id.empty()) as_read.id = source_id;
  PreparedRecord p = PrepareRecord(std::move(as_read));
  T2S_ASSIGN_OR_RETURN(SqliteStatement q,
                       db_->Prepare("SELECT hash, file FROM trajectories WHERE id = ?1"));
  T2S_RETURN_IF_ERROR(q.Bind({t.id}));
  T2S_ASSIGN_OR_RETURN(bool row, q.Step());
  if (row && q.Text(0) == p.hash && q.Text(1) == MetadataOr(t, "file"))
    return PutOutcome::kUnchanged;
  T2S_RETURN_IF_ERROR(Replace(t.id, p));
  return PutOutcome::kUpdated;
}

Result<Trajectory> TrajectoryStore::Get(const std::string& id) {
  T2S_ASSIGN_OR_RETURN(SqliteStatement q,
                       db_->Prepare("SELECT record, file FROM trajectories WHERE id = ?1"));
  T2S_RETURN_IF_ERROR(q.Bind({id}));
  T2S_ASSIGN_OR_RETURN(bool found, q.Step());
  if (!found) return Status::NotFound(fmt::format("no trajectory \"{}\" in the store", id));
  T2S_ASSIGN_OR_RETURN(Trajectory t, ParseTrajectoryRecord(*q.Text(0)));
  t.id = id;
  std::string file = q.Text(1).value_or("");
  if (!file.empty()) t.metadata["file"] = file;
  return t;
}

Result<std::vector<TrajectorySummary>> TrajectoryStore::List(std::optional<Label> label) {
  T2S_ASSIGN_OR_RETURN(
      SqliteStatement q,
      db_->Prepare("SELECT id, format, file, label, reward, task, steps, tokens FROM trajectories "
                   "WHERE ?1 IS NULL OR label = ?1 ORDER BY id"));
  SqlValue filter;
  if (label) filter.emplace<std::string>(LabelName(*label));
  T2S_RETURN_IF_ERROR(q.Bind({filter}));
  std::vector<TrajectorySummary> out;
  while (true) {
    T2S_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    TrajectorySummary s;
    s.id = *q.Text(0);
    s.format = q.Text(1).value_or("");
    s.file = q.Text(2).value_or("");
    s.label = ParseLabel(q.Text(3).value_or("unknown")).value_or(Label::kUnknown);
    s.reward = q.Double(4);
    s.task = q.Text(5).value_or("");
    s.steps = static_cast<size_t>(q.Int(6));
    s.tokens = static_cast<size_t>(q.Int(7));
    out.push_back(std::move(s));
  }
  return out;
}

Result<StoreStats> TrajectoryStore::Stats() {
  T2S_ASSIGN_OR_RETURN(
      SqliteStatement q,
      db_->Prepare(
          "SELECT label, format, COUNT(*), SUM(steps), MAX(steps), SUM(tokens) FROM trajectories "
          "GROUP BY label, format"));
  StoreStats stats;
  while (true) {
    T2S_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    size_t count = static_cast<size_t>(q.Int(2));
    Label label = ParseLabel(q.Text(0).value_or("unknown")).value_or(Label::kUnknown);
    stats.trajectories += count;
    stats.by_label[label] += count;
    stats.by_format[q.Text(1).value_or("")] += count;
    stats.steps += static_cast<size_t>(q.Int(3));
    stats.max_steps = std::max(stats.max_steps, static_cast<size_t>(q.Int(4)));
    stats.tokens += static_cast<size_t>(q.Int(5));
  }
  return stats;
}

}  // namespace t2s
