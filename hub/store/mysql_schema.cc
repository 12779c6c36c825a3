#include "hub/store/mysql_schema.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace mdm {
namespace {

// Version 1, the same tables and columns as SQLite's version 1.
//
// Keys are VARBINARY: they compare byte by byte, exactly like SQLite's BINARY
// collation and RecordKey's operator<, so keyset pagination pages the same way
// on both stores. (utf8mb4_bin is a PAD SPACE collation in MariaDB: 'a' and
// 'a ' would be the same key.) Lengths bound the index entries (InnoDB allows
// 3072 bytes); a longer key is refused by strict mode, not truncated.
// `data` is JSON (record_codec.h): MariaDB checks it with JSON_VALID, MySQL 8
// stores it binary; either way a steward can query it with JSON_EXTRACT.
// No foreign keys, as in SQLite: within one Apply the service writes records
// before the entity they point to.
constexpr char kStep1[] = R"sql(
CREATE TABLE IF NOT EXISTS meta (
  `key` VARBINARY(64) NOT NULL PRIMARY KEY,
  value BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS records (
  source           VARBINARY(255) NOT NULL,
  source_record_id VARBINARY(1024) NOT NULL,
  golden_id        VARBINARY(255) NOT NULL,
  updated_at_us    BIGINT NOT NULL,
  data             JSON NOT NULL,
  PRIMARY KEY (source, source_record_id),
  KEY records_by_golden (golden_id, source, source_record_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS tombstones (
  source           VARBINARY(255) NOT NULL,
  source_record_id VARBINARY(1024) NOT NULL,
  golden_id        VARBINARY(255) NOT NULL,
  deleted_at_us    BIGINT NOT NULL,
  PRIMARY KEY (source, source_record_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS entities (
  golden_id VARBINARY(255) NOT NULL PRIMARY KEY,
  deleted   TINYINT NOT NULL,
  version   BIGINT NOT NULL,
  data      JSON NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS redirects (
  from_id VARBINARY(255) NOT NULL PRIMARY KEY,
  to_id   VARBINARY(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
)sql";

// Version 2: what hub replicas sharing the database coordinate through.
// `guards` rows are the locks of Store::Apply's guard check (one row per
// record, blocking key or entity ever written, by 64-bit id); block_postings
// lets a replica reload the records under a blocking key another replica
// changed.
constexpr char kStep2[] = R"sql(
CREATE TABLE IF NOT EXISTS guards (
  id      BIGINT NOT NULL PRIMARY KEY,
  version BIGINT NOT NULL
) ENGINE=InnoDB;
CREATE TABLE IF NOT EXISTS block_postings (
  block_hash       BIGINT NOT NULL,
  source           VARBINARY(255) NOT NULL,
  source_record_id VARBINARY(1024) NOT NULL,
  PRIMARY KEY (block_hash, source, source_record_id),
  KEY postings_by_record (source, source_record_id)
) ENGINE=InnoDB
)sql";

// Version 3: review tasks (pairs in the review band), listed best first.
constexpr char kStep3[] = R"sql(
CREATE TABLE IF NOT EXISTS review_tasks (
  source           VARBINARY(255) NOT NULL,
  source_record_id VARBINARY(1024) NOT NULL,
  golden_id        VARBINARY(255) NOT NULL,
  score            DOUBLE NOT NULL,
  created_at_us    BIGINT NOT NULL,
  PRIMARY KEY (source, source_record_id, golden_id),
  KEY review_tasks_by_score (score, source, source_record_id, golden_id)
) ENGINE=InnoDB
)sql";

// Version 2, the same tables as SQLite's version 2: connector checkpoints and
// facts. The position is opaque bytes (VARBINARY, at most 64 KiB as the API
// allows).
constexpr char kStep4[] = R"sql(
CREATE TABLE IF NOT EXISTS connectors (
  id                   VARBINARY(64) NOT NULL PRIMARY KEY,
  source               VARBINARY(255) NOT NULL,
  generation           BIGINT NOT NULL,
  position             BLOB NOT NULL,
  registered_at_us     BIGINT NOT NULL,
  committed_at_us      BIGINT NOT NULL,
  records_read         BIGINT NOT NULL,
  records_sent         BIGINT NOT NULL,
  records_acknowledged BIGINT NOT NULL,
  records_rejected     BIGINT NOT NULL,
  lag_ms               BIGINT NOT NULL,
  last_error           TEXT NOT NULL,
  last_error_at_us     BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS facts (
  source           VARBINARY(255) NOT NULL,
  fact_id          VARBINARY(255) NOT NULL,
  source_record_id VARBINARY(1024) NOT NULL,
  category         VARBINARY(16) NOT NULL,
  occurred_at_us   BIGINT NOT NULL,
  data             JSON NOT NULL,
  PRIMARY KEY (source, fact_id),
  KEY facts_by_record (source, source_record_id, fact_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
)sql";

// Insight items, as SQLite's step 5 (insight_store.h); keys compare bytewise.
constexpr char kStep5[] = R"sql(
CREATE TABLE IF NOT EXISTS insight_items (
  kind     VARBINARY(32) NOT NULL,
  item_key VARBINARY(255) NOT NULL,
  data     LONGTEXT NOT NULL,
  at_us    BIGINT NOT NULL,
  PRIMARY KEY (kind, item_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
)sql";

// Stewardship: as in SQLite (sqlite_schema.cc). The constraint key is
// 2 x (255 + 1024) bytes, inside InnoDB's 3072.
constexpr char kStep6[] = R"sql(
CREATE TABLE IF NOT EXISTS link_constraints (
  a_source      VARBINARY(255) NOT NULL,
  a_record_id   VARBINARY(1024) NOT NULL,
  b_source      VARBINARY(255) NOT NULL,
  b_record_id   VARBINARY(1024) NOT NULL,
  kind          INT NOT NULL,
  author        TEXT NOT NULL,
  reason        TEXT NOT NULL,
  created_at_us BIGINT NOT NULL,
  PRIMARY KEY (a_source, a_record_id, b_source, b_record_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS dead_entities (
  golden_id    VARBINARY(255) NOT NULL PRIMARY KEY,
  reason       INT NOT NULL,
  note         TEXT NOT NULL,
  author       TEXT NOT NULL,
  marked_at_us BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS quarantine (
  source            VARBINARY(255) NOT NULL,
  source_record_id  VARBINARY(1024) NOT NULL,
  golden_id         VARBINARY(255) NOT NULL,
  reason            INT NOT NULL,
  quarantined_at_us BIGINT NOT NULL,
  data              JSON NOT NULL,
  PRIMARY KEY (source, source_record_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS steward_requests (
  request_id    VARBINARY(255) NOT NULL PRIMARY KEY,
  body_hash     BIGINT NOT NULL,
  result        LONGTEXT NOT NULL,
  created_at_us BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
)sql";

// Versioned match models, as in SQLite's step 7. MEDIUMTEXT: a model with
// its term-frequency table runs to a few hundred KiB.
constexpr char kStep7[] = R"sql(
CREATE TABLE IF NOT EXISTS models (
  version       BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  parameters    MEDIUMTEXT NOT NULL,
  description   TEXT NOT NULL,
  created_at_us BIGINT NOT NULL,
  active        TINYINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
)sql";

// Step 8, the same tables as SQLite's step 8: golden history, the
// change feed (seq is assigned from meta 'event_seq' under its row lock, so
// sequence order is commit order across hubs), conflicts and settings.
constexpr char kStep8[] = R"sql(
CREATE TABLE IF NOT EXISTS golden_history (
  golden_id VARBINARY(255) NOT NULL,
  version   BIGINT NOT NULL,
  time_us   BIGINT NOT NULL,
  deleted   TINYINT NOT NULL,
  data      JSON NOT NULL,
  PRIMARY KEY (golden_id, version),
  KEY golden_history_by_time (golden_id, time_us)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS change_events (
  seq       BIGINT NOT NULL PRIMARY KEY,
  golden_id VARBINARY(255) NOT NULL,
  type      VARBINARY(32) NOT NULL,
  version   BIGINT NOT NULL,
  time_us   BIGINT NOT NULL,
  data      JSON NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS golden_conflicts (
  golden_id VARBINARY(255) NOT NULL,
  attribute VARBINARY(255) NOT NULL,
  data      JSON NOT NULL,
  PRIMARY KEY (golden_id, attribute)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS settings (
  `key` VARBINARY(255) NOT NULL PRIMARY KEY,
  value LONGTEXT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
)sql";

// The audit trail, as SQLite's audit step (append-only).
constexpr char kStep9[] = R"sql(
CREATE TABLE IF NOT EXISTS audit_events (
  id         BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at_us      BIGINT NOT NULL,
  principal  VARBINARY(255) NOT NULL,
  method     VARBINARY(255) NOT NULL,
  request_id VARBINARY(255) NOT NULL,
  target     VARBINARY(1024) NOT NULL,
  code       INT NOT NULL,
  message    TEXT NOT NULL,
  KEY audit_events_by_time (at_us)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
)sql";

constexpr const char* kSteps[] = {kStep1, kStep2, kStep3, kStep4, kStep5,
                                  kStep6, kStep7, kStep8, kStep9};

constexpr char kHasMeta[] =
    "SELECT COUNT(*) FROM information_schema.TABLES"
    " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'meta'";
constexpr char kGetVersion[] =
    "SELECT value FROM meta WHERE `key` = 'schema_version'";
constexpr char kSetVersion[] =
    "INSERT INTO meta (`key`, value) VALUES ('schema_version', ?)"
    " ON DUPLICATE KEY UPDATE value = VALUES(value)";
// Per database: hubs on other databases of the same server do not wait.
constexpr char kLock[] =
    "SELECT GET_LOCK(CONCAT('mdm_schema.', DATABASE()), 60)";
constexpr char kUnlock[] =
    "SELECT RELEASE_LOCK(CONCAT('mdm_schema.', DATABASE()))";

int64_t QueryInt(MysqlConnection& conn, const char* sql) {
  std::unique_ptr<sql::ResultSet> rs(conn.Prepare(sql).executeQuery());
  if (!rs->next() || rs->isNull(1)) return -1;
  return rs->getInt64(1);
}

int64_t VersionOrThrow(MysqlConnection& conn) {
  if (QueryInt(conn, kHasMeta) <= 0) return 0;
  return std::max<int64_t>(0, QueryInt(conn, kGetVersion));
}

}  // namespace

absl::Span<const char* const> MysqlSchemaSteps() { return kSteps; }

absl::StatusOr<int64_t> MysqlSchemaVersion(MysqlConnection& conn) {
  try {
    return VersionOrThrow(conn);
  } catch (const sql::SQLException& e) {
    conn.MarkBroken();
    return SqlErrorToStatus(e, "read schema version");
  }
}

absl::Status MigrateMysqlSchema(MysqlConnection& conn,
                                absl::Span<const char* const> steps) {
  std::string what = "take the schema lock";
  bool locked = false;
  try {
    int64_t lock = -1;
    try {
      lock = QueryInt(conn, kLock);
    } catch (const sql::SQLException& e) {
      // Where named locks are refused (Galera may), the migration relies on
      // IF NOT EXISTS (see header); a lost connection is still an error.
      if (IsConnectionLost(e.getErrorCode())) throw;
    }
    if (lock == 0) {
      return absl::UnavailableError(
          "mysql: another hub has been migrating this database's schema for "
          "60 s; try again");
    }
    locked = lock == 1;

    what = "read schema version";
    const int64_t version = VersionOrThrow(conn);
    const auto known = static_cast<int64_t>(steps.size());
    absl::Status status;
    if (version > known) {
      status = absl::FailedPreconditionError(
          absl::StrCat("mysql: database schema version ", version,
                       " is newer than this binary supports (", known,
                       "); run a newer hub or restore a matching backup"));
    }
    for (int64_t i = version; status.ok() && i < known; ++i) {
      what = absl::StrCat("schema step ", i + 1);
      for (absl::string_view statement : absl::StrSplit(steps[i], ';')) {
        statement = absl::StripAsciiWhitespace(statement);
        if (!statement.empty()) conn.Exec(std::string(statement));
      }
      sql::PreparedStatement& set = conn.Prepare(kSetVersion);
      set.setInt64(1, i + 1);
      set.executeUpdate();
    }
    if (locked) {
      what = "release the schema lock";
      QueryInt(conn, kUnlock);
    }
    return status;
  } catch (const sql::SQLException& e) {
    // A named lock lives as long as the session: dropping the connection
    // releases it even when RELEASE_LOCK cannot be sent.
    conn.MarkBroken();
    return SqlErrorToStatus(e, what);
  }
}

}  // namespace mdm
