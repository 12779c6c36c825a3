#include "hub/store/mysql_store.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <exception>
#include <limits>
#include <random>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "hub/common/status_macros.h"
#include "hub/store/change_encoding.h"
#include "hub/store/change_log.h"
#include "hub/store/mysql_schema.h"
#include "hub/store/record_codec.h"

namespace mdm {
namespace {

// Statements, prepared once per connection (the address is the cache key).
// Upserts are INSERT ... ON DUPLICATE KEY UPDATE, an update in place; REPLACE
// would delete and re-insert the row (two index changes, more locks).

constexpr char kUpsertRecord[] =
    "INSERT INTO records"
    " (source, source_record_id, golden_id, updated_at_us, data)"
    " VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
    " golden_id = VALUES(golden_id), updated_at_us = VALUES(updated_at_us),"
    " data = VALUES(data)";
constexpr char kDeleteTombstone[] =
    "DELETE FROM tombstones WHERE source = ? AND source_record_id = ?";
constexpr char kDeleteRecord[] =
    "DELETE FROM records WHERE source = ? AND source_record_id = ?";
constexpr char kUpsertTombstone[] =
    "INSERT INTO tombstones"
    " (source, source_record_id, golden_id, deleted_at_us)"
    " VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
    " golden_id = VALUES(golden_id), deleted_at_us = VALUES(deleted_at_us)";
constexpr char kUpsertEntity[] =
    "INSERT INTO entities (golden_id, deleted, version, data)"
    " VALUES (?, 0, ?, ?) ON DUPLICATE KEY UPDATE"
    " deleted = 0, version = VALUES(version), data = VALUES(data)";
// An id deleted without ever being stored still gets a row, so that
// IsEntityDeleted() remembers it.
constexpr char kDeleteEntity[] =
    "INSERT INTO entities (golden_id, deleted, version, data)"
    " VALUES (?, 1, 0, '{}') ON DUPLICATE KEY UPDATE deleted = 1";
constexpr char kUpsertRedirect[] =
    "INSERT INTO redirects (from_id, to_id) VALUES (?, ?)"
    " ON DUPLICATE KEY UPDATE to_id = VALUES(to_id)";
constexpr char kSetNextSeq[] =
    "INSERT INTO meta (`key`, value) VALUES ('next_entity_seq', ?)"
    " ON DUPLICATE KEY UPDATE value = VALUES(value)";

constexpr char kDeletePostings[] =
    "DELETE FROM block_postings WHERE source = ? AND source_record_id = ?";
// The counter row must exist before it is locked: under READ COMMITTED,
// locking a missing row locks nothing, and two first reservations would both
// start at 1.
constexpr char kEnsureSeq[] =
    "INSERT IGNORE INTO meta (`key`, value) VALUES ('next_entity_seq', 1)";
constexpr char kGetSeqForUpdate[] =
    "SELECT value FROM meta WHERE `key` = 'next_entity_seq' FOR UPDATE";
constexpr char kListGuards[] =
    "SELECT id, version FROM guards WHERE id > ? ORDER BY id LIMIT ?";

// A statement with a repeated part ("VALUES (?,?,?),(?,?,?)…"), prepared for
// 1..max repetitions. Each text is built once, so its pointer can key the
// connection's prepared-statement cache.
class RepeatedStatement {
 public:
  RepeatedStatement(const std::string& head, const std::string& unit,
                    const std::string& separator, size_t max) {
    std::string q = head;
    for (size_t n = 1; n <= max; ++n) {
      absl::StrAppend(&q, n > 1 ? separator : "", unit);
      texts_.push_back(q);
    }
  }
  size_t max() const { return texts_.size(); }
  // The statement for `n` repetitions, 1 <= n <= max().
  const char* For(size_t n) const { return texts_[n - 1].c_str(); }

 private:
  std::vector<std::string> texts_;
};

// Postings inserted per statement: one round trip for a typical record's
// keys.
const RepeatedStatement& InsertPostings() {
  static const RepeatedStatement* s = new RepeatedStatement(
      "INSERT IGNORE INTO block_postings (block_hash, source, "
      "source_record_id) VALUES ",
      "(?,?,?)", ",", 16);
  return *s;
}

// Records looked up per statement by GetRecords.
const RepeatedStatement& GetRecordsByKey() {
  static const RepeatedStatement* s = new RepeatedStatement(
      "SELECT source, source_record_id, golden_id, updated_at_us, data"
      " FROM records WHERE ",
      "(source = ? AND source_record_id = ?)", " OR ", 32);
  return *s;
}

// "id1,id2,…" for an IN list: guard ids and block hashes are numbers, never
// text from outside, so they are written into the statement.
std::string IdList(absl::Span<const uint64_t> ids) {
  std::string list;
  for (uint64_t id : ids) {
    absl::StrAppend(&list, list.empty() ? "" : ",", GuardColumn(id));
  }
  return list;
}

// Current versions of the guards that exist among `ids`. Throws
// sql::SQLException.
absl::flat_hash_map<uint64_t, int64_t> ReadGuards(
    MysqlConnection& conn, absl::Span<const uint64_t> ids) {
  std::unique_ptr<sql::ResultSet> rs = conn.Query(absl::StrCat(
      "SELECT id, version FROM guards WHERE id IN (", IdList(ids), ")"));
  absl::flat_hash_map<uint64_t, int64_t> out;
  while (rs->next()) out[GuardFromColumn(rs->getInt64(1))] = rs->getInt64(2);
  return out;
}

// "Key greater than (?, ?)" spelled out rather than as a row comparison, which
// not every MySQL-family optimizer turns into an index range.
#define MDM_AFTER_KEY " (source > ? OR (source = ? AND source_record_id > ?))"
// Record queries share this column order (see RecordFromRow).
#define MDM_RECORD_COLUMNS                                                \
  "SELECT source, source_record_id, golden_id, updated_at_us, data FROM " \
  "records"
constexpr char kGetRecord[] =
    MDM_RECORD_COLUMNS " WHERE source = ? AND source_record_id = ?";
constexpr char kListEntityRecords[] =
    MDM_RECORD_COLUMNS " WHERE golden_id = ? AND" MDM_AFTER_KEY
                       " ORDER BY source, source_record_id LIMIT ?";
constexpr char kListRecords[] = MDM_RECORD_COLUMNS
    " WHERE" MDM_AFTER_KEY " ORDER BY source, source_record_id LIMIT ?";
constexpr char kListXrefs[] =
    "SELECT source, source_record_id, golden_id FROM records "
    "WHERE" MDM_AFTER_KEY " ORDER BY source, source_record_id LIMIT ?";
#undef MDM_RECORD_COLUMNS
#undef MDM_AFTER_KEY

constexpr char kGetTombstone[] =
    "SELECT golden_id, deleted_at_us FROM tombstones"
    " WHERE source = ? AND source_record_id = ?";
constexpr char kGetEntity[] =
    "SELECT deleted, version, data FROM entities WHERE golden_id = ?";
// Golden history, change feed, conflicts, settings (schema step 5).
constexpr char kInsertHistory[] =
    "REPLACE INTO golden_history (golden_id, version, time_us, deleted, data)"
    " VALUES (?, ?, ?, ?, ?)";
constexpr char kListHistory[] =
    "SELECT version, time_us, deleted, data FROM golden_history"
    " WHERE golden_id = ? AND (? = 0 OR version < ?)"
    " ORDER BY version DESC LIMIT ?";
constexpr char kHistoryAsOf[] =
    "SELECT version, time_us, deleted, data FROM golden_history"
    " WHERE golden_id = ? AND time_us <= ?"
    " ORDER BY time_us DESC, version DESC LIMIT 1";
// Taken last in the transaction: its row lock is held to COMMIT, so hubs
// commit events in sequence order and a follower never sees a gap fill in.
constexpr char kBumpEventSeq[] =
    "INSERT INTO meta (`key`, value) VALUES ('event_seq', ?)"
    " ON DUPLICATE KEY UPDATE value = value + VALUES(value)";
constexpr char kGetEventSeq[] =
    "SELECT value FROM meta WHERE `key` = 'event_seq'";
constexpr char kInsertEvent[] =
    "INSERT INTO change_events (seq, golden_id, type, version, time_us, data)"
    " VALUES (?, ?, ?, ?, ?, ?)";
constexpr char kListEvents[] =
    "SELECT seq, golden_id, type, version, time_us, data FROM change_events"
    " WHERE seq > ? ORDER BY seq LIMIT ?";
constexpr char kDeleteConflicts[] =
    "DELETE FROM golden_conflicts WHERE golden_id = ?";
constexpr char kInsertConflict[] =
    "INSERT INTO golden_conflicts (golden_id, attribute, data) VALUES (?, ?, "
    "?)";
constexpr char kListConflicts[] =
    "SELECT golden_id, attribute, data FROM golden_conflicts"
    " WHERE golden_id > ? OR (golden_id = ? AND attribute > ?)"
    " ORDER BY golden_id, attribute LIMIT ?";
constexpr char kPutSetting[] =
    "REPLACE INTO settings (`key`, value) VALUES (?, ?)";
constexpr char kGetSetting[] = "SELECT value FROM settings WHERE `key` = ?";

// One statement, hence one snapshot: records and entities agree.
constexpr char kStats[] =
    "SELECT (SELECT COUNT(*) FROM records),"
    " (SELECT COUNT(*) FROM entities WHERE deleted = 0),"
    " (SELECT COUNT(*) FROM review_tasks)";
constexpr char kDeleteReviews[] =
    "DELETE FROM review_tasks WHERE source = ? AND source_record_id = ?";
constexpr char kInsertReview[] =
    "INSERT INTO review_tasks"
    " (source, source_record_id, golden_id, score, created_at_us)"
    " VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE score = VALUES(score),"
    " created_at_us = VALUES(created_at_us)";
// The first parameter 0: from the start; otherwise after the task given in
// (score descending, key, candidate) order.
constexpr char kListReviews[] =
    "SELECT source, source_record_id, golden_id, score, created_at_us"
    " FROM review_tasks WHERE ? = 0 OR score < ? OR (score = ? AND"
    " (source > ? OR (source = ? AND (source_record_id > ? OR"
    " (source_record_id = ? AND golden_id > ?)))))"
    " ORDER BY score DESC, source, source_record_id, golden_id LIMIT ?";

// As in the SQLite store: a longer chain can only be a cycle.
constexpr int kMaxRedirectHops = 64;
// One statement, hence one snapshot. The anchor is the first hop, so the CTE's
// column type is the column's (a parameter would fix it to the argument's
// length); no row means no redirect. Depth counts hops; the walk stops one
// step past the limit so a cycle shows as a depth beyond it.
constexpr char kResolveRedirect[] =
    "WITH RECURSIVE chain (id, depth) AS ("
    "  SELECT to_id, 1 FROM redirects WHERE from_id = ?"
    "  UNION ALL"
    "  SELECT redirects.to_id, chain.depth + 1 FROM redirects"
    "  JOIN chain ON redirects.from_id = chain.id WHERE chain.depth <= ?)"
    " SELECT id, depth FROM chain ORDER BY depth DESC LIMIT 1";

constexpr int kForEachBatch = 1000;

// Statements of an Apply() transaction (text protocol; not preparable in
// every server version).
constexpr char kBegin[] = "START TRANSACTION";
constexpr char kCommit[] = "COMMIT";
constexpr char kRollback[] = "ROLLBACK";

sql::SQLString Str(std::string_view s) {
  return sql::SQLString(std::string(s));
}

std::string Text(const sql::ResultSet& rs, uint32_t column) {
  return rs.getString(column).asStdString();
}

// Columns: source, source_record_id, golden_id, updated_at_us, data.
absl::StatusOr<StoredRecord> RecordFromRow(const sql::ResultSet& rs) {
  StoredRecord r;
  r.record.key.source = Text(rs, 1);
  r.record.key.source_record_id = Text(rs, 2);
  r.golden_id = Text(rs, 3);
  r.record.updated_at_us = rs.getInt64(4);
  RETURN_IF_ERROR(DecodeRecordData(Text(rs, 5), &r));
  return r;
}

void BindAfter(sql::PreparedStatement& q, unsigned first,
               const RecordKey& after) {
  q.setString(first, Str(after.source));
  q.setString(first + 1, Str(after.source));
  q.setString(first + 2, Str(after.source_record_id));
}

// Delay before attempt `attempt` (2, 3, ...): base * 2^(attempt-2), capped,
// with +-50% jitter so two hubs that deadlocked do not collide again in step.
absl::Duration Backoff(absl::Duration base, int attempt) {
  thread_local std::minstd_rand rng(std::random_device{}());
  absl::Duration d = base * (int64_t{1} << std::min(attempt - 2, 10));
  d = std::min(d, absl::Seconds(1));
  std::uniform_real_distribution<double> jitter(0.5, 1.5);
  return d * jitter(rng);
}

}  // namespace

absl::StatusOr<std::unique_ptr<MysqlStore>> MysqlStore::Open(
    const MysqlOptions& options) {
  return OpenWithSchema(options, MysqlSchemaSteps());
}

absl::StatusOr<std::unique_ptr<MysqlStore>> MysqlStore::OpenWithSchema(
    const MysqlOptions& options, absl::Span<const char* const> schema_steps) {
  if (options.pool_size < 1 || options.max_apply_attempts < 1) {
    return absl::InvalidArgumentError(
        "mysql: pool_size and max_apply_attempts must be at least 1");
  }
  ASSIGN_OR_RETURN(
      std::unique_ptr<MysqlConnection> first,
      MysqlConnection::Connect(ForLongStatements(options), /*first=*/0,
                               /*create_database=*/true));
  RETURN_IF_ERROR(MigrateMysqlSchema(*first, schema_steps));
  auto pool = std::make_unique<MysqlPool>(options);
  pool->StartAt(first->server_index());
  return std::unique_ptr<MysqlStore>(new MysqlStore(std::move(pool)));
}

MysqlStore::MysqlStore(std::unique_ptr<MysqlPool> pool)
    : pool_(std::move(pool)) {}

MysqlStore::~MysqlStore() = default;

void MysqlStore::TEST_FailNextApplyAfter(int n) {
  absl::MutexLock lock(&apply_mu_);
  test_fail_after_ = n;
}

template <typename T, typename Fn>
absl::StatusOr<T> MysqlStore::Read(std::string_view what, Fn fn) {
  for (int attempt = 1;; ++attempt) {
    ASSIGN_OR_RETURN(MysqlPool::Lease conn, pool_->Acquire());
    try {
      return fn(*conn);
    } catch (const sql::SQLException& e) {
      if (IsConnectionLost(e.getErrorCode())) {
        conn->MarkBroken();
        pool_->DiscardIdle(*conn);
        // Reads change nothing: once more on a fresh connection.
        if (attempt == 1) continue;
      }
      return SqlErrorToStatus(e, what);
    } catch (const std::exception& e) {
      conn->MarkBroken();
      return absl::InternalError(
          absl::StrCat("mysql: ", std::string(what), ": ", e.what()));
    }
  }
}

absl::Status MysqlStore::Apply(absl::Span<const ChangeSet> changes,
                               absl::Span<const Guard> guards) {
  if (changes.empty() && guards.empty()) return absl::OkStatus();
  // Validation and encoding need no lock and no connection.
  ASSIGN_OR_RETURN(std::vector<EncodedChange> encoded, EncodeChanges(changes));
  ASSIGN_OR_RETURN(std::vector<Guard> sorted, SortGuards(guards));

  absl::MutexLock lock(&apply_mu_);
  const int fail_after = std::exchange(test_fail_after_, -1);
  const int max_attempts = pool_->options().max_apply_attempts;
  for (int attempt = 1;; ++attempt) {
    if (attempt > 1) {
      apply_retries_.fetch_add(1);
      absl::SleepFor(Backoff(pool_->options().retry_backoff, attempt));
    }
    // No server reachable right now (one restarting, a Galera view change):
    // the next attempt may find one.
    absl::StatusOr<MysqlPool::Lease> lease = pool_->Acquire();
    if (!lease.ok()) {
      if (absl::IsUnavailable(lease.status()) && attempt < max_attempts) {
        continue;
      }
      return lease.status();
    }
    MysqlPool::Lease conn = *std::move(lease);
    bool commit_sent = false;
    try {
      absl::Status status =
          ApplyOnce(*conn, changes, encoded, sorted, fail_after, &commit_sent);
      if (status.ok()) return status;
      conn->Exec(kRollback);
      return status;
    } catch (const sql::SQLException& e) {
      const int code = e.getErrorCode();
      if (IsConnectionLost(code)) {
        // The server rolls back a transaction whose connection is gone.
        conn->MarkBroken();
        pool_->DiscardIdle(*conn);
        if (commit_sent) {
          // Ambiguous: the server (or, on Galera, the cluster) may have
          // committed it. Not retried here: the hub rebuilds its index from
          // what the store holds and the client sends the batch again, which
          // is safe only because ingestion is idempotent (a record stored
          // with the same content is "unchanged", nothing is written twice).
          return absl::UnavailableError(absl::StrCat(
              "mysql: connection lost during COMMIT; the transaction may or "
              "may not have been applied: ",
              e.what(), " (error ", code, ")"));
        }
        // Nothing was committed: run it again on a fresh connection, which
        // fails over to another server if this one is gone.
        if (attempt < max_attempts) continue;
        return SqlErrorToStatus(
            e, absl::StrCat("apply (attempt ", attempt, ", reconnecting)"));
      }
      // A deadlock rolls the transaction back on the server; a lock wait
      // timeout only the statement. ROLLBACK either way, so the connection
      // goes back to the pool with no transaction open.
      try {
        conn->Exec(kRollback);
      } catch (const sql::SQLException&) {
        conn->MarkBroken();
      }
      if (IsRetryableTransactionError(code) && attempt < max_attempts) {
        continue;
      }
      return SqlErrorToStatus(
          e, attempt > 1 ? absl::StrCat("apply (attempt ", attempt, ")")
                         : std::string("apply"));
    } catch (const std::exception& e) {
      conn->MarkBroken();
      return absl::InternalError(absl::StrCat("mysql: apply: ", e.what()));
    }
  }
}

absl::Status MysqlStore::ApplyOnce(MysqlConnection& conn,
                                   absl::Span<const ChangeSet> changes,
                                   absl::Span<const EncodedChange> encoded,
                                   absl::Span<const Guard> guards,
                                   int fail_after, bool* commit_sent) {
  conn.Exec(kBegin);
  RETURN_IF_ERROR(CheckAndBumpGuards(conn, guards));
  const int64_t now_us = absl::ToUnixMicros(absl::Now());
  EntityStates states;
  std::vector<ChangeEvent> events;
  for (size_t c = 0; c < changes.size(); ++c) {
    if (fail_after >= 0 && static_cast<size_t>(fail_after) == c) break;
    const ChangeSet& change = changes[c];
    for (const std::string& id : EntitiesToLog(change)) {
      if (states.contains(id)) continue;
      ASSIGN_OR_RETURN(states[id], ReadEntity(conn, id));
    }
    ChangeLog log = PlanChangeLog(change, encoded[c], states, now_us);
    for (size_t i = 0; i < change.upsert_records.size(); ++i) {
      const StoredRecord& r = change.upsert_records[i];
      const RecordKey& key = r.record.key;
      sql::PreparedStatement& up = conn.Prepare(kUpsertRecord);
      up.setString(1, Str(key.source));
      up.setString(2, Str(key.source_record_id));
      up.setString(3, Str(r.golden_id));
      up.setInt64(4, r.record.updated_at_us);
      up.setString(5, Str(encoded[c].records[i]));
      up.executeUpdate();
      sql::PreparedStatement& del = conn.Prepare(kDeleteTombstone);
      del.setString(1, Str(key.source));
      del.setString(2, Str(key.source_record_id));
      del.executeUpdate();
      if (!change.record_blocks.empty()) {
        ReplacePostings(conn, key, change.record_blocks[i]);
      }
    }
    for (const RecordTombstone& t : change.delete_records) {
      sql::PreparedStatement& del = conn.Prepare(kDeleteRecord);
      del.setString(1, Str(t.key.source));
      del.setString(2, Str(t.key.source_record_id));
      del.executeUpdate();
      sql::PreparedStatement& tomb = conn.Prepare(kUpsertTombstone);
      tomb.setString(1, Str(t.key.source));
      tomb.setString(2, Str(t.key.source_record_id));
      tomb.setString(3, Str(t.golden_id));
      tomb.setInt64(4, t.deleted_at_us);
      tomb.executeUpdate();
      ReplacePostings(conn, t.key, {});
      DeleteReviews(conn, t.key);
    }
    for (const RecordKey& k : change.reviewed_records) DeleteReviews(conn, k);
    for (const ReviewTask& t : change.review_tasks) {
      sql::PreparedStatement& ins = conn.Prepare(kInsertReview);
      ins.setString(1, Str(t.record.source));
      ins.setString(2, Str(t.record.source_record_id));
      ins.setString(3, Str(t.candidate_golden_id));
      ins.setDouble(4, t.score);
      ins.setInt64(5, t.created_at_us);
      ins.executeUpdate();
    }
    for (size_t i = 0; i < change.upsert_entities.size(); ++i) {
      const GoldenRecord& g = change.upsert_entities[i];
      sql::PreparedStatement& up = conn.Prepare(kUpsertEntity);
      up.setString(1, Str(g.golden_id));
      up.setInt64(2, g.version);
      up.setString(3, Str(encoded[c].entities[i]));
      up.executeUpdate();
      ReplaceConflicts(conn, &g, g.golden_id);
    }
    for (const std::string& id : change.delete_entities) {
      sql::PreparedStatement& del = conn.Prepare(kDeleteEntity);
      del.setString(1, Str(id));
      del.executeUpdate();
      ReplaceConflicts(conn, nullptr, id);
    }
    for (const auto& [from, to] : change.redirects) {
      sql::PreparedStatement& up = conn.Prepare(kUpsertRedirect);
      up.setString(1, Str(from));
      up.setString(2, Str(to));
      up.executeUpdate();
    }
    RETURN_IF_ERROR(ApplySteward(conn, change.steward));
    for (const auto& [key, value] : change.settings) {
      sql::PreparedStatement& put = conn.Prepare(kPutSetting);
      put.setString(1, Str(key));
      put.setString(2, Str(value));
      put.executeUpdate();
    }
    for (const HistoryRow& h : log.history) {
      sql::PreparedStatement& ins = conn.Prepare(kInsertHistory);
      ins.setString(1, Str(h.golden_id));
      ins.setInt64(2, h.version);
      ins.setInt64(3, h.time_us);
      ins.setInt(4, h.deleted ? 1 : 0);
      ins.setString(5, Str(h.data));
      ins.executeUpdate();
    }
    AdvanceStates(change, states);
    std::move(log.events.begin(), log.events.end(), std::back_inserter(events));
  }
  if (fail_after >= 0) {
    return absl::InternalError("TEST_FailNextApplyAfter: injected failure");
  }
  WriteEvents(conn, events);
  *commit_sent = true;
  conn.Exec(kCommit);
  return absl::OkStatus();
}

void MysqlStore::WriteEvents(MysqlConnection& conn,
                             absl::Span<const ChangeEvent> events) {
  if (events.empty()) return;
  const auto n = static_cast<int64_t>(events.size());
  sql::PreparedStatement& bump = conn.Prepare(kBumpEventSeq);
  bump.setInt64(1, n);
  bump.executeUpdate();
  std::unique_ptr<sql::ResultSet> rs(conn.Prepare(kGetEventSeq).executeQuery());
  rs->next();
  const int64_t first = rs->getInt64(1) - n + 1;
  for (int64_t i = 0; i < n; ++i) {
    const ChangeEvent& e = events[i];
    sql::PreparedStatement& ins = conn.Prepare(kInsertEvent);
    ins.setInt64(1, first + i);
    ins.setString(2, Str(e.golden_id));
    ins.setString(3, EventTypeName(e.type));
    ins.setInt64(4, e.version);
    ins.setInt64(5, e.time_us);
    ins.setString(6, Str(EncodeEventData(e)));
    ins.executeUpdate();
  }
}

void MysqlStore::ReplaceConflicts(MysqlConnection& conn, const GoldenRecord* g,
                                  std::string_view golden_id) {
  sql::PreparedStatement& del = conn.Prepare(kDeleteConflicts);
  del.setString(1, Str(golden_id));
  del.executeUpdate();
  if (g == nullptr) return;
  for (const AttributeConflict& c : g->conflicts) {
    sql::PreparedStatement& ins = conn.Prepare(kInsertConflict);
    ins.setString(1, Str(golden_id));
    ins.setString(2, Str(c.attribute));
    ins.setString(3, Str(EncodeConflict(c)));
    ins.executeUpdate();
  }
}

absl::StatusOr<std::optional<GoldenRecord>> MysqlStore::ReadEntity(
    MysqlConnection& conn, std::string_view golden_id) {
  sql::PreparedStatement& q = conn.Prepare(kGetEntity);
  q.setString(1, Str(golden_id));
  std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
  if (!rs->next() || rs->getInt(1) != 0) return std::nullopt;
  GoldenRecord g;
  g.golden_id = golden_id;
  g.version = rs->getInt64(2);
  RETURN_IF_ERROR(DecodeEntityData(Text(*rs, 3), &g));
  return g;
}

absl::Status MysqlStore::CheckAndBumpGuards(MysqlConnection& conn,
                                            absl::Span<const Guard> sorted) {
  if (sorted.empty()) return absl::OkStatus();
  // Rows are locked in VALUES order, ascending: two hubs never wait on each
  // other in a cycle here. A row that did not exist is created at version 1,
  // so "never written" (0) is checked like any other version.
  std::string bump = "INSERT INTO guards (id, version) VALUES ";
  for (size_t i = 0; i < sorted.size(); ++i) {
    absl::StrAppend(&bump, i ? ",(" : "(", GuardColumn(sorted[i].id), ",1)");
  }
  absl::StrAppend(&bump, " ON DUPLICATE KEY UPDATE version = version + 1");
  conn.Exec(bump);
  std::vector<uint64_t> ids;
  ids.reserve(sorted.size());
  for (const Guard& g : sorted) ids.push_back(g.id);
  const absl::flat_hash_map<uint64_t, int64_t> now = ReadGuards(conn, ids);
  size_t stale = 0;
  for (const Guard& g : sorted) {
    auto it = now.find(g.id);
    if (it == now.end() || it->second != g.expected + 1) ++stale;
  }
  if (stale > 0) return GuardConflict(stale, sorted.size());
  return absl::OkStatus();
}

void MysqlStore::DeleteReviews(MysqlConnection& conn, const RecordKey& key) {
  sql::PreparedStatement& del = conn.Prepare(kDeleteReviews);
  del.setString(1, Str(key.source));
  del.setString(2, Str(key.source_record_id));
  del.executeUpdate();
}

void MysqlStore::ReplacePostings(MysqlConnection& conn, const RecordKey& key,
                                 absl::Span<const uint64_t> blocks) {
  sql::PreparedStatement& del = conn.Prepare(kDeletePostings);
  del.setString(1, Str(key.source));
  del.setString(2, Str(key.source_record_id));
  del.executeUpdate();
  const RepeatedStatement& insert = InsertPostings();
  for (size_t begin = 0; begin < blocks.size(); begin += insert.max()) {
    const size_t n = std::min(insert.max(), blocks.size() - begin);
    sql::PreparedStatement& ins = conn.Prepare(insert.For(n));
    for (size_t i = 0; i < n; ++i) {
      ins.setInt64(3 * i + 1, GuardColumn(blocks[begin + i]));
      ins.setString(3 * i + 2, Str(key.source));
      ins.setString(3 * i + 3, Str(key.source_record_id));
    }
    ins.executeUpdate();
  }
}

absl::StatusOr<std::optional<StoredRecord>> MysqlStore::GetRecord(
    const RecordKey& key) {
  return Read<std::optional<StoredRecord>>(
      "get record",
      [&](MysqlConnection& conn)
          -> absl::StatusOr<std::optional<StoredRecord>> {
        sql::PreparedStatement& q = conn.Prepare(kGetRecord);
        q.setString(1, Str(key.source));
        q.setString(2, Str(key.source_record_id));
        std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
        if (!rs->next()) return std::nullopt;
        return RecordFromRow(*rs);
      });
}

absl::StatusOr<std::optional<RecordTombstone>> MysqlStore::GetTombstone(
    const RecordKey& key) {
  return Read<std::optional<RecordTombstone>>(
      "get tombstone",
      [&](MysqlConnection& conn)
          -> absl::StatusOr<std::optional<RecordTombstone>> {
        sql::PreparedStatement& q = conn.Prepare(kGetTombstone);
        q.setString(1, Str(key.source));
        q.setString(2, Str(key.source_record_id));
        std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
        if (!rs->next()) return std::nullopt;
        return RecordTombstone{.key = key,
                               .golden_id = Text(*rs, 1),
                               .deleted_at_us = rs->getInt64(2)};
      });
}

absl::StatusOr<std::optional<GoldenRecord>> MysqlStore::GetEntity(
    std::string_view golden_id) {
  return Read<std::optional<GoldenRecord>>(
      "get entity",
      [&](MysqlConnection& conn) { return ReadEntity(conn, golden_id); });
}

absl::StatusOr<std::optional<std::string>> MysqlStore::ResolveRedirect(
    std::string_view golden_id) {
  return Read<std::optional<std::string>>(
      "resolve redirect",
      [&](MysqlConnection& conn) -> absl::StatusOr<std::optional<std::string>> {
        sql::PreparedStatement& q = conn.Prepare(kResolveRedirect);
        q.setString(1, Str(golden_id));
        q.setInt(2, kMaxRedirectHops);
        std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
        if (!rs->next()) return std::nullopt;
        if (rs->getInt64(2) > kMaxRedirectHops) {
          return absl::InternalError(absl::StrCat(
              "redirect cycle (or chain longer than ", kMaxRedirectHops,
              " hops) from ", std::string(golden_id)));
        }
        return Text(*rs, 1);
      });
}

absl::StatusOr<bool> MysqlStore::IsEntityDeleted(std::string_view golden_id) {
  return Read<bool>("is entity deleted",
                    [&](MysqlConnection& conn) -> absl::StatusOr<bool> {
                      sql::PreparedStatement& q = conn.Prepare(kGetEntity);
                      q.setString(1, Str(golden_id));
                      std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
                      return rs->next() && rs->getInt(1) != 0;
                    });
}

absl::StatusOr<std::vector<StoredRecord>> MysqlStore::ListEntityRecords(
    std::string_view golden_id, const RecordKey& after, int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  return Read<std::vector<StoredRecord>>(
      "list entity records",
      [&](MysqlConnection& conn) -> absl::StatusOr<std::vector<StoredRecord>> {
        sql::PreparedStatement& q = conn.Prepare(kListEntityRecords);
        q.setString(1, Str(golden_id));
        BindAfter(q, 2, after);
        q.setInt(5, limit);
        std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
        std::vector<StoredRecord> out;
        while (rs->next()) {
          ASSIGN_OR_RETURN(StoredRecord r, RecordFromRow(*rs));
          out.push_back(std::move(r));
        }
        return out;
      });
}

absl::StatusOr<std::vector<Xref>> MysqlStore::ListXrefs(const RecordKey& after,
                                                        int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  return Read<std::vector<Xref>>(
      "list xrefs",
      [&](MysqlConnection& conn) -> absl::StatusOr<std::vector<Xref>> {
        sql::PreparedStatement& q = conn.Prepare(kListXrefs);
        BindAfter(q, 1, after);
        q.setInt(4, limit);
        std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
        std::vector<Xref> out;
        while (rs->next()) {
          out.push_back(Xref{.record = {Text(*rs, 1), Text(*rs, 2)},
                             .golden_id = Text(*rs, 3)});
        }
        return out;
      });
}

absl::Status MysqlStore::ForEachRecord(
    const std::function<absl::Status(const StoredRecord&)>& fn) {
  RecordKey after;
  std::vector<StoredRecord> batch;
  do {
    ASSIGN_OR_RETURN(
        batch, Read<std::vector<StoredRecord>>(
                   "list records",
                   [&](MysqlConnection& conn)
                       -> absl::StatusOr<std::vector<StoredRecord>> {
                     sql::PreparedStatement& q = conn.Prepare(kListRecords);
                     BindAfter(q, 1, after);
                     q.setInt(4, kForEachBatch);
                     std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
                     std::vector<StoredRecord> out;
                     while (rs->next()) {
                       ASSIGN_OR_RETURN(StoredRecord r, RecordFromRow(*rs));
                       out.push_back(std::move(r));
                     }
                     return out;
                   }));
    for (const StoredRecord& r : batch) RETURN_IF_ERROR(fn(r));
    if (!batch.empty()) after = batch.back().record.key;
  } while (batch.size() == kForEachBatch);
  return absl::OkStatus();
}

absl::StatusOr<int64_t> MysqlStore::ReserveEntityIds(int64_t count) {
  if (count < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("reserve at least one id, not ", count));
  }
  // Its own short transaction, never inside Apply(): hubs reserving at the
  // same time queue on the one meta row only for this moment (across a Galera
  // cluster one of them fails certification and goes again). A reservation
  // lost with its connection is harmless: its numbers are skipped.
  const int max_attempts = pool_->options().max_apply_attempts;
  for (int attempt = 1;; ++attempt) {
    if (attempt > 1) {
      absl::SleepFor(Backoff(pool_->options().retry_backoff, attempt));
    }
    absl::StatusOr<int64_t> first = Read<int64_t>(
        "reserve golden ids",
        [&](MysqlConnection& conn) -> absl::StatusOr<int64_t> {
          try {
            conn.Exec(kBegin);
            conn.Prepare(kEnsureSeq).executeUpdate();
            int64_t next = 1;
            {
              std::unique_ptr<sql::ResultSet> rs(
                  conn.Prepare(kGetSeqForUpdate).executeQuery());
              if (rs->next()) next = std::max<int64_t>(rs->getInt64(1), 1);
            }
            sql::PreparedStatement& up = conn.Prepare(kSetNextSeq);
            up.setInt64(1, next + count);
            up.executeUpdate();
            conn.Exec(kCommit);
            return next;
          } catch (const sql::SQLException&) {
            conn.MarkBroken();  // transaction state unknown: never reuse
            throw;
          }
        });
    if (first.ok() || attempt >= max_attempts ||
        !absl::IsUnavailable(first.status())) {
      return first;
    }
  }
}

absl::StatusOr<std::vector<int64_t>> MysqlStore::GetGuardVersions(
    absl::Span<const uint64_t> ids) {
  if (ids.empty()) return std::vector<int64_t>{};
  return Read<std::vector<int64_t>>(
      "get guard versions",
      [&](MysqlConnection& conn) -> absl::StatusOr<std::vector<int64_t>> {
        const absl::flat_hash_map<uint64_t, int64_t> found =
            ReadGuards(conn, ids);
        std::vector<int64_t> out;
        out.reserve(ids.size());
        for (uint64_t id : ids) {
          auto it = found.find(id);
          out.push_back(it == found.end() ? 0 : it->second);
        }
        return out;
      });
}

absl::Status MysqlStore::ForEachGuard(
    const std::function<absl::Status(uint64_t, int64_t)>& fn) {
  int64_t after = std::numeric_limits<int64_t>::min();
  std::vector<std::pair<int64_t, int64_t>> batch;
  do {
    ASSIGN_OR_RETURN(
        batch,
        (Read<std::vector<std::pair<int64_t, int64_t>>>(
            "list guards",
            [&](MysqlConnection& conn)
                -> absl::StatusOr<std::vector<std::pair<int64_t, int64_t>>> {
              sql::PreparedStatement& q = conn.Prepare(kListGuards);
              q.setInt64(1, after);
              q.setInt(2, kForEachBatch);
              std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
              std::vector<std::pair<int64_t, int64_t>> out;
              while (rs->next()) {
                out.emplace_back(rs->getInt64(1), rs->getInt64(2));
              }
              return out;
            })));
    for (const auto& [id, version] : batch) {
      RETURN_IF_ERROR(fn(GuardFromColumn(id), version));
    }
    if (!batch.empty()) after = batch.back().first;
  } while (batch.size() == kForEachBatch);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<RecordKey>> MysqlStore::ListBlockPostings(
    absl::Span<const uint64_t> block_hashes) {
  if (block_hashes.empty()) return std::vector<RecordKey>{};
  return Read<std::vector<RecordKey>>(
      "list block postings",
      [&](MysqlConnection& conn) -> absl::StatusOr<std::vector<RecordKey>> {
        // Hashes are numbers: written into the statement (see IdList).
        std::unique_ptr<sql::ResultSet> rs = conn.Query(absl::StrCat(
            "SELECT DISTINCT source, source_record_id FROM block_postings"
            " WHERE block_hash IN (",
            IdList(block_hashes), ") ORDER BY source, source_record_id"));
        std::vector<RecordKey> out;
        while (rs->next()) out.push_back({Text(*rs, 1), Text(*rs, 2)});
        return out;
      });
}

absl::StatusOr<std::vector<std::optional<StoredRecord>>> MysqlStore::GetRecords(
    absl::Span<const RecordKey> keys) {
  std::vector<std::optional<StoredRecord>> out(keys.size());
  absl::flat_hash_map<RecordKey, size_t> position;
  for (size_t i = 0; i < keys.size(); ++i) position.emplace(keys[i], i);
  const RepeatedStatement& lookup = GetRecordsByKey();
  for (size_t begin = 0; begin < keys.size(); begin += lookup.max()) {
    const size_t n = std::min(lookup.max(), keys.size() - begin);
    ASSIGN_OR_RETURN(
        std::vector<StoredRecord> found,
        Read<std::vector<StoredRecord>>(
            "get records",
            [&](MysqlConnection& conn)
                -> absl::StatusOr<std::vector<StoredRecord>> {
              sql::PreparedStatement& q = conn.Prepare(lookup.For(n));
              for (size_t i = 0; i < n; ++i) {
                q.setString(2 * i + 1, Str(keys[begin + i].source));
                q.setString(2 * i + 2, Str(keys[begin + i].source_record_id));
              }
              std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
              std::vector<StoredRecord> rows;
              while (rs->next()) {
                ASSIGN_OR_RETURN(StoredRecord r, RecordFromRow(*rs));
                rows.push_back(std::move(r));
              }
              return rows;
            }));
    for (StoredRecord& r : found) {
      auto it = position.find(r.record.key);
      if (it != position.end()) out[it->second] = std::move(r);
    }
  }
  return out;
}

absl::StatusOr<std::vector<ReviewTask>> MysqlStore::ListReviewTasks(
    const std::optional<ReviewTask>& after, int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  const ReviewTask from = after.value_or(ReviewTask{});
  return Read<std::vector<ReviewTask>>(
      "list review tasks",
      [&](MysqlConnection& conn) -> absl::StatusOr<std::vector<ReviewTask>> {
        sql::PreparedStatement& q = conn.Prepare(kListReviews);
        q.setInt(1, after.has_value() ? 1 : 0);
        q.setDouble(2, from.score);
        q.setDouble(3, from.score);
        q.setString(4, Str(from.record.source));
        q.setString(5, Str(from.record.source));
        q.setString(6, Str(from.record.source_record_id));
        q.setString(7, Str(from.record.source_record_id));
        q.setString(8, Str(from.candidate_golden_id));
        q.setInt(9, limit);
        std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
        std::vector<ReviewTask> out;
        while (rs->next()) {
          out.push_back({.record = {Text(*rs, 1), Text(*rs, 2)},
                         .candidate_golden_id = Text(*rs, 3),
                         .score = static_cast<double>(rs->getDouble(4)),
                         .created_at_us = rs->getInt64(5)});
        }
        return out;
      });
}

absl::StatusOr<std::vector<GoldenRecord>> MysqlStore::ListEntityHistory(
    std::string_view golden_id, int64_t before_version, int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  return Read<std::vector<GoldenRecord>>(
      "list entity history",
      [&](MysqlConnection& conn) -> absl::StatusOr<std::vector<GoldenRecord>> {
        sql::PreparedStatement& q = conn.Prepare(kListHistory);
        q.setString(1, Str(golden_id));
        q.setInt64(2, before_version);
        q.setInt64(3, before_version);
        q.setInt(4, limit);
        std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
        std::vector<GoldenRecord> out;
        while (rs->next()) {
          ASSIGN_OR_RETURN(
              GoldenRecord g,
              HistoryVersion(golden_id, rs->getInt64(1), rs->getInt64(2),
                             rs->getInt(3) != 0, Text(*rs, 4)));
          out.push_back(std::move(g));
        }
        return out;
      });
}

absl::StatusOr<std::optional<GoldenRecord>> MysqlStore::GetEntityAsOf(
    std::string_view golden_id, int64_t as_of_us) {
  return Read<std::optional<GoldenRecord>>(
      "get entity as of",
      [&](MysqlConnection& conn)
          -> absl::StatusOr<std::optional<GoldenRecord>> {
        sql::PreparedStatement& q = conn.Prepare(kHistoryAsOf);
        q.setString(1, Str(golden_id));
        q.setInt64(2, as_of_us);
        std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
        if (!rs->next() || rs->getInt(3) != 0) return std::nullopt;
        return HistoryVersion(golden_id, rs->getInt64(1), rs->getInt64(2),
                              false, Text(*rs, 4));
      });
}

absl::StatusOr<std::vector<ChangeEvent>> MysqlStore::ListChangeEvents(
    int64_t after, int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  return Read<std::vector<ChangeEvent>>(
      "list change events",
      [&](MysqlConnection& conn) -> absl::StatusOr<std::vector<ChangeEvent>> {
        sql::PreparedStatement& q = conn.Prepare(kListEvents);
        q.setInt64(1, after);
        q.setInt(2, limit);
        std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
        std::vector<ChangeEvent> out;
        while (rs->next()) {
          ASSIGN_OR_RETURN(
              ChangeEvent e,
              EventFromColumns(rs->getInt64(1), Text(*rs, 2), Text(*rs, 3),
                               rs->getInt64(4), rs->getInt64(5), Text(*rs, 6)));
          out.push_back(std::move(e));
        }
        return out;
      });
}

absl::StatusOr<std::vector<EntityConflict>> MysqlStore::ListConflicts(
    const EntityConflict& after, int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  return Read<std::vector<EntityConflict>>(
      "list conflicts",
      [&](MysqlConnection& conn)
          -> absl::StatusOr<std::vector<EntityConflict>> {
        sql::PreparedStatement& q = conn.Prepare(kListConflicts);
        q.setString(1, Str(after.golden_id));
        q.setString(2, Str(after.golden_id));
        q.setString(3, Str(after.conflict.attribute));
        q.setInt(4, limit);
        std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
        std::vector<EntityConflict> out;
        while (rs->next()) {
          ASSIGN_OR_RETURN(
              EntityConflict c,
              ConflictFromColumns(Text(*rs, 1), Text(*rs, 2), Text(*rs, 3)));
          out.push_back(std::move(c));
        }
        return out;
      });
}

absl::StatusOr<std::optional<std::string>> MysqlStore::GetSetting(
    std::string_view key) {
  return Read<std::optional<std::string>>(
      "get setting",
      [&](MysqlConnection& conn) -> absl::StatusOr<std::optional<std::string>> {
        sql::PreparedStatement& q = conn.Prepare(kGetSetting);
        q.setString(1, Str(key));
        std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
        if (!rs->next()) return std::nullopt;
        return Text(*rs, 1);
      });
}

absl::StatusOr<Store::Stats> MysqlStore::GetStats() {
  return Read<Stats>(
      "get stats", [&](MysqlConnection& conn) -> absl::StatusOr<Stats> {
        std::unique_ptr<sql::ResultSet> rs(conn.Prepare(kStats).executeQuery());
        if (!rs->next()) {
          return absl::InternalError("stats query returned no row");
        }
        return Stats{.records = rs->getInt64(1),
                     .entities = rs->getInt64(2),
                     .review_tasks = rs->getInt64(3)};
      });
}

}  // namespace mdm
