#include "hub/store/sqlite_store.h"

#include <algorithm>
#include <limits>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "hub/common/status_macros.h"
#include "hub/store/change_encoding.h"
#include "hub/store/change_log.h"
#include "hub/store/record_codec.h"
#include "hub/store/sqlite_schema.h"

namespace mdm {
namespace {

// Statements, prepared once per connection (the address is the cache key).

constexpr char kBegin[] = "BEGIN IMMEDIATE";
constexpr char kCommit[] = "COMMIT";
constexpr char kRollback[] = "ROLLBACK";

constexpr char kUpsertRecord[] =
    "INSERT OR REPLACE INTO records"
    " (source, source_record_id, golden_id, updated_at_us, data)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr char kDeleteTombstone[] =
    "DELETE FROM tombstones WHERE source = ?1 AND source_record_id = ?2";
constexpr char kDeleteRecord[] =
    "DELETE FROM records WHERE source = ?1 AND source_record_id = ?2";
constexpr char kUpsertTombstone[] =
    "INSERT OR REPLACE INTO tombstones"
    " (source, source_record_id, golden_id, deleted_at_us)"
    " VALUES (?1, ?2, ?3, ?4)";
// An update in place, not REPLACE: REPLACE deletes the row and inserts it
// under a new rowid, dirtying the primary-key index page too; most entity
// writes update an existing entity somewhere in the middle of the table.
constexpr char kUpsertEntity[] =
    "INSERT INTO entities (golden_id, deleted, version, data)"
    " VALUES (?1, 0, ?2, ?3)"
    " ON CONFLICT (golden_id) DO UPDATE"
    " SET deleted = 0, version = excluded.version, data = excluded.data";
// An id deleted without ever being stored still gets a row, so that
// IsEntityDeleted() remembers it.
constexpr char kDeleteEntity[] =
    "INSERT INTO entities (golden_id, deleted, version, data)"
    " VALUES (?1, 1, 0, '{}')"
    " ON CONFLICT (golden_id) DO UPDATE SET deleted = 1";
constexpr char kUpsertRedirect[] =
    "INSERT OR REPLACE INTO redirects (from_id, to_id) VALUES (?1, ?2)";
constexpr char kSetNextSeq[] =
    "INSERT OR REPLACE INTO meta (key, value) VALUES ('next_entity_seq', ?1)";
constexpr char kGetGuard[] = "SELECT version FROM guards WHERE id = ?1";
constexpr char kSetGuard[] =
    "INSERT OR REPLACE INTO guards (id, version) VALUES (?1, ?2)";
constexpr char kListGuards[] =
    "SELECT id, version FROM guards WHERE id > ?1 ORDER BY id LIMIT ?2";
constexpr char kDeletePostings[] =
    "DELETE FROM block_postings WHERE source = ?1 AND source_record_id = ?2";
constexpr char kInsertPosting[] =
    "INSERT OR IGNORE INTO block_postings (block_hash, source, "
    "source_record_id) VALUES (?1, ?2, ?3)";
constexpr char kListPostings[] =
    "SELECT source, source_record_id FROM block_postings"
    " WHERE block_hash = ?1 ORDER BY source, source_record_id";

// Record queries share this column order (see RecordFromRow).
#define MDM_RECORD_COLUMNS                                                \
  "SELECT source, source_record_id, golden_id, updated_at_us, data FROM " \
  "records"
constexpr char kGetRecord[] =
    MDM_RECORD_COLUMNS " WHERE source = ?1 AND source_record_id = ?2";
constexpr char kListEntityRecords[] = MDM_RECORD_COLUMNS
    " WHERE golden_id = ?1 AND (source, source_record_id) > (?2, ?3)"
    " ORDER BY source, source_record_id LIMIT ?4";
constexpr char kListRecords[] = MDM_RECORD_COLUMNS
    " WHERE (source, source_record_id) > (?1, ?2)"
    " ORDER BY source, source_record_id LIMIT ?3";
#undef MDM_RECORD_COLUMNS

constexpr char kListXrefs[] =
    "SELECT source, source_record_id, golden_id FROM records"
    " WHERE (source, source_record_id) > (?1, ?2)"
    " ORDER BY source, source_record_id LIMIT ?3";
constexpr char kGetTombstone[] =
    "SELECT golden_id, deleted_at_us FROM tombstones"
    " WHERE source = ?1 AND source_record_id = ?2";
constexpr char kGetEntity[] =
    "SELECT deleted, version, data FROM entities WHERE golden_id = ?1";
constexpr char kGetNextSeq[] =
    "SELECT value FROM meta WHERE key = 'next_entity_seq'";
constexpr char kStats[] =
    "SELECT (SELECT count(*) FROM records),"
    " (SELECT count(*) FROM entities WHERE deleted = 0),"
    " (SELECT count(*) FROM review_tasks)";
constexpr char kDeleteReviews[] =
    "DELETE FROM review_tasks WHERE source = ?1 AND source_record_id = ?2";
constexpr char kInsertReview[] =
    "INSERT OR REPLACE INTO review_tasks"
    " (source, source_record_id, golden_id, score, created_at_us)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
// ?1 = 0: from the start; otherwise after the task (?2, ?3, ?4, ?5) in
// (score descending, key, candidate) order.
constexpr char kListReviews[] =
    "SELECT source, source_record_id, golden_id, score, created_at_us"
    " FROM review_tasks WHERE ?1 = 0 OR score < ?2 OR (score = ?2 AND"
    " (source, source_record_id, golden_id) > (?3, ?4, ?5))"
    " ORDER BY score DESC, source, source_record_id, golden_id LIMIT ?6";

// Golden history, change feed, conflicts, settings (schema step 5).
constexpr char kInsertHistory[] =
    "INSERT OR REPLACE INTO golden_history"
    " (golden_id, version, time_us, deleted, data) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr char kListHistory[] =
    "SELECT version, time_us, deleted, data FROM golden_history"
    " WHERE golden_id = ?1 AND (?2 = 0 OR version < ?2)"
    " ORDER BY version DESC LIMIT ?3";
constexpr char kHistoryAsOf[] =
    "SELECT version, time_us, deleted, data FROM golden_history"
    " WHERE golden_id = ?1 AND time_us <= ?2"
    " ORDER BY time_us DESC, version DESC LIMIT 1";
// The counter row stays locked (the writer's transaction) until COMMIT.
constexpr char kBumpEventSeq[] =
    "INSERT INTO meta (key, value) VALUES ('event_seq', ?1)"
    " ON CONFLICT (key) DO UPDATE SET value = value + ?1 RETURNING value";
constexpr char kInsertEvent[] =
    "INSERT INTO change_events (seq, golden_id, type, version, time_us, data)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr char kListEvents[] =
    "SELECT seq, golden_id, type, version, time_us, data FROM change_events"
    " WHERE seq > ?1 ORDER BY seq LIMIT ?2";
constexpr char kDeleteConflicts[] =
    "DELETE FROM golden_conflicts WHERE golden_id = ?1";
constexpr char kInsertConflict[] =
    "INSERT INTO golden_conflicts (golden_id, attribute, data)"
    " VALUES (?1, ?2, ?3)";
constexpr char kListConflicts[] =
    "SELECT golden_id, attribute, data FROM golden_conflicts"
    " WHERE (golden_id, attribute) > (?1, ?2)"
    " ORDER BY golden_id, attribute LIMIT ?3";
constexpr char kPutSetting[] =
    "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)";
constexpr char kGetSetting[] = "SELECT value FROM settings WHERE key = ?1";

// Longest redirect chain followed; a longer one can only be a cycle (merges
// repoint redirects to the survivor, so real chains stay short).
constexpr int kMaxRedirectHops = 64;
// One statement, hence one snapshot. Walks at most kMaxRedirectHops + 1 steps
// so a cycle ends and shows as a depth beyond the limit.
constexpr char kResolveRedirect[] =
    "WITH RECURSIVE chain (id, depth) AS ("
    "  SELECT ?1, 0"
    "  UNION ALL"
    "  SELECT redirects.to_id, chain.depth + 1 FROM redirects, chain"
    "  WHERE redirects.from_id = chain.id AND chain.depth <= ?2)"
    " SELECT id, depth FROM chain ORDER BY depth DESC LIMIT 1";

// Records read per lock acquisition in ForEachRecord.
constexpr int kForEachBatch = 1000;

// Columns: source, source_record_id, golden_id, updated_at_us, data.
absl::StatusOr<StoredRecord> RecordFromRow(const SqliteQuery& q) {
  StoredRecord r;
  r.record.key.source = q.Text(0);
  r.record.key.source_record_id = q.Text(1);
  r.golden_id = q.Text(2);
  r.record.updated_at_us = q.Int(3);
  RETURN_IF_ERROR(DecodeRecordData(q.Text(4), &r));
  return r;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(
    const std::string& path) {
  return OpenWithSchema(path, SqliteSchemaSteps());
}

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::OpenWithSchema(
    const std::string& path, absl::Span<const char* const> schema_steps) {
  ASSIGN_OR_RETURN(auto writer,
                   SqliteConnection::Open(path, /*query_only=*/false));
  RETURN_IF_ERROR(MigrateSqliteSchema(*writer, schema_steps));
  ASSIGN_OR_RETURN(auto reader,
                   SqliteConnection::Open(path, /*query_only=*/true));
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(std::move(writer), std::move(reader)));
}

SqliteStore::SqliteStore(std::unique_ptr<SqliteConnection> writer,
                         std::unique_ptr<SqliteConnection> reader)
    : writer_(std::move(writer)), reader_(std::move(reader)) {}

void SqliteStore::TEST_FailNextApplyAfter(int n) {
  absl::MutexLock lock(&writer_mu_);
  test_fail_after_ = n;
}

absl::Status SqliteStore::Apply(absl::Span<const ChangeSet> changes,
                                absl::Span<const Guard> guards) {
  if (changes.empty() && guards.empty()) return absl::OkStatus();
  // Validation and encoding need no lock: concurrent callers do them in
  // parallel, and the write transaction stays as short as the SQL.
  ASSIGN_OR_RETURN(std::vector<EncodedChange> encoded, EncodeChanges(changes));
  ASSIGN_OR_RETURN(std::vector<Guard> sorted, SortGuards(guards));
  absl::MutexLock lock(&writer_mu_);
  return InTransaction([&] {
    RETURN_IF_ERROR(CheckAndBumpGuards(sorted));
    return ApplyAll(changes, encoded);
  });
}

absl::Status SqliteStore::InTransaction(
    const std::function<absl::Status()>& body) {
  RETURN_IF_ERROR(SqliteQuery(*writer_, kBegin).Run());
  absl::Status status = body();
  if (status.ok()) status = SqliteQuery(*writer_, kCommit).Run();
  // A failed COMMIT (e.g. busy) leaves the transaction open; some I/O errors
  // roll back on their own. Either way nothing of this Apply may remain.
  if (!status.ok() && sqlite3_get_autocommit(writer_->db()) == 0) {
    SqliteQuery(*writer_, kRollback).Run().IgnoreError();
  }
  return status;
}

absl::Status SqliteStore::CheckAndBumpGuards(absl::Span<const Guard> sorted) {
  size_t stale = 0;
  for (const Guard& g : sorted) {
    SqliteQuery q(*writer_, kGetGuard);
    q.Bind(GuardColumn(g.id));
    ASSIGN_OR_RETURN(bool row, q.Step());
    if ((row ? q.Int(0) : 0) != g.expected) ++stale;
  }
  if (stale > 0) return GuardConflict(stale, sorted.size());
  for (const Guard& g : sorted) {
    RETURN_IF_ERROR(SqliteQuery(*writer_, kSetGuard)
                        .Bind(GuardColumn(g.id))
                        .Bind(g.expected + 1)
                        .Run());
  }
  return absl::OkStatus();
}

absl::Status SqliteStore::ApplyAll(absl::Span<const ChangeSet> changes,
                                   absl::Span<const EncodedChange> encoded) {
  const int fail_after = std::exchange(test_fail_after_, -1);
  const int64_t now_us = absl::ToUnixMicros(absl::Now());
  EntityStates states;
  std::vector<ChangeEvent> events;
  for (size_t i = 0; i < changes.size(); ++i) {
    if (fail_after >= 0 && static_cast<size_t>(fail_after) == i) break;
    for (const std::string& id : EntitiesToLog(changes[i])) {
      if (states.contains(id)) continue;
      ASSIGN_OR_RETURN(states[id], ReadEntity(*writer_, id));
    }
    ChangeLog log = PlanChangeLog(changes[i], encoded[i], states, now_us);
    RETURN_IF_ERROR(ApplyOne(changes[i], encoded[i]));
    RETURN_IF_ERROR(WriteHistory(log.history));
    AdvanceStates(changes[i], states);
    std::move(log.events.begin(), log.events.end(), std::back_inserter(events));
  }
  if (fail_after >= 0) {
    return absl::InternalError("TEST_FailNextApplyAfter: injected failure");
  }
  return WriteEvents(events);
}

absl::Status SqliteStore::WriteHistory(absl::Span<const HistoryRow> rows) {
  for (const HistoryRow& h : rows) {
    RETURN_IF_ERROR(SqliteQuery(*writer_, kInsertHistory)
                        .Bind(h.golden_id)
                        .Bind(h.version)
                        .Bind(h.time_us)
                        .Bind(int64_t{h.deleted ? 1 : 0})
                        .Bind(h.data)
                        .Run());
  }
  return absl::OkStatus();
}

absl::Status SqliteStore::WriteEvents(absl::Span<const ChangeEvent> events) {
  if (events.empty()) return absl::OkStatus();
  const auto n = static_cast<int64_t>(events.size());
  SqliteQuery bump(*writer_, kBumpEventSeq);
  bump.Bind(n);
  ASSIGN_OR_RETURN(bool row, bump.Step());
  if (!row) return absl::InternalError("event_seq: no row returned");
  const int64_t first = bump.Int(0) - n + 1;
  for (int64_t i = 0; i < n; ++i) {
    const ChangeEvent& e = events[i];
    RETURN_IF_ERROR(SqliteQuery(*writer_, kInsertEvent)
                        .Bind(first + i)
                        .Bind(e.golden_id)
                        .Bind(std::string_view(EventTypeName(e.type)))
                        .Bind(e.version)
                        .Bind(e.time_us)
                        .Bind(EncodeEventData(e))
                        .Run());
  }
  return absl::OkStatus();
}

absl::Status SqliteStore::ReplaceConflicts(const GoldenRecord* g,
                                           std::string_view golden_id) {
  RETURN_IF_ERROR(
      SqliteQuery(*writer_, kDeleteConflicts).Bind(golden_id).Run());
  if (g == nullptr) return absl::OkStatus();
  for (const AttributeConflict& c : g->conflicts) {
    RETURN_IF_ERROR(SqliteQuery(*writer_, kInsertConflict)
                        .Bind(golden_id)
                        .Bind(c.attribute)
                        .Bind(EncodeConflict(c))
                        .Run());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<GoldenRecord>> SqliteStore::ReadEntity(
    SqliteConnection& db, std::string_view golden_id) {
  SqliteQuery q(db, kGetEntity);
  q.Bind(golden_id);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row || q.Int(0) != 0) return std::nullopt;
  GoldenRecord g;
  g.golden_id = golden_id;
  g.version = q.Int(1);
  RETURN_IF_ERROR(DecodeEntityData(q.Text(2), &g));
  return g;
}

absl::Status SqliteStore::ApplyOne(const ChangeSet& change,
                                   const EncodedChange& encoded) {
  SqliteConnection& db = *writer_;
  for (size_t i = 0; i < change.upsert_records.size(); ++i) {
    const StoredRecord& r = change.upsert_records[i];
    const RecordKey& key = r.record.key;
    RETURN_IF_ERROR(SqliteQuery(db, kUpsertRecord)
                        .Bind(key.source)
                        .Bind(key.source_record_id)
                        .Bind(r.golden_id)
                        .Bind(r.record.updated_at_us)
                        .Bind(encoded.records[i])
                        .Run());
    RETURN_IF_ERROR(SqliteQuery(db, kDeleteTombstone)
                        .Bind(key.source)
                        .Bind(key.source_record_id)
                        .Run());
    if (!change.record_blocks.empty()) {
      RETURN_IF_ERROR(ReplacePostings(key, change.record_blocks[i]));
    }
  }
  for (const RecordTombstone& t : change.delete_records) {
    RETURN_IF_ERROR(SqliteQuery(db, kDeleteRecord)
                        .Bind(t.key.source)
                        .Bind(t.key.source_record_id)
                        .Run());
    RETURN_IF_ERROR(SqliteQuery(db, kUpsertTombstone)
                        .Bind(t.key.source)
                        .Bind(t.key.source_record_id)
                        .Bind(t.golden_id)
                        .Bind(t.deleted_at_us)
                        .Run());
    RETURN_IF_ERROR(ReplacePostings(t.key, {}));
    RETURN_IF_ERROR(SqliteQuery(db, kDeleteReviews)
                        .Bind(t.key.source)
                        .Bind(t.key.source_record_id)
                        .Run());
  }
  for (const RecordKey& k : change.reviewed_records) {
    RETURN_IF_ERROR(SqliteQuery(db, kDeleteReviews)
                        .Bind(k.source)
                        .Bind(k.source_record_id)
                        .Run());
  }
  for (const ReviewTask& t : change.review_tasks) {
    RETURN_IF_ERROR(SqliteQuery(db, kInsertReview)
                        .Bind(t.record.source)
                        .Bind(t.record.source_record_id)
                        .Bind(t.candidate_golden_id)
                        .BindDouble(t.score)
                        .Bind(t.created_at_us)
                        .Run());
  }
  for (size_t i = 0; i < change.upsert_entities.size(); ++i) {
    const GoldenRecord& g = change.upsert_entities[i];
    RETURN_IF_ERROR(SqliteQuery(db, kUpsertEntity)
                        .Bind(g.golden_id)
                        .Bind(g.version)
                        .Bind(encoded.entities[i])
                        .Run());
    RETURN_IF_ERROR(ReplaceConflicts(&g, g.golden_id));
  }
  for (const std::string& id : change.delete_entities) {
    RETURN_IF_ERROR(SqliteQuery(db, kDeleteEntity).Bind(id).Run());
    RETURN_IF_ERROR(ReplaceConflicts(nullptr, id));
  }
  for (const auto& [key, value] : change.settings) {
    RETURN_IF_ERROR(SqliteQuery(db, kPutSetting).Bind(key).Bind(value).Run());
  }
  for (const auto& [from, to] : change.redirects) {
    RETURN_IF_ERROR(SqliteQuery(db, kUpsertRedirect).Bind(from).Bind(to).Run());
  }
  return ApplySteward(change.steward);
}

absl::Status SqliteStore::ReplacePostings(const RecordKey& key,
                                          absl::Span<const uint64_t> blocks) {
  RETURN_IF_ERROR(SqliteQuery(*writer_, kDeletePostings)
                      .Bind(key.source)
                      .Bind(key.source_record_id)
                      .Run());
  for (uint64_t b : blocks) {
    RETURN_IF_ERROR(SqliteQuery(*writer_, kInsertPosting)
                        .Bind(GuardColumn(b))
                        .Bind(key.source)
                        .Bind(key.source_record_id)
                        .Run());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<StoredRecord>> SqliteStore::GetRecord(
    const RecordKey& key) {
  absl::MutexLock lock(&reader_mu_);
  SqliteQuery q(*reader_, kGetRecord);
  q.Bind(key.source).Bind(key.source_record_id);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::nullopt;
  return RecordFromRow(q);
}

absl::StatusOr<std::optional<RecordTombstone>> SqliteStore::GetTombstone(
    const RecordKey& key) {
  absl::MutexLock lock(&reader_mu_);
  SqliteQuery q(*reader_, kGetTombstone);
  q.Bind(key.source).Bind(key.source_record_id);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::nullopt;
  return RecordTombstone{.key = key,
                         .golden_id = std::string(q.Text(0)),
                         .deleted_at_us = q.Int(1)};
}

absl::StatusOr<std::optional<GoldenRecord>> SqliteStore::GetEntity(
    std::string_view golden_id) {
  absl::MutexLock lock(&reader_mu_);
  return ReadEntity(*reader_, golden_id);
}

absl::StatusOr<std::vector<GoldenRecord>> SqliteStore::ListEntityHistory(
    std::string_view golden_id, int64_t before_version, int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  absl::MutexLock lock(&reader_mu_);
  SqliteQuery q(*reader_, kListHistory);
  q.Bind(golden_id).Bind(before_version).Bind(int64_t{limit});
  std::vector<GoldenRecord> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return out;
    ASSIGN_OR_RETURN(GoldenRecord g,
                     HistoryVersion(golden_id, q.Int(0), q.Int(1),
                                    q.Int(2) != 0, q.Text(3)));
    out.push_back(std::move(g));
  }
}

absl::StatusOr<std::optional<GoldenRecord>> SqliteStore::GetEntityAsOf(
    std::string_view golden_id, int64_t as_of_us) {
  absl::MutexLock lock(&reader_mu_);
  SqliteQuery q(*reader_, kHistoryAsOf);
  q.Bind(golden_id).Bind(as_of_us);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row || q.Int(2) != 0) return std::nullopt;
  return HistoryVersion(golden_id, q.Int(0), q.Int(1), false, q.Text(3));
}

absl::StatusOr<std::vector<ChangeEvent>> SqliteStore::ListChangeEvents(
    int64_t after, int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  absl::MutexLock lock(&reader_mu_);
  SqliteQuery q(*reader_, kListEvents);
  q.Bind(after).Bind(int64_t{limit});
  std::vector<ChangeEvent> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return out;
    ASSIGN_OR_RETURN(ChangeEvent e,
                     EventFromColumns(q.Int(0), q.Text(1), q.Text(2), q.Int(3),
                                      q.Int(4), q.Text(5)));
    out.push_back(std::move(e));
  }
}

absl::StatusOr<std::vector<EntityConflict>> SqliteStore::ListConflicts(
    const EntityConflict& after, int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  absl::MutexLock lock(&reader_mu_);
  SqliteQuery q(*reader_, kListConflicts);
  q.Bind(after.golden_id).Bind(after.conflict.attribute).Bind(int64_t{limit});
  std::vector<EntityConflict> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return out;
    ASSIGN_OR_RETURN(EntityConflict c,
                     ConflictFromColumns(q.Text(0), q.Text(1), q.Text(2)));
    out.push_back(std::move(c));
  }
}

absl::StatusOr<std::optional<std::string>> SqliteStore::GetSetting(
    std::string_view key) {
  absl::MutexLock lock(&reader_mu_);
  SqliteQuery q(*reader_, kGetSetting);
  q.Bind(key);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::nullopt;
  return std::string(q.Text(0));
}

absl::StatusOr<std::optional<std::string>> SqliteStore::ResolveRedirect(
    std::string_view golden_id) {
  absl::MutexLock lock(&reader_mu_);
  SqliteQuery q(*reader_, kResolveRedirect);
  q.Bind(golden_id).Bind(int64_t{kMaxRedirectHops});
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return absl::InternalError("redirect query returned no row");
  const int64_t depth = q.Int(1);
  if (depth > kMaxRedirectHops) {
    return absl::InternalError(
        absl::StrCat("redirect cycle (or chain longer than ", kMaxRedirectHops,
                     " hops) from ", std::string(golden_id)));
  }
  if (depth == 0) return std::nullopt;
  return std::string(q.Text(0));
}

absl::StatusOr<bool> SqliteStore::IsEntityDeleted(std::string_view golden_id) {
  absl::MutexLock lock(&reader_mu_);
  SqliteQuery q(*reader_, kGetEntity);
  q.Bind(golden_id);
  ASSIGN_OR_RETURN(bool row, q.Step());
  return row && q.Int(0) != 0;
}

absl::StatusOr<std::vector<StoredRecord>> SqliteStore::ListEntityRecords(
    std::string_view golden_id, const RecordKey& after, int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  absl::MutexLock lock(&reader_mu_);
  SqliteQuery q(*reader_, kListEntityRecords);
  q.Bind(golden_id)
      .Bind(after.source)
      .Bind(after.source_record_id)
      .Bind(int64_t{limit});
  std::vector<StoredRecord> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    ASSIGN_OR_RETURN(StoredRecord r, RecordFromRow(q));
    out.push_back(std::move(r));
  }
  return out;
}

absl::StatusOr<std::vector<Xref>> SqliteStore::ListXrefs(const RecordKey& after,
                                                         int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  absl::MutexLock lock(&reader_mu_);
  SqliteQuery q(*reader_, kListXrefs);
  q.Bind(after.source).Bind(after.source_record_id).Bind(int64_t{limit});
  std::vector<Xref> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(
        Xref{.record = {std::string(q.Text(0)), std::string(q.Text(1))},
             .golden_id = std::string(q.Text(2))});
  }
  return out;
}

absl::Status SqliteStore::ForEachRecord(
    const std::function<absl::Status(const StoredRecord&)>& fn) {
  RecordKey after;
  std::vector<StoredRecord> batch;
  do {
    batch.clear();
    {
      absl::MutexLock lock(&reader_mu_);
      SqliteQuery q(*reader_, kListRecords);
      q.Bind(after.source)
          .Bind(after.source_record_id)
          .Bind(int64_t{kForEachBatch});
      while (true) {
        ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) break;
        ASSIGN_OR_RETURN(StoredRecord r, RecordFromRow(q));
        batch.push_back(std::move(r));
      }
    }
    for (const StoredRecord& r : batch) RETURN_IF_ERROR(fn(r));
    if (!batch.empty()) after = batch.back().record.key;
  } while (batch.size() == kForEachBatch);
  return absl::OkStatus();
}

absl::StatusOr<int64_t> SqliteStore::ReserveEntityIds(int64_t count) {
  if (count < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("reserve at least one id, not ", count));
  }
  absl::MutexLock lock(&writer_mu_);
  int64_t first = 1;
  RETURN_IF_ERROR(InTransaction([&]() -> absl::Status {
    SqliteQuery q(*writer_, kGetNextSeq);
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (row) first = std::max<int64_t>(q.Int(0), 1);
    return SqliteQuery(*writer_, kSetNextSeq).Bind(first + count).Run();
  }));
  return first;
}

absl::StatusOr<std::vector<int64_t>> SqliteStore::GetGuardVersions(
    absl::Span<const uint64_t> ids) {
  absl::MutexLock lock(&reader_mu_);
  // One read transaction: the versions are one snapshot.
  RETURN_IF_ERROR(SqliteQuery(*reader_, "BEGIN").Run());
  std::vector<int64_t> out;
  out.reserve(ids.size());
  absl::Status status;
  for (uint64_t id : ids) {
    SqliteQuery q(*reader_, kGetGuard);
    q.Bind(GuardColumn(id));
    absl::StatusOr<bool> row = q.Step();
    if (!row.ok()) {
      status = row.status();
      break;
    }
    out.push_back(*row ? q.Int(0) : 0);
  }
  SqliteQuery(*reader_, "COMMIT").Run().IgnoreError();
  RETURN_IF_ERROR(status);
  return out;
}

absl::Status SqliteStore::ForEachGuard(
    const std::function<absl::Status(uint64_t, int64_t)>& fn) {
  int64_t after = std::numeric_limits<int64_t>::min();
  std::vector<std::pair<int64_t, int64_t>> batch;
  do {
    batch.clear();
    {
      absl::MutexLock lock(&reader_mu_);
      SqliteQuery q(*reader_, kListGuards);
      q.Bind(after).Bind(int64_t{kForEachBatch});
      while (true) {
        ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) break;
        batch.emplace_back(q.Int(0), q.Int(1));
      }
    }
    for (const auto& [id, version] : batch) {
      RETURN_IF_ERROR(fn(GuardFromColumn(id), version));
    }
    if (!batch.empty()) after = batch.back().first;
  } while (batch.size() == kForEachBatch);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<RecordKey>> SqliteStore::ListBlockPostings(
    absl::Span<const uint64_t> block_hashes) {
  std::set<RecordKey> keys;
  absl::MutexLock lock(&reader_mu_);
  for (uint64_t hash : block_hashes) {
    SqliteQuery q(*reader_, kListPostings);
    q.Bind(GuardColumn(hash));
    while (true) {
      ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      keys.insert({std::string(q.Text(0)), std::string(q.Text(1))});
    }
  }
  return std::vector<RecordKey>(keys.begin(), keys.end());
}

absl::StatusOr<std::vector<std::optional<StoredRecord>>>
SqliteStore::GetRecords(absl::Span<const RecordKey> keys) {
  // An embedded database has no round trips to save: one lookup each.
  std::vector<std::optional<StoredRecord>> out;
  out.reserve(keys.size());
  for (const RecordKey& k : keys) {
    ASSIGN_OR_RETURN(std::optional<StoredRecord> r, GetRecord(k));
    out.push_back(std::move(r));
  }
  return out;
}

absl::StatusOr<Store::Stats> SqliteStore::GetStats() {
  absl::MutexLock lock(&reader_mu_);
  SqliteQuery q(*reader_, kStats);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return absl::InternalError("stats query returned no row");
  return Stats{
      .records = q.Int(0), .entities = q.Int(1), .review_tasks = q.Int(2)};
}

absl::StatusOr<std::vector<ReviewTask>> SqliteStore::ListReviewTasks(
    const std::optional<ReviewTask>& after, int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  const ReviewTask from = after.value_or(ReviewTask{});
  absl::MutexLock lock(&reader_mu_);
  SqliteQuery q(*reader_, kListReviews);
  q.Bind(int64_t{after.has_value()})
      .BindDouble(from.score)
      .Bind(from.record.source)
      .Bind(from.record.source_record_id)
      .Bind(from.candidate_golden_id)
      .Bind(int64_t{limit});
  std::vector<ReviewTask> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back({.record = {std::string(q.Text(0)), std::string(q.Text(1))},
                   .candidate_golden_id = std::string(q.Text(2)),
                   .score = q.Double(3),
                   .created_at_us = q.Int(4)});
  }
  return out;
}

}  // namespace mdm
