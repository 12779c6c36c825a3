// ModelStore in the hub's SQLite file (schema step 7). One connection of its
// own behind a mutex: models are written a few times a day.
#pragma once

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "hub/store/model_store.h"
#include "hub/store/sqlite_db.h"

namespace mdm {

class SqliteModelStore final : public ModelStore {
 public:
  // Opens the database at `path` (created and migrated if needed).
  static absl::StatusOr<std::unique_ptr<SqliteModelStore>> Open(
      const std::string& path);

  absl::StatusOr<int64_t> Add(std::string_view parameters,
                              std::string_view description,
                              int64_t now_us) override;
  absl::StatusOr<std::optional<StoredModel>> Get(int64_t version) override;
  absl::StatusOr<std::optional<StoredModel>> Active() override;
  absl::StatusOr<std::vector<StoredModel>> List() override;
  absl::Status Activate(int64_t version) override;

 private:
  explicit SqliteModelStore(std::unique_ptr<SqliteConnection> conn)
      : conn_(std::move(conn)) {}

  // The one row `sql` selects, binding `version` when given.
  absl::StatusOr<std::optional<StoredModel>> One(const char* sql,
                                                 std::optional<int64_t> version)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex mu_;
  std::unique_ptr<SqliteConnection> conn_ ABSL_GUARDED_BY(mu_);
};

}  // namespace mdm
