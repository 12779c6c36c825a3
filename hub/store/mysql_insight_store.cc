#include "hub/store/mysql_insight_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <utility>

#include "hub/store/change_encoding.h"
#include "hub/store/mysql_checkpoint_store.h"
#include "hub/store/mysql_retry.h"

namespace mdm {
namespace {

constexpr char kPut[] =
    "INSERT INTO insight_items (kind, item_key, data, at_us) VALUES (?, ?, ?,"
    " ?) ON DUPLICATE KEY UPDATE data = VALUES(data), at_us = VALUES(at_us)";
constexpr char kDelete[] =
    "DELETE FROM insight_items WHERE kind = ? AND item_key = ?";
// item_key is VARBINARY: LEFT/LENGTH count bytes, comparisons are bytewise.
constexpr char kList[] =
    "SELECT item_key, data, at_us FROM insight_items WHERE kind = ?"
    " AND item_key >= ? AND item_key > ? AND LEFT(item_key, LENGTH(?)) = ?"
    " ORDER BY item_key LIMIT ?";

sql::SQLString Str(std::string_view s) {
  return sql::SQLString(std::string(s));
}

}  // namespace

absl::StatusOr<std::unique_ptr<MysqlInsightStore>> MysqlInsightStore::Open(
    MysqlOptions options) {
  ASSIGN_OR_RETURN(std::unique_ptr<MysqlPool> pool,
                   OpenMigratedMysqlPool(std::move(options)));
  return std::unique_ptr<MysqlInsightStore>(
      new MysqlInsightStore(std::move(pool)));
}

absl::Status MysqlInsightStore::Put(const InsightItem& item) {
  RETURN_IF_ERROR(ValidateInsightItem(item));
  return RunWithRetry<bool>(*pool_, "put insight item",
                            [&](MysqlConnection& conn) -> absl::StatusOr<bool> {
                              sql::PreparedStatement& q = conn.Prepare(kPut);
                              q.setString(1, Str(item.kind));
                              q.setString(2, Str(item.key));
                              q.setString(3, Str(item.data));
                              q.setInt64(4, item.at_us);
                              q.executeUpdate();
                              return true;
                            })
      .status();
}

absl::Status MysqlInsightStore::Delete(std::string_view kind,
                                       std::string_view key) {
  return RunWithRetry<bool>(*pool_, "delete insight item",
                            [&](MysqlConnection& conn) -> absl::StatusOr<bool> {
                              sql::PreparedStatement& q = conn.Prepare(kDelete);
                              q.setString(1, Str(kind));
                              q.setString(2, Str(key));
                              q.executeUpdate();
                              return true;
                            })
      .status();
}

absl::StatusOr<std::vector<InsightItem>> MysqlInsightStore::List(
    std::string_view kind, std::string_view prefix, std::string_view after,
    int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  return RunWithRetry<std::vector<InsightItem>>(
      *pool_, "list insight items",
      [&](MysqlConnection& conn) -> absl::StatusOr<std::vector<InsightItem>> {
        sql::PreparedStatement& q = conn.Prepare(kList);
        q.setString(1, Str(kind));
        q.setString(2, Str(prefix));
        q.setString(3, Str(after));
        q.setString(4, Str(prefix));
        q.setString(5, Str(prefix));
        q.setInt(6, limit);
        std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
        std::vector<InsightItem> out;
        while (rs->next()) {
          out.push_back(
              InsightItem{std::string(kind), rs->getString(1).asStdString(),
                          rs->getString(2).asStdString(), rs->getInt64(3)});
        }
        return out;
      });
}

}  // namespace mdm
