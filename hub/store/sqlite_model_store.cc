#include "hub/store/sqlite_model_store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/store/model_sql.h"
#include "hub/store/sqlite_schema.h"

namespace mdm {
namespace {

StoredModel FromRow(const SqliteQuery& q) {
  return {.version = q.Int(0),
          .parameters = std::string(q.Text(1)),
          .description = std::string(q.Text(2)),
          .created_at_us = q.Int(3),
          .active = q.Int(4) != 0};
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteModelStore>> SqliteModelStore::Open(
    const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> conn,
                   OpenMigratedSqlite(path));
  return std::unique_ptr<SqliteModelStore>(
      new SqliteModelStore(std::move(conn)));
}

absl::StatusOr<int64_t> SqliteModelStore::Add(std::string_view parameters,
                                              std::string_view description,
                                              int64_t now_us) {
  absl::MutexLock lock(&mu_);
  RETURN_IF_ERROR(SqliteQuery(*conn_, model_sql::kInsert)
                      .Bind(parameters)
                      .Bind(description)
                      .Bind(now_us)
                      .Run());
  return static_cast<int64_t>(sqlite3_last_insert_rowid(conn_->db()));
}

absl::StatusOr<std::optional<StoredModel>> SqliteModelStore::One(
    const char* sql, std::optional<int64_t> version) {
  SqliteQuery q(*conn_, sql);
  if (version) q.Bind(*version);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::nullopt;
  return FromRow(q);
}

absl::StatusOr<std::optional<StoredModel>> SqliteModelStore::Get(
    int64_t version) {
  absl::MutexLock lock(&mu_);
  return One(model_sql::kGet, version);
}

absl::StatusOr<std::optional<StoredModel>> SqliteModelStore::Active() {
  absl::MutexLock lock(&mu_);
  return One(model_sql::kActive, std::nullopt);
}

absl::StatusOr<std::vector<StoredModel>> SqliteModelStore::List() {
  absl::MutexLock lock(&mu_);
  SqliteQuery q(*conn_, model_sql::kList);
  std::vector<StoredModel> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(FromRow(q));
  }
  return out;
}

absl::Status SqliteModelStore::Activate(int64_t version) {
  absl::MutexLock lock(&mu_);
  ASSIGN_OR_RETURN(std::optional<StoredModel> m, One(model_sql::kGet, version));
  if (!m) return absl::NotFoundError(absl::StrCat("no model ", version));
  return SqliteQuery(*conn_, model_sql::kActivate).Bind(version).Run();
}

}  // namespace mdm
