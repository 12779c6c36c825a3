// Incremental reading of tables in a MySQL/MariaDB system of record (the ERP
// and finance connectors), by an (updated_at, id) watermark per table:
//
//   WHERE updated_at > :ts OR (updated_at = :ts AND id > :id)
//   ORDER BY updated_at, id LIMIT :n
//
// The id breaks ties between rows changed in the same microsecond, so a page
// boundary never skips or repeats a row. The table needs an index on
// (updated_at, id) and a column updated on every change (ON UPDATE
// CURRENT_TIMESTAMP(6)); deletions must be soft (a flag), or they are never
// seen. Timestamps travel as the server's own text, so no time-zone
// conversion can move a watermark.
//
// Known limit, as for every watermark reader: a transaction that commits
// after a later-stamped one was read is missed. `settle` keeps the newest
// rows out of reach for that long (rows are read only once they are older
// than settle), which covers transactions shorter than it.
//
// The checkpoint is JSON: {"customers": {"ts": "2024-05-01 10:00:00.123456",
// "id": 42}, ...}.
//
// Not thread-safe, except Stop().
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "connectors/sdk/source.h"
#include "connectors/sdk/source_registry.h"
#include "hub/store/mysql_conn.h"
#include "nlohmann/json.hpp"

namespace sql {
class ResultSet;
}

namespace mdm::connectors::sql_source {

// One row as the mapper sees it: the table's own columns, after the three
// the reader selects first (id, updated_at text, updated_at in microseconds
// since the epoch).
class Row {
 public:
  explicit Row(const sql::ResultSet& rs) : rs_(rs) {}
  int64_t id() const;
  int64_t updated_at_us() const;
  // Column `i` (1-based, counted after the three above). Null -> "" / 0.
  std::string Text(int i) const;
  int64_t Int(int i) const;
  bool IsNull(int i) const;
  // All columns as "name=value" pairs, for the dead letter.
  std::string Describe() const;

 private:
  const sql::ResultSet& rs_;
};

struct TableSpec {
  // Checkpoint key and name in logs ("customers").
  std::string name;
  // Everything before the WHERE clause; must select `T.id, T.updated_at,
  // <updated_at as epoch micros>` first. `alias` is the table's alias in it
  // ("c"), used to build the watermark condition.
  std::string select;
  std::string alias;
  // Turns a row into changes, or a dead letter, appended to the batch.
  std::function<void(const Row& row, Batch* batch)> map;
};

// Where the database is: host, port, user, database, and the environment
// variable holding the password ("password_env"), plus "settle_ms" and
// "time_zone" (of the DATETIME columns, default "+00:00").
struct DatabaseSettings {
  MysqlOptions options;
  std::chrono::milliseconds settle{0};
  std::string time_zone = "+00:00";
};

// Reads the settings object; InvalidArgument naming the bad setting.
absl::StatusOr<DatabaseSettings> ParseDatabaseSettings(const nlohmann::json& s);

// A Source over the tables, read in spec order: a connector is its table
// specs.
class WatermarkReader final : public Source {
 public:
  WatermarkReader(DatabaseSettings settings, std::vector<TableSpec> tables);
  ~WatermarkReader() override;

  absl::Status Start(std::string_view checkpoint) override;
  // Up to `max_changes` rows in all, table by table, in spec order. An error
  // (the database cannot be reached) leaves the watermarks where they were.
  absl::StatusOr<Batch> Poll(int max_changes) override;
  void Stop() override { stopped_ = true; }

 private:
  struct Watermark {
    std::string ts;  // "" = from the start
    int64_t id = 0;
  };
  std::string Checkpoint() const;
  absl::Status Connect();

  const DatabaseSettings settings_;
  const std::vector<TableSpec> tables_;
  std::vector<std::string> queries_;  // per table, with the WHERE clause
  std::map<std::string, Watermark> marks_;
  std::unique_ptr<MysqlConnection> conn_;
  std::atomic<bool> stopped_{false};
};

// The SourceFactory of a connector that is its table specs: validates the
// database settings, then builds a WatermarkReader over `tables()`.
SourceFactory WatermarkSourceFactory(std::vector<TableSpec> (*tables)());

}  // namespace mdm::connectors::sql_source
