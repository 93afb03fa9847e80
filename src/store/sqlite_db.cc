#include "store/sqlite_db.h"

#include <fmt/format.h>
#include <sqlite3.h>

namespace t2s {

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_) {
  other.stmt_ = nullptr;
}

SqliteStatement::~SqliteStatement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

Status SqliteStatement::Bind(const std::vector<SqlValue>& values) {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  for (size_t i = 0; i < values.size(); ++i) {
    int index = static_cast<int>(i + 1);
    int rc = SQLITE_OK;
    const SqlValue& v = values[i];
    if (const auto* n = std::get_if<int64_t>(&v)) {
      rc = sqlite3_bind_int64(stmt_, index, *n);
    } else if (const auto* d = std::get_if<double>(&v)) {
      rc = sqlite3_bind_double(stmt_, index, *d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      rc =
          sqlite3_bind_text(stmt_, index, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
    } else if (const auto* r = std::get_if<SqlTextRef>(&v)) {
      // An empty view may have no data, which SQLite would bind as NULL.
      const char* data = r->text.data() != nullptr ? r->text.data() : "";
      rc = sqlite3_bind_text(stmt_, index, data, static_cast<int>(r->text.size()), SQLITE_STATIC);
    } else {
      rc = sqlite3_bind_null(stmt_, index);
    }
    if (rc != SQLITE_OK)
      return Status::Internal(fmt::format("sqlite bind: {}", sqlite3_errmsg(db_)));
  }
  return Status::Ok();
}

Result<bool> SqliteStatement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Status::IoError(fmt::format("sqlite: {}", sqlite3_errmsg(db_)));
}

std::optional<std::string> SqliteStatement::Text(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

int64_t SqliteStatement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::optional<double> SqliteStatement::Double(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_double(stmt_, column);
}

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  int rc =
      sqlite3_open_v2(path.string().c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::IoError(fmt::format("{}: cannot open the store: {}", path.string(), msg));
  }
  sqlite3_busy_timeout(db, 5000);
  std::unique_ptr<SqliteDb> out(new SqliteDb(db, path.string()));
  // A rollback journal, not WAL: bulk ingest appends pages, which a rollback
  // journal does not copy, while WAL writes every page twice.
  // Large pages for a new database: stored records are tens of KB, and
  // smaller pages make long overflow chains and many more writes.
  T2S_RETURN_IF_ERROR(out->Exec(
      "PRAGMA page_size=65536; PRAGMA journal_mode=DELETE; PRAGMA synchronous=NORMAL; "
      "PRAGMA cache_size=-16384;"));
  return out;
}

SqliteDb::~SqliteDb() { sqlite3_close(db_); }

Status SqliteDb::Error(std::string_view what) const {
  return Status::IoError(fmt::format("{}: {}: {}", path_, what, sqlite3_errmsg(db_)));
}

Status SqliteDb::Exec(std::string_view sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Status::IoError(fmt::format("{}: {}", path_, msg));
  }
  return Status::Ok();
}

Result<SqliteStatement> SqliteDb::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK) {
    return Error("prepare");
  }
  return SqliteStatement(db_, stmt);
}

}  // namespace t2s
