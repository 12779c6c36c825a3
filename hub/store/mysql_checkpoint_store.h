// CheckpointStore in the hub's MySQL-family database (tables of schema
// version 2), on a small connection pool of its own. Each method is one or
// two autocommitted statements; Commit is a conditional UPDATE
// (compare-and-set on the generation), so a retry after a lost connection
// can only find the commit done (Aborted, the caller re-reads) or not done.
#pragma once

#include <memory>

#include "hub/store/checkpoint_store.h"
#include "hub/store/mysql_conn.h"

namespace mdm {

class MysqlCheckpointStore final : public CheckpointStore {
 public:
  // Connects (creating the database if allowed) and migrates the schema.
  static absl::StatusOr<std::unique_ptr<MysqlCheckpointStore>> Open(
      MysqlOptions options);

  absl::StatusOr<ConnectorState> Register(std::string_view id,
                                          std::string_view source,
                                          int64_t now_us) override;
  absl::StatusOr<std::optional<ConnectorState>> Get(
      std::string_view id) override;
  absl::StatusOr<ConnectorState> Commit(
      const CheckpointCommit& commit) override;
  absl::StatusOr<std::vector<ConnectorState>> List(std::string_view after,
                                                   int limit) override;

 private:
  explicit MysqlCheckpointStore(std::unique_ptr<MysqlPool> pool)
      : pool_(std::move(pool)) {}

  std::unique_ptr<MysqlPool> pool_;
};

// A pool on `options.database` with its schema brought up to date, for the
// stores kept beside the Store. Two connections unless options say fewer.
absl::StatusOr<std::unique_ptr<MysqlPool>> OpenMigratedMysqlPool(
    MysqlOptions options);

}  // namespace mdm
