#include "hub/store/sqlite_insight_store.h"

#include <utility>

#include "hub/common/status_macros.h"
#include "hub/store/change_encoding.h"
#include "hub/store/sqlite_schema.h"

namespace mdm {
namespace {

constexpr char kPut[] =
    "INSERT OR REPLACE INTO insight_items (kind, item_key, data, at_us)"
    " VALUES (?1, ?2, ?3, ?4)";
constexpr char kDelete[] =
    "DELETE FROM insight_items WHERE kind = ?1 AND item_key = ?2";
// The range condition on item_key lets SQLite seek to the prefix; substr
// then ends the prefix.
constexpr char kList[] =
    "SELECT item_key, data, at_us FROM insight_items WHERE kind = ?1"
    " AND item_key >= ?2 AND item_key > ?3"
    " AND substr(item_key, 1, length(?2)) = ?2 ORDER BY item_key LIMIT ?4";

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteInsightStore>> SqliteInsightStore::Open(
    const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> conn,
                   OpenMigratedSqlite(path));
  return std::unique_ptr<SqliteInsightStore>(
      new SqliteInsightStore(std::move(conn)));
}

absl::Status SqliteInsightStore::Put(const InsightItem& item) {
  RETURN_IF_ERROR(ValidateInsightItem(item));
  absl::MutexLock lock(&mu_);
  return SqliteQuery(*conn_, kPut)
      .Bind(item.kind)
      .Bind(item.key)
      .Bind(item.data)
      .Bind(item.at_us)
      .Run();
}

absl::Status SqliteInsightStore::Delete(std::string_view kind,
                                        std::string_view key) {
  absl::MutexLock lock(&mu_);
  return SqliteQuery(*conn_, kDelete).Bind(kind).Bind(key).Run();
}

absl::StatusOr<std::vector<InsightItem>> SqliteInsightStore::List(
    std::string_view kind, std::string_view prefix, std::string_view after,
    int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  absl::MutexLock lock(&mu_);
  SqliteQuery q(*conn_, kList);
  q.Bind(kind).Bind(prefix).Bind(after).Bind(int64_t{limit});
  std::vector<InsightItem> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(InsightItem{std::string(kind), std::string(q.Text(0)),
                              std::string(q.Text(1)), q.Int(2)});
  }
  return out;
}

}  // namespace mdm
