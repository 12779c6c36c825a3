// AuditStore in the hub's SQLite file (table audit_events), on one
// connection of its own behind a mutex: one small insert per mutating call.
#pragma once

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "hub/store/audit_store.h"
#include "hub/store/sqlite_db.h"

namespace mdm {

class SqliteAuditStore final : public AuditStore {
 public:
  // Opens the database at `path` (created and migrated if needed).
  static absl::StatusOr<std::unique_ptr<SqliteAuditStore>> Open(
      const std::string& path);

  absl::StatusOr<int64_t> Append(const AuditEvent& event) override;
  absl::StatusOr<std::vector<AuditEvent>> List(
      const AuditQuery& query) override;

 private:
  explicit SqliteAuditStore(std::unique_ptr<SqliteConnection> conn)
      : conn_(std::move(conn)) {}

  absl::Mutex mu_;
  std::unique_ptr<SqliteConnection> conn_ ABSL_GUARDED_BY(mu_);
};

}  // namespace mdm
