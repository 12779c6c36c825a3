#include "hub/store/mysql_fact_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <utility>

#include "hub/store/change_encoding.h"
#include "hub/store/fact_codec.h"
#include "hub/store/mysql_checkpoint_store.h"
#include "hub/store/mysql_retry.h"

namespace mdm {
namespace {

constexpr char kPut[] =
    "INSERT INTO facts (source, fact_id, source_record_id, category,"
    " occurred_at_us, data) VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
    " source_record_id = VALUES(source_record_id),"
    " category = VALUES(category), occurred_at_us = VALUES(occurred_at_us),"
    " data = VALUES(data)";
#define MDM_FACT_COLUMNS                                                   \
  "SELECT fact_id, source_record_id, category, occurred_at_us, data FROM " \
  "facts"
constexpr char kListSource[] = MDM_FACT_COLUMNS
    " WHERE source = ? AND fact_id > ? ORDER BY fact_id LIMIT ?";
constexpr char kListRecord[] = MDM_FACT_COLUMNS
    " WHERE source = ? AND source_record_id = ? AND fact_id > ?"
    " ORDER BY fact_id LIMIT ?";
#undef MDM_FACT_COLUMNS

sql::SQLString Str(std::string_view s) {
  return sql::SQLString(std::string(s));
}

std::string Text(const sql::ResultSet& rs, uint32_t column) {
  return rs.getString(column).asStdString();
}

}  // namespace

absl::StatusOr<std::unique_ptr<MysqlFactStore>> MysqlFactStore::Open(
    MysqlOptions options) {
  ASSIGN_OR_RETURN(std::unique_ptr<MysqlPool> pool,
                   OpenMigratedMysqlPool(std::move(options)));
  return std::unique_ptr<MysqlFactStore>(new MysqlFactStore(std::move(pool)));
}

absl::Status MysqlFactStore::Put(absl::Span<const Fact> facts) {
  if (facts.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<std::string> data, EncodeFacts(facts));
  return RunWithRetry<bool>(*pool_, "put facts",
                            [&](MysqlConnection& conn) -> absl::StatusOr<bool> {
                              conn.Exec("START TRANSACTION");
                              for (size_t i = 0; i < facts.size(); ++i) {
                                const Fact& f = facts[i];
                                sql::PreparedStatement& q = conn.Prepare(kPut);
                                q.setString(1, Str(f.record.source));
                                q.setString(2, Str(f.fact_id));
                                q.setString(3, Str(f.record.source_record_id));
                                q.setString(4, FactCategoryName(f.category));
                                q.setInt64(5, f.occurred_at_us);
                                q.setString(6, Str(data[i]));
                                q.executeUpdate();
                              }
                              conn.Exec("COMMIT");
                              return true;
                            })
      .status();
}

absl::StatusOr<std::vector<Fact>> MysqlFactStore::List(
    std::string_view source, std::string_view source_record_id,
    std::string_view after, int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  return RunWithRetry<std::vector<Fact>>(
      *pool_, "list facts",
      [&](MysqlConnection& conn) -> absl::StatusOr<std::vector<Fact>> {
        const bool one_record = !source_record_id.empty();
        sql::PreparedStatement& q =
            conn.Prepare(one_record ? kListRecord : kListSource);
        unsigned param = 1;
        q.setString(param++, Str(source));
        if (one_record) q.setString(param++, Str(source_record_id));
        q.setString(param++, Str(after));
        q.setInt(param, limit);
        std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
        std::vector<Fact> out;
        while (rs->next()) {
          Fact f;
          f.record.source = source;
          f.fact_id = Text(*rs, 1);
          f.record.source_record_id = Text(*rs, 2);
          ASSIGN_OR_RETURN(f.category, FactCategoryFromName(Text(*rs, 3)));
          f.occurred_at_us = rs->getInt64(4);
          RETURN_IF_ERROR(DecodeFactData(Text(*rs, 5), &f));
          out.push_back(std::move(f));
        }
        return out;
      });
}

}  // namespace mdm
