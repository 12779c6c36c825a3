// InsightStore in the hub's SQLite file (table insight_items), on one
// connection of its own behind a mutex.
#pragma once

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "hub/store/insight_store.h"
#include "hub/store/sqlite_db.h"

namespace mdm {

class SqliteInsightStore final : public InsightStore {
 public:
  // Opens the database at `path` (created and migrated if needed).
  static absl::StatusOr<std::unique_ptr<SqliteInsightStore>> Open(
      const std::string& path);

  absl::Status Put(const InsightItem& item) override;
  absl::Status Delete(std::string_view kind, std::string_view key) override;
  absl::StatusOr<std::vector<InsightItem>> List(std::string_view kind,
                                                std::string_view prefix,
                                                std::string_view after,
                                                int limit) override;

 private:
  explicit SqliteInsightStore(std::unique_ptr<SqliteConnection> conn)
      : conn_(std::move(conn)) {}

  absl::Mutex mu_;
  std::unique_ptr<SqliteConnection> conn_ ABSL_GUARDED_BY(mu_);
};

}  // namespace mdm
