#include "hub/store/mysql_model_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "hub/store/model_sql.h"
#include "hub/store/mysql_checkpoint_store.h"
#include "hub/store/mysql_retry.h"

namespace mdm {
namespace {

StoredModel FromRow(const sql::ResultSet& rs) {
  return {.version = rs.getInt64(1),
          .parameters = rs.getString(2).asStdString(),
          .description = rs.getString(3).asStdString(),
          .created_at_us = rs.getInt64(4),
          .active = rs.getInt(5) != 0};
}

// Throws sql::SQLException.
std::optional<StoredModel> OneOn(MysqlConnection& conn, const char* sql,
                                 std::optional<int64_t> version) {
  sql::PreparedStatement& q = conn.Prepare(sql);
  if (version) q.setInt64(1, *version);
  std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
  if (!rs->next()) return std::nullopt;
  return FromRow(*rs);
}

}  // namespace

absl::StatusOr<std::unique_ptr<MysqlModelStore>> MysqlModelStore::Open(
    MysqlOptions options) {
  ASSIGN_OR_RETURN(std::unique_ptr<MysqlPool> pool,
                   OpenMigratedMysqlPool(std::move(options)));
  return std::unique_ptr<MysqlModelStore>(new MysqlModelStore(std::move(pool)));
}

absl::StatusOr<int64_t> MysqlModelStore::Add(std::string_view parameters,
                                             std::string_view description,
                                             int64_t now_us) {
  // Not repeated after a lost connection: a second insert would store the
  // model twice. The caller sees Unavailable and may train again.
  ASSIGN_OR_RETURN(MysqlPool::Lease conn, pool_->Acquire());
  try {
    sql::PreparedStatement& q = conn->Prepare(model_sql::kInsert);
    q.setString(1, sql::SQLString(std::string(parameters)));
    q.setString(2, sql::SQLString(std::string(description)));
    q.setInt64(3, now_us);
    q.executeUpdate();
    sql::PreparedStatement& id = conn->Prepare("SELECT LAST_INSERT_ID()");
    std::unique_ptr<sql::ResultSet> rs(id.executeQuery());
    if (!rs->next()) return absl::InternalError("no LAST_INSERT_ID()");
    return rs->getInt64(1);
  } catch (const sql::SQLException& e) {
    conn->MarkBroken();
    return SqlErrorToStatus(e, "add model");
  }
}

absl::StatusOr<std::optional<StoredModel>> MysqlModelStore::Get(
    int64_t version) {
  return RunWithRetry<std::optional<StoredModel>>(
      *pool_, "get model",
      [&](MysqlConnection& conn) -> absl::StatusOr<std::optional<StoredModel>> {
        return OneOn(conn, model_sql::kGet, version);
      });
}

absl::StatusOr<std::optional<StoredModel>> MysqlModelStore::Active() {
  return RunWithRetry<std::optional<StoredModel>>(
      *pool_, "get active model",
      [&](MysqlConnection& conn) -> absl::StatusOr<std::optional<StoredModel>> {
        return OneOn(conn, model_sql::kActive, std::nullopt);
      });
}

absl::StatusOr<std::vector<StoredModel>> MysqlModelStore::List() {
  return RunWithRetry<std::vector<StoredModel>>(
      *pool_, "list models",
      [&](MysqlConnection& conn) -> absl::StatusOr<std::vector<StoredModel>> {
        sql::PreparedStatement& q = conn.Prepare(model_sql::kList);
        std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
        std::vector<StoredModel> out;
        while (rs->next()) out.push_back(FromRow(*rs));
        return out;
      });
}

absl::Status MysqlModelStore::Activate(int64_t version) {
  return RunWithRetry<bool>(
             *pool_, "activate model",
             [&](MysqlConnection& conn) -> absl::StatusOr<bool> {
               if (!OneOn(conn, model_sql::kGet, version)) {
                 return absl::NotFoundError(absl::StrCat("no model ", version));
               }
               sql::PreparedStatement& q = conn.Prepare(model_sql::kActivate);
               q.setInt64(1, version);
               q.executeUpdate();
               return true;
             })
      .status();
}

}  // namespace mdm
