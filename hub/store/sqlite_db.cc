#include "hub/store/sqlite_db.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"

namespace mdm {
namespace {

// How long a connection waits for another process's lock before SQLITE_BUSY.
// Our own two connections never block each other (WAL); this covers a steward
// holding a write transaction in the sqlite3 shell, or a backup.
constexpr int kBusyTimeoutMs = 5000;

}  // namespace

absl::Status SqliteStatus(int rc, std::string_view what, std::string_view msg) {
  // Debian's abseil has its own string_view, which StrCat wants.
  std::string text = absl::StrCat(
      "sqlite: ", absl::string_view(what.data(), what.size()), ": ",
      absl::string_view(msg.data(), msg.size()), " (code ", rc, ")");
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::UnavailableError(std::move(text));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return absl::DataLossError(std::move(text));
    case SQLITE_FULL:
    case SQLITE_IOERR:
      return absl::UnavailableError(std::move(text));
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return absl::FailedPreconditionError(std::move(text));
    case SQLITE_NOMEM:
      return absl::ResourceExhaustedError(std::move(text));
    default:  // CONSTRAINT, ERROR, MISUSE, RANGE, ...: our bug.
      return absl::InternalError(std::move(text));
  }
}

absl::StatusOr<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(
    const std::string& path, bool query_only) {
  sqlite3* db = nullptr;
  // NOMUTEX: the store serializes use of each connection itself.
  int rc = sqlite3_open_v2(
      path.c_str(), &db,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
      nullptr);
  if (rc != SQLITE_OK) {
    absl::Status status =
        SqliteStatus(rc, absl::StrCat("open ", path),
                     db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return status;
  }
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  // Only takes effect on a new file (before WAL mode writes the header).
  // 8 KiB pages fit several golden records (2-3 KiB of JSON each); at 4 KiB
  // only one fitted per page and the database grew by half.
  RETURN_IF_ERROR(conn->Exec("PRAGMA page_size=8192"));

  // WAL lets the reader connection see the last commit while the writer is in
  // a transaction. The mode is persistent in the file; confirm it took (it
  // does not on file systems without shared memory support).
  {
    SqliteQuery q(*conn, "PRAGMA journal_mode=WAL");
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row || q.Text(0) != "wal") {
      return absl::FailedPreconditionError(
          absl::StrCat("sqlite: ", path, ": cannot enable WAL journal mode"));
    }
  }
  // FULL: in WAL mode, NORMAL may lose the last commits on power loss; an
  // acknowledged Apply must survive it.
  RETURN_IF_ERROR(
      conn->Exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON"));
  if (query_only) {
    RETURN_IF_ERROR(conn->Exec("PRAGMA query_only=ON"));
  } else {
    // Checkpoint every 64 MiB of WAL (8000 pages) rather than every 8 MiB: a
    // golden record updated several times between checkpoints is copied into
    // the database once, and scattered entity updates ingest about 1.5x
    // faster. The limit trims the WAL file back after a checkpoint.
    RETURN_IF_ERROR(conn->Exec(
        "PRAGMA wal_autocheckpoint=8000; PRAGMA journal_size_limit=67108864"));
  }
  return conn;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

absl::Status SqliteConnection::Exec(const char* sql) {
  char* msg = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &msg);
  if (rc == SQLITE_OK) return absl::OkStatus();
  absl::Status status =
      SqliteStatus(rc, sql, msg != nullptr ? msg : sqlite3_errstr(rc));
  sqlite3_free(msg);
  return status;
}

absl::StatusOr<sqlite3_stmt*> SqliteConnection::Prepare(const char* sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt,
                              nullptr);
  if (rc != SQLITE_OK) return Error(rc, sql);
  statements_.emplace(sql, stmt);
  return stmt;
}

absl::Status SqliteConnection::Error(int rc, std::string_view what) {
  return SqliteStatus(rc, what, sqlite3_errmsg(db_));
}

SqliteQuery::SqliteQuery(SqliteConnection& conn, const char* sql)
    : conn_(conn) {
  absl::StatusOr<sqlite3_stmt*> stmt = conn.Prepare(sql);
  if (stmt.ok()) {
    stmt_ = *stmt;
  } else {
    status_ = stmt.status();
  }
}

SqliteQuery::~SqliteQuery() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

SqliteQuery& SqliteQuery::Bind(std::string_view text) {
  if (!status_.ok()) return *this;
  // SQLITE_STATIC: no copy; the destructor clears bindings before the caller's
  // string can go away.
  int rc = sqlite3_bind_text(stmt_, next_param_++, text.data(),
                             static_cast<int>(text.size()), SQLITE_STATIC);
  if (rc != SQLITE_OK) status_ = conn_.Error(rc, sqlite3_sql(stmt_));
  return *this;
}

SqliteQuery& SqliteQuery::BindBlob(std::string_view bytes) {
  if (!status_.ok()) return *this;
  // A zero-length blob, not NULL, for empty bytes (the pointer may be null).
  int rc =
      sqlite3_bind_blob(stmt_, next_param_++, bytes.empty() ? "" : bytes.data(),
                        static_cast<int>(bytes.size()), SQLITE_STATIC);
  if (rc != SQLITE_OK) status_ = conn_.Error(rc, sqlite3_sql(stmt_));
  return *this;
}

SqliteQuery& SqliteQuery::Bind(int64_t value) {
  if (!status_.ok()) return *this;
  int rc = sqlite3_bind_int64(stmt_, next_param_++, value);
  if (rc != SQLITE_OK) status_ = conn_.Error(rc, sqlite3_sql(stmt_));
  return *this;
}

SqliteQuery& SqliteQuery::BindDouble(double value) {
  if (!status_.ok()) return *this;
  int rc = sqlite3_bind_double(stmt_, next_param_++, value);
  if (rc != SQLITE_OK) status_ = conn_.Error(rc, sqlite3_sql(stmt_));
  return *this;
}

absl::StatusOr<bool> SqliteQuery::Step() {
  RETURN_IF_ERROR(status_);
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return conn_.Error(rc, sqlite3_sql(stmt_));
}

absl::Status SqliteQuery::Run() {
  ASSIGN_OR_RETURN(bool row, Step());
  (void)row;  // a write may return rows (RETURNING); we do not use them
  return absl::OkStatus();
}

std::string_view SqliteQuery::Text(int col) const {
  // Text before bytes: sqlite3_column_bytes then reports the text's length.
  const auto* text =
      reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (text == nullptr) return {};
  return std::string_view(text, sqlite3_column_bytes(stmt_, col));
}

int64_t SqliteQuery::Int(int col) const {
  return sqlite3_column_int64(stmt_, col);
}

double SqliteQuery::Double(int col) const {
  return sqlite3_column_double(stmt_, col);
}

}  // namespace mdm
