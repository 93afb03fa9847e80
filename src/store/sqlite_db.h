// SqliteDb: the one place that includes sqlite3.h. A connection, prepared
// statements with bound parameters, and transactions, with Status errors.
#ifndef T2S_STORE_SQLITE_DB_H_
#define T2S_STORE_SQLITE_DB_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace t2s {

// Text bound without copying it: the bytes must stay valid and unchanged
// until the statement is next bound (Bind) or destroyed. For large values
// (a stored trajectory record is tens of KB) that would otherwise be copied
// once more only to be copied into the database page.
struct SqlTextRef {
  std::string_view text;
};

using SqlValue = std::variant<std::monostate, int64_t, double, std::string, SqlTextRef>;

class SqliteStatement {
 public:
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement(SqliteStatement&&) noexcept;
  ~SqliteStatement();

  // Binds `values` to ?1, ?2, ... after resetting the statement.
  Status Bind(const std::vector<SqlValue>& values);
  // Advances to the next row: true when one is there, false when done.
  Result<bool> Step();
  // Column accessors of the current row.
  std::optional<std::string> Text(int column) const;
  int64_t Int(int column) const;
  std::optional<double> Double(int column) const;

 private:
  friend class SqliteDb;
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteDb {
 public:
  // Opens (creating) the database file, with a rollback journal and a busy timeout.
  static Result<std::unique_ptr<SqliteDb>> Open(const std::filesystem::path& path);
  ~SqliteDb();

  // Runs one or more statements without results.
  Status Exec(std::string_view sql);
  Result<SqliteStatement> Prepare(std::string_view sql);

 private:
  explicit SqliteDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status Error(std::string_view what) const;
  sqlite3* db_;
  std::string path_;
};

}  // namespace t2s

#endif  // T2S_STORE_SQLITE_DB_H_
