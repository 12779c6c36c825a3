// The audit trail, append-only: there is no way to change or remove an event
// through this interface (nor any UPDATE or DELETE of audit_events in the
// code). Beside the Store, in the same database (own table and schema step).
// Implemented by SqliteAuditStore and MysqlAuditStore; both pass
// tests/unit/store/audit_store_contract_test.
//
// Thread safety: implementations are safe for concurrent use.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "hub/model/audit_event.h"

namespace mdm {

class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // Appends `event` (its id is ignored) and returns the id it was given,
  // greater than every id before it. Durable when this returns.
  virtual absl::StatusOr<int64_t> Append(const AuditEvent& event) = 0;

  // The events `query` selects (hub/model/audit_event.h); InvalidArgument
  // unless query.limit is positive.
  virtual absl::StatusOr<std::vector<AuditEvent>> List(
      const AuditQuery& query) = 0;
};

}  // namespace mdm
