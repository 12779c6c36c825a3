#include "hub/store/mysql_maintenance.h"

#include <cppconn/exception.h>
#include <cppconn/resultset.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/store/store_invariants.h"

namespace mdm {
namespace {

std::string Text(const sql::ResultSet& rs, int column) {
  return rs.getString(column).asStdString();
}

// CHECK TABLE of every base table; one problem line per table the server does
// not call OK. Runs before the snapshot: CHECK TABLE commits implicitly.
std::vector<std::string> CheckTables(MysqlConnection& conn) {
  std::vector<std::string> tables;
  {
    std::unique_ptr<sql::ResultSet> rs(
        conn.Query("SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'"));
    while (rs->next()) tables.push_back(Text(*rs, 1));
  }
  std::vector<std::string> problems;
  for (const std::string& table : tables) {
    // Names come from the server, not from a caller; quoted all the same.
    std::unique_ptr<sql::ResultSet> rs(
        conn.Query(absl::StrCat("CHECK TABLE `", table, "`")));
    // Columns: Table, Op, Msg_type (status, error, info, note, warning),
    // Msg_text; a sound table has one row "status OK".
    while (rs->next()) {
      const std::string type = Text(*rs, 3);
      const std::string text = Text(*rs, 4);
      if ((type == "status" && text != "OK") || type == "error") {
        problems.push_back(
            absl::StrCat("mysql CHECK TABLE ", table, ": ", type, " ", text));
      }
    }
  }
  return problems;
}

int64_t CountOne(MysqlConnection& conn, const char* sql) {
  std::unique_ptr<sql::ResultSet> rs(conn.Query(sql));
  return rs->next() ? rs->getInt64(1) : 0;
}

}  // namespace

absl::StatusOr<StoreCheckReport> MysqlMaintenance::Check() {
  ASSIGN_OR_RETURN(std::unique_ptr<MysqlConnection> conn,
                   MysqlConnection::Connect(ForLongStatements(options_),
                                            /*first=*/0,
                                            /*create_database=*/false));
  try {
    StoreCheckReport report;
    report.problems = CheckTables(*conn);
    // One snapshot for every count, as SQLite's read transaction gives: the
    // session's READ COMMITTED would let each query see later commits.
    conn->Exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    conn->Exec("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
    for (const StoreInvariant& inv : StoreInvariants()) {
      const int64_t bad = CountOne(*conn, inv.count_sql);
      if (bad != 0) {
        report.problems.push_back(absl::StrCat(bad, " ", inv.problem));
      }
    }
    {
      std::unique_ptr<sql::ResultSet> rs(conn->Query(kStoreCountsSql));
      if (rs->next()) {
        report.records = rs->getInt64(1);
        report.entities = rs->getInt64(2);
      }
    }
    conn->Exec("COMMIT");
    return report;
  } catch (const sql::SQLException& e) {
    return SqlErrorToStatus(e, "check store");
  }
}

absl::Status MysqlMaintenance::Backup(const std::string& /*dest_path*/) {
  const MysqlServer& server = options_.servers.front();
  return absl::FailedPreconditionError(absl::StrCat(
      "BackupStore streams SQLite snapshots only; back up this MySQL store "
      "with the database's own tools, e.g. MYSQL_PWD=... mariadb-dump "
      "--single-transaction --no-tablespaces -h",
      server.host, " -P", server.port, " -u", options_.user, " ",
      options_.database,
      " > backup.sql (or mariabackup for large databases; README, "
      "Reliability)"));
}

std::string MysqlMaintenance::ScratchDir() const {
  return std::filesystem::temp_directory_path().string();
}

}  // namespace mdm
