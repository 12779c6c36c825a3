#include "hub/store/mysql_checkpoint_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <utility>

#include "hub/store/change_encoding.h"
#include "hub/store/checkpoint_rules.h"
#include "hub/store/mysql_retry.h"
#include "hub/store/mysql_schema.h"

namespace mdm {
namespace {

constexpr char kGet[] = MDM_CONNECTOR_SELECT " WHERE id = ?";
constexpr char kList[] =
    MDM_CONNECTOR_SELECT " WHERE id > ? ORDER BY id LIMIT ?";

constexpr char kInsert[] =
    "INSERT IGNORE INTO connectors VALUES"
    " (?, ?, 0, '', ?, 0, 0, 0, 0, 0, 0, '', 0)";
constexpr char kCommit[] =
    "UPDATE connectors SET generation = generation + 1, position = ?,"
    " committed_at_us = ?, records_read = ?, records_sent = ?,"
    " records_acknowledged = ?, records_rejected = ?, lag_ms = ?,"
    " last_error_at_us = IF(? = '', last_error_at_us, committed_at_us),"
    " last_error = ?"
    " WHERE id = ? AND generation = ?";

sql::SQLString Str(std::string_view s) {
  return sql::SQLString(std::string(s));
}

std::string Text(const sql::ResultSet& rs, uint32_t column) {
  return rs.getString(column).asStdString();
}

ConnectorState FromRow(const sql::ResultSet& rs) {
  ConnectorState s;
  s.id = Text(rs, 1);
  s.source = Text(rs, 2);
  s.generation = rs.getInt64(3);
  s.position = Text(rs, 4);
  s.registered_at_us = rs.getInt64(5);
  s.committed_at_us = rs.getInt64(6);
  s.counters = {.records_read = rs.getInt64(7),
                .records_sent = rs.getInt64(8),
                .records_acknowledged = rs.getInt64(9),
                .records_rejected = rs.getInt64(10)};
  s.lag_ms = rs.getInt64(11);
  s.last_error = Text(rs, 12);
  s.last_error_at_us = rs.getInt64(13);
  return s;
}

// Throws sql::SQLException.
std::optional<ConnectorState> GetOn(MysqlConnection& conn,
                                    std::string_view id) {
  sql::PreparedStatement& q = conn.Prepare(kGet);
  q.setString(1, Str(id));
  std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
  if (!rs->next()) return std::nullopt;
  return FromRow(*rs);
}

}  // namespace

absl::StatusOr<std::unique_ptr<MysqlPool>> OpenMigratedMysqlPool(
    MysqlOptions options) {
  options.pool_size = std::min(options.pool_size, 2);
  ASSIGN_OR_RETURN(
      std::unique_ptr<MysqlConnection> first,
      MysqlConnection::Connect(ForLongStatements(options), /*first=*/0,
                               /*create_database=*/true));
  RETURN_IF_ERROR(MigrateMysqlSchema(*first, MysqlSchemaSteps()));
  auto pool = std::make_unique<MysqlPool>(std::move(options));
  pool->StartAt(first->server_index());
  return pool;
}

absl::StatusOr<std::unique_ptr<MysqlCheckpointStore>>
MysqlCheckpointStore::Open(MysqlOptions options) {
  ASSIGN_OR_RETURN(std::unique_ptr<MysqlPool> pool,
                   OpenMigratedMysqlPool(std::move(options)));
  return std::unique_ptr<MysqlCheckpointStore>(
      new MysqlCheckpointStore(std::move(pool)));
}

absl::StatusOr<ConnectorState> MysqlCheckpointStore::Register(
    std::string_view id, std::string_view source, int64_t now_us) {
  return RunWithRetry<ConnectorState>(
      *pool_, "register connector",
      [&](MysqlConnection& conn) -> absl::StatusOr<ConnectorState> {
        sql::PreparedStatement& insert = conn.Prepare(kInsert);
        insert.setString(1, Str(id));
        insert.setString(2, Str(source));
        insert.setInt64(3, now_us);
        insert.executeUpdate();
        std::optional<ConnectorState> stored = GetOn(conn, id);
        if (!stored.has_value()) {
          return absl::InternalError("connector row vanished after insert");
        }
        RETURN_IF_ERROR(CheckSameSource(*stored, source));
        return *std::move(stored);
      });
}

absl::StatusOr<std::optional<ConnectorState>> MysqlCheckpointStore::Get(
    std::string_view id) {
  return RunWithRetry<std::optional<ConnectorState>>(
      *pool_, "get connector",
      [&](MysqlConnection& conn)
          -> absl::StatusOr<std::optional<ConnectorState>> {
        return GetOn(conn, id);
      });
}

absl::StatusOr<ConnectorState> MysqlCheckpointStore::Commit(
    const CheckpointCommit& c) {
  return RunWithRetry<ConnectorState>(
      *pool_, "commit checkpoint",
      [&](MysqlConnection& conn) -> absl::StatusOr<ConnectorState> {
        sql::PreparedStatement& q = conn.Prepare(kCommit);
        q.setString(1, Str(c.position));
        q.setInt64(2, c.now_us);
        q.setInt64(3, c.counters.records_read);
        q.setInt64(4, c.counters.records_sent);
        q.setInt64(5, c.counters.records_acknowledged);
        q.setInt64(6, c.counters.records_rejected);
        q.setInt64(7, c.lag_ms);
        q.setString(8, Str(c.last_error));
        q.setString(9, Str(c.last_error));
        q.setString(10, Str(c.id));
        q.setInt64(11, c.expected_generation);
        const bool applied = q.executeUpdate() == 1;
        return CommitOutcome(c, applied, GetOn(conn, c.id));
      });
}

absl::StatusOr<std::vector<ConnectorState>> MysqlCheckpointStore::List(
    std::string_view after, int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  return RunWithRetry<std::vector<ConnectorState>>(
      *pool_, "list connectors",
      [&](MysqlConnection& conn)
          -> absl::StatusOr<std::vector<ConnectorState>> {
        sql::PreparedStatement& q = conn.Prepare(kList);
        q.setString(1, Str(after));
        q.setInt(2, limit);
        std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
        std::vector<ConnectorState> out;
        while (rs->next()) out.push_back(FromRow(*rs));
        return out;
      });
}

}  // namespace mdm
