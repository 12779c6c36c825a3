// FactStore in the hub's MySQL-family database (tables of schema version 2),
// on a small connection pool of its own. Put() is one InnoDB transaction of
// upserts by key, hence safe to run again after a lost connection or a
// deadlock (mysql_retry.h).
#pragma once

#include <memory>

#include "hub/store/fact_store.h"
#include "hub/store/mysql_conn.h"

namespace mdm {

class MysqlFactStore final : public FactStore {
 public:
  // Connects (creating the database if allowed) and migrates the schema.
  static absl::StatusOr<std::unique_ptr<MysqlFactStore>> Open(
      MysqlOptions options);

  absl::Status Put(absl::Span<const Fact> facts) override;
  absl::StatusOr<std::vector<Fact>> List(std::string_view source,
                                         std::string_view source_record_id,
                                         std::string_view after,
                                         int limit) override;

 private:
  explicit MysqlFactStore(std::unique_ptr<MysqlPool> pool)
      : pool_(std::move(pool)) {}

  std::unique_ptr<MysqlPool> pool_;
};

}  // namespace mdm
