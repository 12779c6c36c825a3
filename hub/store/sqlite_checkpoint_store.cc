#include "hub/store/sqlite_checkpoint_store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/store/change_encoding.h"
#include "hub/store/checkpoint_rules.h"
#include "hub/store/sqlite_schema.h"

namespace mdm {
namespace {

constexpr char kGet[] = MDM_CONNECTOR_SELECT " WHERE id = ?1";
constexpr char kList[] =
    MDM_CONNECTOR_SELECT " WHERE id > ?1 ORDER BY id LIMIT ?2";

constexpr char kInsert[] =
    "INSERT INTO connectors VALUES"
    " (?1, ?2, 0, x'', ?3, 0, 0, 0, 0, 0, 0, '', 0)";
// The generation condition makes the commit a compare-and-set.
constexpr char kCommit[] =
    "UPDATE connectors SET generation = generation + 1, position = ?1,"
    " committed_at_us = ?2, records_read = ?3, records_sent = ?4,"
    " records_acknowledged = ?5, records_rejected = ?6, lag_ms = ?7,"
    " last_error = ?8,"
    " last_error_at_us = CASE WHEN ?8 = '' THEN last_error_at_us ELSE ?2 END"
    " WHERE id = ?9 AND generation = ?10";

ConnectorState FromRow(const SqliteQuery& q) {
  ConnectorState s;
  s.id = q.Text(0);
  s.source = q.Text(1);
  s.generation = q.Int(2);
  s.position = q.Text(3);
  s.registered_at_us = q.Int(4);
  s.committed_at_us = q.Int(5);
  s.counters = {.records_read = q.Int(6),
                .records_sent = q.Int(7),
                .records_acknowledged = q.Int(8),
                .records_rejected = q.Int(9)};
  s.lag_ms = q.Int(10);
  s.last_error = q.Text(11);
  s.last_error_at_us = q.Int(12);
  return s;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteCheckpointStore>>
SqliteCheckpointStore::Open(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> conn,
                   OpenMigratedSqlite(path));
  return std::unique_ptr<SqliteCheckpointStore>(
      new SqliteCheckpointStore(std::move(conn)));
}

absl::StatusOr<std::optional<ConnectorState>> SqliteCheckpointStore::GetLocked(
    std::string_view id) {
  SqliteQuery q(*conn_, kGet);
  q.Bind(id);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::nullopt;
  return FromRow(q);
}

absl::StatusOr<ConnectorState> SqliteCheckpointStore::Register(
    std::string_view id, std::string_view source, int64_t now_us) {
  absl::MutexLock lock(&mu_);
  ASSIGN_OR_RETURN(std::optional<ConnectorState> existing, GetLocked(id));
  if (!existing.has_value()) {
    // A concurrent Register of the same id from another hub loses on the
    // primary key; its caller retries and finds this row.
    RETURN_IF_ERROR(
        SqliteQuery(*conn_, kInsert).Bind(id).Bind(source).Bind(now_us).Run());
    ASSIGN_OR_RETURN(existing, GetLocked(id));
    if (!existing.has_value()) {
      return absl::InternalError("connector row vanished after insert");
    }
  }
  RETURN_IF_ERROR(CheckSameSource(*existing, source));
  return *existing;
}

absl::StatusOr<std::optional<ConnectorState>> SqliteCheckpointStore::Get(
    std::string_view id) {
  absl::MutexLock lock(&mu_);
  return GetLocked(id);
}

absl::StatusOr<ConnectorState> SqliteCheckpointStore::Commit(
    const CheckpointCommit& c) {
  absl::MutexLock lock(&mu_);
  const ConnectorCounters& n = c.counters;
  RETURN_IF_ERROR(SqliteQuery(*conn_, kCommit)
                      .BindBlob(c.position)
                      .Bind(c.now_us)
                      .Bind(n.records_read)
                      .Bind(n.records_sent)
                      .Bind(n.records_acknowledged)
                      .Bind(n.records_rejected)
                      .Bind(c.lag_ms)
                      .Bind(c.last_error)
                      .Bind(c.id)
                      .Bind(c.expected_generation)
                      .Run());
  const bool changed = sqlite3_changes(conn_->db()) == 1;
  ASSIGN_OR_RETURN(std::optional<ConnectorState> now, GetLocked(c.id));
  return CommitOutcome(c, changed, std::move(now));
}

absl::StatusOr<std::vector<ConnectorState>> SqliteCheckpointStore::List(
    std::string_view after, int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  absl::MutexLock lock(&mu_);
  SqliteQuery q(*conn_, kList);
  q.Bind(after).Bind(int64_t{limit});
  std::vector<ConnectorState> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(FromRow(q));
  }
  return out;
}

}  // namespace mdm
