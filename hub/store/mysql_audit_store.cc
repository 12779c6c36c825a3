#include "hub/store/mysql_audit_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <utility>

#include "hub/store/change_encoding.h"
#include "hub/store/mysql_checkpoint_store.h"
#include "hub/store/mysql_retry.h"

namespace mdm {
namespace {

constexpr char kAppend[] =
    "INSERT INTO audit_events (at_us, principal, method, request_id, target,"
    " code, message) VALUES (?, ?, ?, ?, ?, ?, ?)";
// The same filters as SqliteAuditStore's; each value is bound twice because
// Connector/C++ has positional parameters only.
constexpr char kList[] =
    "SELECT id, at_us, principal, method, request_id, target, code, message"
    " FROM audit_events WHERE id > ? AND at_us >= ?"
    " AND (? = 0 OR at_us < ?) AND (? = '' OR principal = ?)"
    " AND (? = '' OR method = ?) ORDER BY id LIMIT ?";

sql::SQLString Str(const std::string& s) { return sql::SQLString(s); }

std::string Text(const sql::ResultSet& rs, uint32_t column) {
  return rs.getString(column).asStdString();
}

}  // namespace

absl::StatusOr<std::unique_ptr<MysqlAuditStore>> MysqlAuditStore::Open(
    MysqlOptions options) {
  ASSIGN_OR_RETURN(std::unique_ptr<MysqlPool> pool,
                   OpenMigratedMysqlPool(std::move(options)));
  return std::unique_ptr<MysqlAuditStore>(new MysqlAuditStore(std::move(pool)));
}

absl::StatusOr<int64_t> MysqlAuditStore::Append(const AuditEvent& event) {
  return RunWithRetry<int64_t>(
      *pool_, "append audit event",
      [&](MysqlConnection& conn) -> absl::StatusOr<int64_t> {
        sql::PreparedStatement& q = conn.Prepare(kAppend);
        q.setInt64(1, event.at_us);
        q.setString(2, Str(event.principal));
        q.setString(3, Str(event.method));
        q.setString(4, Str(event.request_id));
        q.setString(5, Str(event.target));
        q.setInt(6, event.code);
        q.setString(7, Str(event.message));
        q.executeUpdate();
        std::unique_ptr<sql::ResultSet> rs(
            conn.Query("SELECT LAST_INSERT_ID()"));
        if (!rs->next()) {
          return absl::InternalError("LAST_INSERT_ID() returned no row");
        }
        return rs->getInt64(1);
      });
}

absl::StatusOr<std::vector<AuditEvent>> MysqlAuditStore::List(
    const AuditQuery& query) {
  RETURN_IF_ERROR(CheckLimit(query.limit));
  return RunWithRetry<std::vector<AuditEvent>>(
      *pool_, "list audit events",
      [&](MysqlConnection& conn) -> absl::StatusOr<std::vector<AuditEvent>> {
        sql::PreparedStatement& q = conn.Prepare(kList);
        q.setInt64(1, query.after_id);
        q.setInt64(2, query.since_us);
        q.setInt64(3, query.until_us);
        q.setInt64(4, query.until_us);
        q.setString(5, Str(query.principal));
        q.setString(6, Str(query.principal));
        q.setString(7, Str(query.method));
        q.setString(8, Str(query.method));
        q.setInt(9, query.limit);
        std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
        std::vector<AuditEvent> out;
        while (rs->next()) {
          AuditEvent e;
          e.id = rs->getInt64(1);
          e.at_us = rs->getInt64(2);
          e.principal = Text(*rs, 3);
          e.method = Text(*rs, 4);
          e.request_id = Text(*rs, 5);
          e.target = Text(*rs, 6);
          e.code = rs->getInt(7);
          e.message = Text(*rs, 8);
          out.push_back(std::move(e));
        }
        return out;
      });
}

}  // namespace mdm
