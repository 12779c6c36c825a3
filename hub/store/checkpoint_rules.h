// Decisions every CheckpointStore makes the same way, kept in one place so
// the SQLite and MySQL implementations cannot drift apart.
#pragma once

#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "hub/model/connector_state.h"

// The connectors table's columns in the order both stores read them.
#define MDM_CONNECTOR_SELECT                                            \
  "SELECT id, source, generation, position, registered_at_us,"          \
  " committed_at_us, records_read, records_sent, records_acknowledged," \
  " records_rejected, lag_ms, last_error, last_error_at_us FROM connectors"

namespace mdm {

// FailedPrecondition when `stored` was registered for another source.
absl::Status CheckSameSource(const ConnectorState& stored,
                             std::string_view source);

// The answer to a compare-and-set commit, given whether the conditional
// update changed the row and the row as read afterwards: the new state, or
// NotFound (no such connector), or Aborted (generation moved on).
absl::StatusOr<ConnectorState> CommitOutcome(const CheckpointCommit& commit,
                                             bool applied,
                                             std::optional<ConnectorState> now);

}  // namespace mdm
