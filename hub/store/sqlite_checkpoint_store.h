// CheckpointStore in the hub's SQLite file (tables of schema version 2).
// One connection of its own, behind a mutex: checkpoint traffic is a few
// statements per connector batch, far from needing the Store's
// reader/writer split.
#pragma once

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "hub/store/checkpoint_store.h"
#include "hub/store/sqlite_db.h"

namespace mdm {

class SqliteCheckpointStore final : public CheckpointStore {
 public:
  // Opens the database at `path` (created and migrated if needed).
  static absl::StatusOr<std::unique_ptr<SqliteCheckpointStore>> Open(
      const std::string& path);

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
  explicit SqliteCheckpointStore(std::unique_ptr<SqliteConnection> conn)
      : conn_(std::move(conn)) {}

  absl::StatusOr<std::optional<ConnectorState>> GetLocked(std::string_view id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex mu_;
  std::unique_ptr<SqliteConnection> conn_ ABSL_GUARDED_BY(mu_);
};

}  // namespace mdm
