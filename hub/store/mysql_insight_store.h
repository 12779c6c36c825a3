// InsightStore in the hub's MySQL-family database (table insight_items), on
// a small connection pool of its own. Every write is one upsert or delete by
// key, hence safe to retry (mysql_retry.h).
#pragma once

#include <memory>

#include "hub/store/insight_store.h"
#include "hub/store/mysql_conn.h"

namespace mdm {

class MysqlInsightStore final : public InsightStore {
 public:
  // Connects (creating the database if allowed) and migrates the schema.
  static absl::StatusOr<std::unique_ptr<MysqlInsightStore>> Open(
      MysqlOptions options);

  absl::Status Put(const InsightItem& item) override;
  absl::Status Delete(std::string_view kind, std::string_view key) override;
  absl::StatusOr<std::vector<InsightItem>> List(std::string_view kind,
                                                std::string_view prefix,
                                                std::string_view after,
                                                int limit) override;

 private:
  explicit MysqlInsightStore(std::unique_ptr<MysqlPool> pool)
      : pool_(std::move(pool)) {}

  std::unique_ptr<MysqlPool> pool_;
};

}  // namespace mdm
