// AuditStore in the hub's MySQL-family database (table audit_events), on a
// small connection pool of its own.
#pragma once

#include <memory>

#include "hub/store/audit_store.h"
#include "hub/store/mysql_conn.h"

namespace mdm {

class MysqlAuditStore final : public AuditStore {
 public:
  // Connects (creating the database if allowed) and migrates the schema.
  static absl::StatusOr<std::unique_ptr<MysqlAuditStore>> Open(
      MysqlOptions options);

  // Retried once on a lost connection (mysql_retry.h): an event whose
  // answer was lost may then be recorded twice, never missing.
  absl::StatusOr<int64_t> Append(const AuditEvent& event) override;
  absl::StatusOr<std::vector<AuditEvent>> List(
      const AuditQuery& query) override;

 private:
  explicit MysqlAuditStore(std::unique_ptr<MysqlPool> pool)
      : pool_(std::move(pool)) {}

  std::unique_ptr<MysqlPool> pool_;
};

}  // namespace mdm
