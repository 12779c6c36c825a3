#include "hub/store/sqlite_maintenance.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/store/sqlite_db.h"
#include "hub/store/store_invariants.h"

namespace mdm {
namespace {

constexpr char kIntegrityCheck[] = "PRAGMA integrity_check";

// Opens an existing database file read-only: a check or a backup must never
// create an empty database where the hub's file is missing.
absl::StatusOr<std::unique_ptr<SqliteConnection>> OpenExisting(
    const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return absl::NotFoundError(absl::StrCat("no database file at ", path));
  }
  return SqliteConnection::Open(path, /*query_only=*/true);
}

absl::StatusOr<int64_t> CountOne(SqliteConnection& conn, const char* sql) {
  SqliteQuery q(conn, sql);
  RETURN_IF_ERROR(q.status());
  ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? q.Int(0) : 0;
}

}  // namespace

absl::StatusOr<StoreCheckReport> SqliteMaintenance::Check() {
  ASSIGN_OR_RETURN(auto conn, OpenExisting(path_));
  StoreCheckReport report;
  // One read transaction: every query sees the same committed state.
  RETURN_IF_ERROR(conn->Exec("BEGIN"));
  {
    // "ok" alone, or one row per problem found.
    SqliteQuery q(*conn, kIntegrityCheck);
    RETURN_IF_ERROR(q.status());
    while (true) {
      ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      const std::string_view line = q.Text(0);
      if (line != "ok") {
        report.problems.push_back(
            absl::StrCat("sqlite integrity_check: ",
                         absl::string_view(line.data(), line.size())));
      }
    }
  }
  for (const StoreInvariant& inv : StoreInvariants()) {
    ASSIGN_OR_RETURN(int64_t bad, CountOne(*conn, inv.count_sql));
    if (bad != 0)
      report.problems.push_back(absl::StrCat(bad, " ", inv.problem));
  }
  {
    SqliteQuery q(*conn, kStoreCountsSql);
    RETURN_IF_ERROR(q.status());
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (row) {
      report.records = q.Int(0);
      report.entities = q.Int(1);
    }
  }
  RETURN_IF_ERROR(conn->Exec("COMMIT"));
  return report;
}

std::string SqliteMaintenance::ScratchDir() const {
  const std::string dir = std::filesystem::path(path_).parent_path().string();
  return dir.empty() ? "." : dir;
}

absl::Status SqliteMaintenance::Backup(const std::string& dest_path) {
  ASSIGN_OR_RETURN(auto src, OpenExisting(path_));
  sqlite3* dest = nullptr;
  int rc = sqlite3_open_v2(
      dest_path.c_str(), &dest,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE,
      nullptr);
  if (rc != SQLITE_OK) {
    absl::Status status = SqliteStatus(
        rc, absl::StrCat("open backup file ", dest_path),
        dest != nullptr ? sqlite3_errmsg(dest) : sqlite3_errstr(rc));
    sqlite3_close_v2(dest);
    return status;
  }
  // All pages in one step: one read transaction on the source, so the copy
  // is a consistent snapshot; the hub's writer goes on meanwhile (WAL).
  sqlite3_backup* backup = sqlite3_backup_init(dest, "main", src->db(), "main");
  if (backup == nullptr) {
    absl::Status status = SqliteStatus(sqlite3_errcode(dest), "backup init",
                                       sqlite3_errmsg(dest));
    sqlite3_close_v2(dest);
    return status;
  }
  rc = sqlite3_backup_step(backup, -1);
  const int finish_rc = sqlite3_backup_finish(backup);
  absl::Status status;
  if (rc != SQLITE_DONE) {
    status = SqliteStatus(rc, "backup step", sqlite3_errstr(rc));
  } else if (finish_rc != SQLITE_OK) {
    status = SqliteStatus(finish_rc, "backup finish", sqlite3_errmsg(dest));
  } else {
    // The copy inherits WAL mode; fold it into one self-contained file.
    rc = sqlite3_exec(dest, "PRAGMA journal_mode=DELETE", nullptr, nullptr,
                      nullptr);
    if (rc != SQLITE_OK) {
      status = SqliteStatus(rc, "backup journal mode", sqlite3_errmsg(dest));
    }
  }
  sqlite3_close_v2(dest);
  return status;
}

}  // namespace mdm
