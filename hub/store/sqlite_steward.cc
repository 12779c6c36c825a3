// SqliteStore's stewardship tables: link constraints, dead registry,
// quarantine and steward request answers (see Store, ChangeSet::steward).

#include "hub/common/status_macros.h"
#include "hub/store/record_codec.h"
#include "hub/store/sqlite_store.h"

namespace mdm {
namespace {

constexpr char kPutConstraint[] =
    "INSERT OR REPLACE INTO link_constraints (a_source, a_record_id, "
    "b_source, b_record_id, kind, author, reason, created_at_us) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr char kPutDead[] =
    "INSERT OR REPLACE INTO dead_entities (golden_id, reason, note, author, "
    "marked_at_us) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr char kRevive[] = "DELETE FROM dead_entities WHERE golden_id = ?1";
constexpr char kPutQuarantine[] =
    "INSERT OR REPLACE INTO quarantine (source, source_record_id, golden_id, "
    "reason, quarantined_at_us, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr char kPutRequest[] =
    "INSERT INTO steward_requests (request_id, body_hash, result, "
    "created_at_us) VALUES (?1, ?2, ?3, ?4)";
constexpr char kListConstraints[] =
    "SELECT a_source, a_record_id, b_source, b_record_id, kind, author, "
    "reason, created_at_us FROM link_constraints";
constexpr char kListDead[] =
    "SELECT golden_id, reason, note, author, marked_at_us FROM dead_entities "
    "ORDER BY golden_id";
constexpr char kGetRequest[] =
    "SELECT body_hash, result, created_at_us FROM steward_requests "
    "WHERE request_id = ?1";
constexpr char kListQuarantine[] =
    "SELECT source, source_record_id, data, golden_id, reason, "
    "quarantined_at_us FROM quarantine "
    "WHERE source > ?1 OR (source = ?1 AND source_record_id > ?2) "
    "ORDER BY source, source_record_id LIMIT ?3";

}  // namespace

absl::Status SqliteStore::ApplySteward(const StewardChanges& steward) {
  SqliteConnection& db = *writer_;
  for (const LinkConstraint& c : steward.put_constraints) {
    RETURN_IF_ERROR(SqliteQuery(db, kPutConstraint)
                        .Bind(c.a.source)
                        .Bind(c.a.source_record_id)
                        .Bind(c.b.source)
                        .Bind(c.b.source_record_id)
                        .Bind(static_cast<int64_t>(c.kind))
                        .Bind(c.author)
                        .Bind(c.reason)
                        .Bind(c.created_at_us)
                        .Run());
  }
  for (const DeadMark& d : steward.put_dead) {
    RETURN_IF_ERROR(SqliteQuery(db, kPutDead)
                        .Bind(d.golden_id)
                        .Bind(static_cast<int64_t>(d.reason))
                        .Bind(d.note)
                        .Bind(d.author)
                        .Bind(d.marked_at_us)
                        .Run());
  }
  for (const std::string& id : steward.revive) {
    RETURN_IF_ERROR(SqliteQuery(db, kRevive).Bind(id).Run());
  }
  for (const QuarantinedRecord& q : steward.quarantine) {
    StoredRecord stored;
    stored.record = q.record;
    ASSIGN_OR_RETURN(std::string data, EncodeRecordData(stored));
    RETURN_IF_ERROR(SqliteQuery(db, kPutQuarantine)
                        .Bind(q.record.key.source)
                        .Bind(q.record.key.source_record_id)
                        .Bind(q.golden_id)
                        .Bind(static_cast<int64_t>(q.reason))
                        .Bind(q.quarantined_at_us)
                        .Bind(data)
                        .Run());
  }
  if (steward.request) {
    const StewardRequest& r = *steward.request;
    RETURN_IF_ERROR(SqliteQuery(db, kPutRequest)
                        .Bind(r.request_id)
                        .Bind(static_cast<int64_t>(r.body_hash))
                        .Bind(r.result)
                        .Bind(r.created_at_us)
                        .Run());
  }
  return absl::OkStatus();
}

absl::StatusOr<StewardState> SqliteStore::LoadStewardState() {
  absl::MutexLock lock(&reader_mu_);
  StewardState state;
  {
    SqliteQuery q(*reader_, kListConstraints);
    while (true) {
      ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      state.constraints.push_back(
          {.a = {std::string(q.Text(0)), std::string(q.Text(1))},
           .b = {std::string(q.Text(2)), std::string(q.Text(3))},
           .kind = static_cast<LinkKind>(q.Int(4)),
           .author = std::string(q.Text(5)),
           .reason = std::string(q.Text(6)),
           .created_at_us = q.Int(7)});
    }
  }
  SqliteQuery q(*reader_, kListDead);
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    state.dead.push_back({.golden_id = std::string(q.Text(0)),
                          .reason = static_cast<DeadReason>(q.Int(1)),
                          .note = std::string(q.Text(2)),
                          .author = std::string(q.Text(3)),
                          .marked_at_us = q.Int(4)});
  }
  return state;
}

absl::StatusOr<std::optional<StewardRequest>> SqliteStore::GetStewardRequest(
    std::string_view request_id) {
  absl::MutexLock lock(&reader_mu_);
  SqliteQuery q(*reader_, kGetRequest);
  q.Bind(request_id);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::nullopt;
  return StewardRequest{.request_id = std::string(request_id),
                        .body_hash = static_cast<uint64_t>(q.Int(0)),
                        .result = std::string(q.Text(1)),
                        .created_at_us = q.Int(2)};
}

absl::StatusOr<std::vector<QuarantinedRecord>> SqliteStore::ListQuarantine(
    const RecordKey& after, int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  absl::MutexLock lock(&reader_mu_);
  SqliteQuery q(*reader_, kListQuarantine);
  q.Bind(after.source).Bind(after.source_record_id).Bind(int64_t{limit});
  std::vector<QuarantinedRecord> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    StoredRecord stored;
    stored.record.key = {std::string(q.Text(0)), std::string(q.Text(1))};
    RETURN_IF_ERROR(DecodeRecordData(q.Text(2), &stored));
    out.push_back({.record = std::move(stored.record),
                   .golden_id = std::string(q.Text(3)),
                   .reason = static_cast<DeadReason>(q.Int(4)),
                   .quarantined_at_us = q.Int(5)});
  }
  return out;
}

}  // namespace mdm
