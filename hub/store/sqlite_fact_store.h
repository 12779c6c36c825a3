// FactStore in the hub's SQLite file (tables of schema version 2), on one
// connection of its own behind a mutex. Put() is one write transaction.
#pragma once

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "hub/store/fact_store.h"
#include "hub/store/sqlite_db.h"

namespace mdm {

class SqliteFactStore final : public FactStore {
 public:
  // Opens the database at `path` (created and migrated if needed).
  static absl::StatusOr<std::unique_ptr<SqliteFactStore>> Open(
      const std::string& path);

  absl::Status Put(absl::Span<const Fact> facts) override;
  absl::StatusOr<std::vector<Fact>> List(std::string_view source,
                                         std::string_view source_record_id,
                                         std::string_view after,
                                         int limit) override;

 private:
  explicit SqliteFactStore(std::unique_ptr<SqliteConnection> conn)
      : conn_(std::move(conn)) {}

  absl::Status PutLocked(absl::Span<const Fact> facts,
                         absl::Span<const std::string> data)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex mu_;
  std::unique_ptr<SqliteConnection> conn_ ABSL_GUARDED_BY(mu_);
};

}  // namespace mdm
