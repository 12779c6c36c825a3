// Thin RAII layer over the sqlite3 C API: one connection with its cache of
// prepared statements, a scoped use of one statement, and the mapping of
// sqlite result codes to absl::Status.
//
// Thread safety: none. A SqliteConnection is used by one thread at a time; the
// store guards each connection with its own mutex.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mdm {

// Maps a sqlite result code to a status code chosen for the caller's retry
// decision: busy/locked/full/io are Unavailable (retry may succeed),
// corrupt/notadb are DataLoss, constraint and SQL errors are Internal (a bug
// in the store).
absl::Status SqliteStatus(int rc, std::string_view what, std::string_view msg);

class SqliteConnection {
 public:
  // Opens (creating if needed) the database at `path` and applies the
  // connection settings: WAL, synchronous=FULL, foreign keys, busy timeout.
  // `query_only` connections refuse writes.
  static absl::StatusOr<std::unique_ptr<SqliteConnection>> Open(
      const std::string& path, bool query_only);

  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs one or more SQL statements without results (DDL, pragmas).
  absl::Status Exec(const char* sql);

  // The prepared statement for `sql`, prepared once per connection. `sql` must
  // be a string with static storage: its address is the cache key.
  absl::StatusOr<sqlite3_stmt*> Prepare(const char* sql);

  // The status for `rc`, with the connection's last error message.
  absl::Status Error(int rc, std::string_view what);

  sqlite3* db() { return db_; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> statements_;
};

// One use of a cached statement: bind parameters in order, step, read
// columns. Resets the statement and clears its bindings on destruction, so
// the connection's read snapshot is released and bound (unowned) strings are
// no longer referenced.
class SqliteQuery {
 public:
  // Prepares (or finds) `sql` on `conn`; check ok() before use.
  SqliteQuery(SqliteConnection& conn, const char* sql);
  ~SqliteQuery();
  SqliteQuery(const SqliteQuery&) = delete;
  SqliteQuery& operator=(const SqliteQuery&) = delete;

  // The preparation status.
  const absl::Status& status() const { return status_; }

  // Bind the next parameter. The text must outlive the query.
  SqliteQuery& Bind(std::string_view text);
  SqliteQuery& Bind(int64_t value);
  // Not an overload of Bind: an int argument would be ambiguous.
  SqliteQuery& BindDouble(double value);
  // Binds bytes as a BLOB (STRICT BLOB columns refuse text). The bytes must
  // outlive the query.
  SqliteQuery& BindBlob(std::string_view bytes);

  // Advances: true when a row is available, false when done.
  absl::StatusOr<bool> Step();
  // Steps a statement that returns no rows.
  absl::Status Run();

  std::string_view Text(int col) const;
  int64_t Int(int col) const;
  double Double(int col) const;

 private:
  SqliteConnection& conn_;
  sqlite3_stmt* stmt_ = nullptr;
  absl::Status status_;
  int next_param_ = 1;
};

}  // namespace mdm
