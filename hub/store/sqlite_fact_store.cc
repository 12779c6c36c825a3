#include "hub/store/sqlite_fact_store.h"

#include <utility>

#include "hub/common/status_macros.h"
#include "hub/store/change_encoding.h"
#include "hub/store/fact_codec.h"
#include "hub/store/sqlite_schema.h"

namespace mdm {
namespace {

constexpr char kBegin[] = "BEGIN IMMEDIATE";
constexpr char kCommit[] = "COMMIT";
constexpr char kRollback[] = "ROLLBACK";
constexpr char kPut[] =
    "INSERT OR REPLACE INTO facts (source, fact_id, source_record_id,"
    " category, occurred_at_us, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
// Two statements rather than one with "?2 = '' OR ...", which would keep
// SQLite from using facts_by_record.
#define MDM_FACT_COLUMNS                                                   \
  "SELECT fact_id, source_record_id, category, occurred_at_us, data FROM " \
  "facts"
constexpr char kListSource[] = MDM_FACT_COLUMNS
    " WHERE source = ?1 AND fact_id > ?2 ORDER BY fact_id LIMIT ?3";
constexpr char kListRecord[] = MDM_FACT_COLUMNS
    " WHERE source = ?1 AND source_record_id = ?2 AND fact_id > ?3"
    " ORDER BY fact_id LIMIT ?4";
#undef MDM_FACT_COLUMNS

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteFactStore>> SqliteFactStore::Open(
    const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> conn,
                   OpenMigratedSqlite(path));
  return std::unique_ptr<SqliteFactStore>(new SqliteFactStore(std::move(conn)));
}

absl::Status SqliteFactStore::Put(absl::Span<const Fact> facts) {
  if (facts.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<std::string> data, EncodeFacts(facts));
  absl::MutexLock lock(&mu_);
  RETURN_IF_ERROR(SqliteQuery(*conn_, kBegin).Run());
  absl::Status status = PutLocked(facts, data);
  if (status.ok()) status = SqliteQuery(*conn_, kCommit).Run();
  if (!status.ok() && sqlite3_get_autocommit(conn_->db()) == 0) {
    SqliteQuery(*conn_, kRollback).Run().IgnoreError();
  }
  return status;
}

absl::Status SqliteFactStore::PutLocked(absl::Span<const Fact> facts,
                                        absl::Span<const std::string> data) {
  for (size_t i = 0; i < facts.size(); ++i) {
    const Fact& f = facts[i];
    RETURN_IF_ERROR(SqliteQuery(*conn_, kPut)
                        .Bind(f.record.source)
                        .Bind(f.fact_id)
                        .Bind(f.record.source_record_id)
                        .Bind(FactCategoryName(f.category))
                        .Bind(f.occurred_at_us)
                        .Bind(data[i])
                        .Run());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Fact>> SqliteFactStore::List(
    std::string_view source, std::string_view source_record_id,
    std::string_view after, int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  absl::MutexLock lock(&mu_);
  const bool one_record = !source_record_id.empty();
  SqliteQuery q(*conn_, one_record ? kListRecord : kListSource);
  q.Bind(source);
  if (one_record) q.Bind(source_record_id);
  q.Bind(after).Bind(int64_t{limit});
  std::vector<Fact> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    Fact f;
    f.record.source = source;
    f.fact_id = q.Text(0);
    f.record.source_record_id = q.Text(1);
    ASSIGN_OR_RETURN(f.category, FactCategoryFromName(q.Text(2)));
    f.occurred_at_us = q.Int(3);
    RETURN_IF_ERROR(DecodeFactData(q.Text(4), &f));
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace mdm
