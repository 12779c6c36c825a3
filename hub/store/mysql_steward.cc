// MysqlStore's stewardship tables: link constraints, dead registry,
// quarantine and steward request answers (see Store, ChangeSet::steward).

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include "hub/common/status_macros.h"
#include "hub/store/change_encoding.h"
#include "hub/store/mysql_retry.h"
#include "hub/store/mysql_store.h"
#include "hub/store/record_codec.h"

namespace mdm {
namespace {

constexpr char kPutConstraint[] =
    "REPLACE INTO link_constraints (a_source, a_record_id, b_source, "
    "b_record_id, kind, author, reason, created_at_us) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kPutDead[] =
    "REPLACE INTO dead_entities (golden_id, reason, note, author, "
    "marked_at_us) VALUES (?, ?, ?, ?, ?)";
constexpr char kRevive[] = "DELETE FROM dead_entities WHERE golden_id = ?";
constexpr char kPutQuarantine[] =
    "REPLACE INTO quarantine (source, source_record_id, golden_id, reason, "
    "quarantined_at_us, data) VALUES (?, ?, ?, ?, ?, ?)";
constexpr char kPutRequest[] =
    "INSERT INTO steward_requests (request_id, body_hash, result, "
    "created_at_us) VALUES (?, ?, ?, ?)";
constexpr char kListConstraints[] =
    "SELECT a_source, a_record_id, b_source, b_record_id, kind, author, "
    "reason, created_at_us FROM link_constraints";
constexpr char kListDead[] =
    "SELECT golden_id, reason, note, author, marked_at_us FROM dead_entities "
    "ORDER BY golden_id";
constexpr char kGetRequest[] =
    "SELECT body_hash, result, created_at_us FROM steward_requests "
    "WHERE request_id = ?";
constexpr char kListQuarantine[] =
    "SELECT source, source_record_id, data, golden_id, reason, "
    "quarantined_at_us FROM quarantine "
    "WHERE source > ? OR (source = ? AND source_record_id > ?) "
    "ORDER BY source, source_record_id LIMIT ?";

sql::SQLString Str(std::string_view s) {
  return sql::SQLString(std::string(s));
}

std::string Text(const sql::ResultSet& rs, uint32_t column) {
  return rs.getString(column).asStdString();
}

}  // namespace

absl::Status MysqlStore::ApplySteward(MysqlConnection& conn,
                                      const StewardChanges& steward) {
  for (const LinkConstraint& c : steward.put_constraints) {
    sql::PreparedStatement& q = conn.Prepare(kPutConstraint);
    q.setString(1, Str(c.a.source));
    q.setString(2, Str(c.a.source_record_id));
    q.setString(3, Str(c.b.source));
    q.setString(4, Str(c.b.source_record_id));
    q.setInt(5, static_cast<int>(c.kind));
    q.setString(6, Str(c.author));
    q.setString(7, Str(c.reason));
    q.setInt64(8, c.created_at_us);
    q.executeUpdate();
  }
  for (const DeadMark& d : steward.put_dead) {
    sql::PreparedStatement& q = conn.Prepare(kPutDead);
    q.setString(1, Str(d.golden_id));
    q.setInt(2, static_cast<int>(d.reason));
    q.setString(3, Str(d.note));
    q.setString(4, Str(d.author));
    q.setInt64(5, d.marked_at_us);
    q.executeUpdate();
  }
  for (const std::string& id : steward.revive) {
    sql::PreparedStatement& q = conn.Prepare(kRevive);
    q.setString(1, Str(id));
    q.executeUpdate();
  }
  for (const QuarantinedRecord& r : steward.quarantine) {
    StoredRecord stored;
    stored.record = r.record;
    ASSIGN_OR_RETURN(std::string data, EncodeRecordData(stored));
    sql::PreparedStatement& q = conn.Prepare(kPutQuarantine);
    q.setString(1, Str(r.record.key.source));
    q.setString(2, Str(r.record.key.source_record_id));
    q.setString(3, Str(r.golden_id));
    q.setInt(4, static_cast<int>(r.reason));
    q.setInt64(5, r.quarantined_at_us);
    q.setString(6, Str(data));
    q.executeUpdate();
  }
  if (steward.request) {
    const StewardRequest& r = *steward.request;
    sql::PreparedStatement& q = conn.Prepare(kPutRequest);
    q.setString(1, Str(r.request_id));
    q.setInt64(2, static_cast<int64_t>(r.body_hash));
    q.setString(3, Str(r.result));
    q.setInt64(4, r.created_at_us);
    q.executeUpdate();
  }
  return absl::OkStatus();
}

absl::StatusOr<StewardState> MysqlStore::LoadStewardState() {
  return RunWithRetry<StewardState>(
      *pool_, "load steward state",
      [](MysqlConnection& conn) -> absl::StatusOr<StewardState> {
        StewardState state;
        std::unique_ptr<sql::ResultSet> rs(
            conn.Prepare(kListConstraints).executeQuery());
        while (rs->next()) {
          state.constraints.push_back(
              {.a = {Text(*rs, 1), Text(*rs, 2)},
               .b = {Text(*rs, 3), Text(*rs, 4)},
               .kind = static_cast<LinkKind>(rs->getInt(5)),
               .author = Text(*rs, 6),
               .reason = Text(*rs, 7),
               .created_at_us = rs->getInt64(8)});
        }
        rs.reset(conn.Prepare(kListDead).executeQuery());
        while (rs->next()) {
          state.dead.push_back(
              {.golden_id = Text(*rs, 1),
               .reason = static_cast<DeadReason>(rs->getInt(2)),
               .note = Text(*rs, 3),
               .author = Text(*rs, 4),
               .marked_at_us = rs->getInt64(5)});
        }
        return state;
      });
}

absl::StatusOr<std::optional<StewardRequest>> MysqlStore::GetStewardRequest(
    std::string_view request_id) {
  return RunWithRetry<std::optional<StewardRequest>>(
      *pool_, "get steward request",
      [&](MysqlConnection& conn)
          -> absl::StatusOr<std::optional<StewardRequest>> {
        sql::PreparedStatement& q = conn.Prepare(kGetRequest);
        q.setString(1, Str(request_id));
        std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
        if (!rs->next()) return std::nullopt;
        return StewardRequest{
            .request_id = std::string(request_id),
            .body_hash = static_cast<uint64_t>(rs->getInt64(1)),
            .result = Text(*rs, 2),
            .created_at_us = rs->getInt64(3)};
      });
}

absl::StatusOr<std::vector<QuarantinedRecord>> MysqlStore::ListQuarantine(
    const RecordKey& after, int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  return RunWithRetry<std::vector<QuarantinedRecord>>(
      *pool_, "list quarantine",
      [&](MysqlConnection& conn)
          -> absl::StatusOr<std::vector<QuarantinedRecord>> {
        sql::PreparedStatement& q = conn.Prepare(kListQuarantine);
        q.setString(1, Str(after.source));
        q.setString(2, Str(after.source));
        q.setString(3, Str(after.source_record_id));
        q.setInt(4, limit);
        std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
        std::vector<QuarantinedRecord> out;
        while (rs->next()) {
          StoredRecord stored;
          stored.record.key = {Text(*rs, 1), Text(*rs, 2)};
          RETURN_IF_ERROR(DecodeRecordData(Text(*rs, 3), &stored));
          out.push_back({.record = std::move(stored.record),
                         .golden_id = Text(*rs, 4),
                         .reason = static_cast<DeadReason>(rs->getInt(5)),
                         .quarantined_at_us = rs->getInt64(6)});
        }
        return out;
      });
}

}  // namespace mdm
