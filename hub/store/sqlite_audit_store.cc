#include "hub/store/sqlite_audit_store.h"

#include <utility>

#include "hub/common/status_macros.h"
#include "hub/store/change_encoding.h"
#include "hub/store/sqlite_schema.h"

namespace mdm {
namespace {

constexpr char kAppend[] =
    "INSERT INTO audit_events (at_us, principal, method, request_id, target,"
    " code, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
// An empty filter matches everything; the table is read by administrators
// only, so one statement beats four specialised ones.
constexpr char kList[] =
    "SELECT id, at_us, principal, method, request_id, target, code, message"
    " FROM audit_events WHERE id > ?1 AND at_us >= ?2"
    " AND (?3 = 0 OR at_us < ?3) AND (?4 = '' OR principal = ?4)"
    " AND (?5 = '' OR method = ?5) ORDER BY id LIMIT ?6";

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteAuditStore>> SqliteAuditStore::Open(
    const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> conn,
                   OpenMigratedSqlite(path));
  return std::unique_ptr<SqliteAuditStore>(
      new SqliteAuditStore(std::move(conn)));
}

absl::StatusOr<int64_t> SqliteAuditStore::Append(const AuditEvent& event) {
  absl::MutexLock lock(&mu_);
  RETURN_IF_ERROR(SqliteQuery(*conn_, kAppend)
                      .Bind(event.at_us)
                      .Bind(event.principal)
                      .Bind(event.method)
                      .Bind(event.request_id)
                      .Bind(event.target)
                      .Bind(int64_t{event.code})
                      .Bind(event.message)
                      .Run());
  return sqlite3_last_insert_rowid(conn_->db());
}

absl::StatusOr<std::vector<AuditEvent>> SqliteAuditStore::List(
    const AuditQuery& query) {
  RETURN_IF_ERROR(CheckLimit(query.limit));
  absl::MutexLock lock(&mu_);
  SqliteQuery q(*conn_, kList);
  q.Bind(query.after_id)
      .Bind(query.since_us)
      .Bind(query.until_us)
      .Bind(query.principal)
      .Bind(query.method)
      .Bind(int64_t{query.limit});
  std::vector<AuditEvent> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    AuditEvent e;
    e.id = q.Int(0);
    e.at_us = q.Int(1);
    e.principal = q.Text(2);
    e.method = q.Text(3);
    e.request_id = q.Text(4);
    e.target = q.Text(5);
    e.code = static_cast<int>(q.Int(6));
    e.message = q.Text(7);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace mdm
