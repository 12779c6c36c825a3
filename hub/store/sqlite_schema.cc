#include "hub/store/sqlite_schema.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"

namespace mdm {
namespace {

// Version 1. STRICT so a wrong type is an error, not a silent conversion.
// WITHOUT ROWID where rows are small: the key is then the table's only b-tree.
// Entities keep a rowid table: their rows are large, and a WITHOUT ROWID table
// moves any row above about a quarter page into overflow pages. `data` columns
// are JSON text (see record_codec.h). Key text compares bytewise (BINARY), the
// same order as RecordKey's operator<. No foreign keys: within one Apply the
// service writes records before the entity they point to, and the MySQL store
// must behave the same.
constexpr char kStep1[] = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value ANY
) STRICT, WITHOUT ROWID;

CREATE TABLE records (
  source           TEXT NOT NULL,
  source_record_id TEXT NOT NULL,
  golden_id        TEXT NOT NULL,
  updated_at_us    INTEGER NOT NULL,
  data             TEXT NOT NULL,
  PRIMARY KEY (source, source_record_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX records_by_golden ON records (golden_id, source, source_record_id);

CREATE TABLE tombstones (
  source           TEXT NOT NULL,
  source_record_id TEXT NOT NULL,
  golden_id        TEXT NOT NULL,
  deleted_at_us    INTEGER NOT NULL,
  PRIMARY KEY (source, source_record_id)
) STRICT, WITHOUT ROWID;

-- Deleted entities keep their row (deleted = 1) so IsEntityDeleted can answer.
-- A rowid table (see above); the primary key gets its own index.
CREATE TABLE entities (
  golden_id TEXT PRIMARY KEY NOT NULL,
  deleted   INTEGER NOT NULL,
  version   INTEGER NOT NULL,
  data      TEXT NOT NULL
) STRICT;

CREATE TABLE redirects (
  from_id TEXT PRIMARY KEY,
  to_id   TEXT NOT NULL
) STRICT, WITHOUT ROWID;
)sql";

// Version 2: what hub replicas sharing a database coordinate through (see
// Store::Apply with guards). The embedded store has one writer, but keeps the
// same tables so both stores pass one contract suite.
constexpr char kStep2[] = R"sql(
CREATE TABLE guards (
  id      INTEGER PRIMARY KEY,
  version INTEGER NOT NULL
) STRICT;

CREATE TABLE block_postings (
  block_hash       INTEGER NOT NULL,
  source           TEXT NOT NULL,
  source_record_id TEXT NOT NULL,
  PRIMARY KEY (block_hash, source, source_record_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX postings_by_record ON block_postings (source, source_record_id);
)sql";

// Version 3: review tasks (pairs in the review band), listed best first.
constexpr char kStep3[] = R"sql(
CREATE TABLE review_tasks (
  source           TEXT NOT NULL,
  source_record_id TEXT NOT NULL,
  golden_id        TEXT NOT NULL,
  score            REAL NOT NULL,
  created_at_us    INTEGER NOT NULL,
  PRIMARY KEY (source, source_record_id, golden_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX review_tasks_by_score
  ON review_tasks (score DESC, source, source_record_id, golden_id);
)sql";

// Version 4: connector checkpoints and facts (checkpoint_store.h,
// fact_store.h). Facts are keyed by (source, fact_id) and found per record
// through facts_by_record; no foreign key to records, since a fact may arrive
// before its record (another table of the source, polled separately).
constexpr char kStep4[] = R"sql(
CREATE TABLE connectors (
  id                   TEXT PRIMARY KEY,
  source               TEXT NOT NULL,
  generation           INTEGER NOT NULL,
  position             BLOB NOT NULL,
  registered_at_us     INTEGER NOT NULL,
  committed_at_us      INTEGER NOT NULL,
  records_read         INTEGER NOT NULL,
  records_sent         INTEGER NOT NULL,
  records_acknowledged INTEGER NOT NULL,
  records_rejected     INTEGER NOT NULL,
  lag_ms               INTEGER NOT NULL,
  last_error           TEXT NOT NULL,
  last_error_at_us     INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE facts (
  source           TEXT NOT NULL,
  fact_id          TEXT NOT NULL,
  source_record_id TEXT NOT NULL,
  category         TEXT NOT NULL,
  occurred_at_us   INTEGER NOT NULL,
  data             TEXT NOT NULL,
  PRIMARY KEY (source, fact_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX facts_by_record ON facts (source, source_record_id, fact_id);
)sql";

// Insight: steward flags, inspection verdicts and quality snapshots as
// opaque items listed by key prefix (insight_store.h).
constexpr char kStep5[] = R"sql(
CREATE TABLE insight_items (
  kind     TEXT NOT NULL,
  item_key TEXT NOT NULL,
  data     TEXT NOT NULL,
  at_us    INTEGER NOT NULL,
  PRIMARY KEY (kind, item_key)
) STRICT, WITHOUT ROWID;
)sql";

// Stewardship: link constraints (a steward's must-link / cannot-link between
// two records, a < b), the dead registry, quarantined records and the answers
// of steward requests (request_id idempotency).
constexpr char kStep6[] = R"sql(
CREATE TABLE link_constraints (
  a_source         TEXT NOT NULL,
  a_record_id      TEXT NOT NULL,
  b_source         TEXT NOT NULL,
  b_record_id      TEXT NOT NULL,
  kind             INTEGER NOT NULL,
  author           TEXT NOT NULL,
  reason           TEXT NOT NULL,
  created_at_us    INTEGER NOT NULL,
  PRIMARY KEY (a_source, a_record_id, b_source, b_record_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE dead_entities (
  golden_id    TEXT PRIMARY KEY,
  reason       INTEGER NOT NULL,
  note         TEXT NOT NULL,
  author       TEXT NOT NULL,
  marked_at_us INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE quarantine (
  source            TEXT NOT NULL,
  source_record_id  TEXT NOT NULL,
  golden_id         TEXT NOT NULL,
  reason            INTEGER NOT NULL,
  quarantined_at_us INTEGER NOT NULL,
  data              TEXT NOT NULL,
  PRIMARY KEY (source, source_record_id)
) STRICT;

CREATE TABLE steward_requests (
  request_id    TEXT PRIMARY KEY,
  body_hash     INTEGER NOT NULL,
  result        TEXT NOT NULL,
  created_at_us INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
)sql";

// Versioned match models (model_store.h): the encoded parameters, when, and
// which one is active (at most one row has active = 1).
constexpr char kStep7[] = R"sql(
CREATE TABLE models (
  version       INTEGER PRIMARY KEY,
  parameters    TEXT NOT NULL,
  description   TEXT NOT NULL,
  created_at_us INTEGER NOT NULL,
  active        INTEGER NOT NULL
) STRICT;
)sql";

// Step 8: golden record lifecycle (change_log.h). Every version of every
// entity (a deletion is a version with deleted = 1), the change feed numbered
// in commit order (meta 'event_seq' is the counter), the current conflicts of
// each entity, and hub settings such as the survivorship rules.
constexpr char kStep8[] = R"sql(
CREATE TABLE golden_history (
  golden_id TEXT NOT NULL,
  version   INTEGER NOT NULL,
  time_us   INTEGER NOT NULL,
  deleted   INTEGER NOT NULL,
  data      TEXT NOT NULL,
  PRIMARY KEY (golden_id, version)
) STRICT;
CREATE INDEX golden_history_by_time ON golden_history (golden_id, time_us);

CREATE TABLE change_events (
  seq       INTEGER PRIMARY KEY,
  golden_id TEXT NOT NULL,
  type      TEXT NOT NULL,
  version   INTEGER NOT NULL,
  time_us   INTEGER NOT NULL,
  data      TEXT NOT NULL
) STRICT;

CREATE TABLE golden_conflicts (
  golden_id TEXT NOT NULL,
  attribute TEXT NOT NULL,
  data      TEXT NOT NULL,
  PRIMARY KEY (golden_id, attribute)
) STRICT, WITHOUT ROWID;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
)sql";

// The audit trail (hub/store/audit_store.h), append-only. AUTOINCREMENT so
// ids only ever grow, even after the newest rows were lost to a restore.
constexpr char kStep9[] = R"sql(
CREATE TABLE audit_events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at_us      INTEGER NOT NULL,
  principal  TEXT NOT NULL,
  method     TEXT NOT NULL,
  request_id TEXT NOT NULL,
  target     TEXT NOT NULL,
  code       INTEGER NOT NULL,
  message    TEXT NOT NULL
) STRICT;
CREATE INDEX audit_events_by_time ON audit_events (at_us);
)sql";

constexpr const char* kSteps[] = {kStep1, kStep2, kStep3, kStep4, kStep5,
                                  kStep6, kStep7, kStep8, kStep9};

constexpr char kHasMeta[] =
    "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'";
constexpr char kGetVersion[] =
    "SELECT value FROM meta WHERE key = 'schema_version'";
constexpr char kSetVersion[] =
    "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?1)";

}  // namespace

absl::Span<const char* const> SqliteSchemaSteps() { return kSteps; }

absl::StatusOr<std::unique_ptr<SqliteConnection>> OpenMigratedSqlite(
    const std::string& path) {
  ASSIGN_OR_RETURN(auto conn,
                   SqliteConnection::Open(path, /*query_only=*/false));
  RETURN_IF_ERROR(MigrateSqliteSchema(*conn, SqliteSchemaSteps()));
  return conn;
}

absl::StatusOr<int64_t> SqliteSchemaVersion(SqliteConnection& conn) {
  {
    SqliteQuery q(conn, kHasMeta);
    ASSIGN_OR_RETURN(bool has_meta, q.Step());
    if (!has_meta) return 0;
  }
  SqliteQuery q(conn, kGetVersion);
  ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? q.Int(0) : 0;
}

absl::Status MigrateSqliteSchema(SqliteConnection& conn,
                                 absl::Span<const char* const> steps) {
  // IMMEDIATE: two processes opening a fresh file must not both run step 1.
  RETURN_IF_ERROR(conn.Exec("BEGIN IMMEDIATE"));
  absl::Status status = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(int64_t version, SqliteSchemaVersion(conn));
    const auto known = static_cast<int64_t>(steps.size());
    if (version > known) {
      return absl::FailedPreconditionError(
          absl::StrCat("sqlite: database schema version ", version,
                       " is newer than this binary supports (", known,
                       "); run a newer hub or restore a matching backup"));
    }
    if (version == known) return absl::OkStatus();
    for (int64_t i = version; i < known; ++i) {
      absl::Status step = conn.Exec(steps[i]);
      if (!step.ok()) {
        return absl::Status(step.code(), absl::StrCat("schema step ", i + 1,
                                                      ": ", step.message()));
      }
    }
    SqliteQuery q(conn, kSetVersion);
    return q.Bind(known).Run();
  }();
  if (!status.ok()) {
    conn.Exec("ROLLBACK").IgnoreError();
    return status;
  }
  return conn.Exec("COMMIT");
}

}  // namespace mdm
