// Persistence of connector checkpoints and status, beside the Store (same
// database, own tables and schema steps) so the record path stays untouched.
// Implemented by SqliteCheckpointStore and MysqlCheckpointStore; both pass
// tests/unit/store/checkpoint_store_contract_test.
//
// Thread safety: implementations are safe for concurrent use. Every method
// is one transaction (or one statement).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "hub/model/connector_state.h"

namespace mdm {

class CheckpointStore {
 public:
  virtual ~CheckpointStore() = default;

  // Creates connector `id` for `source` (generation 0, empty position,
  // registered at `now_us`), or returns the stored one unchanged.
  // FailedPrecondition when `id` is registered for another source.
  virtual absl::StatusOr<ConnectorState> Register(std::string_view id,
                                                  std::string_view source,
                                                  int64_t now_us) = 0;

  // The stored connector, or nullopt.
  virtual absl::StatusOr<std::optional<ConnectorState>> Get(
      std::string_view id) = 0;

  // Replaces position, counters, lag and error and increments the
  // generation, only if the stored generation equals
  // commit.expected_generation: Aborted otherwise (nothing changed), NotFound
  // when the connector is not registered. Returns the new state.
  virtual absl::StatusOr<ConnectorState> Commit(
      const CheckpointCommit& commit) = 0;

  // Connectors with id > `after` in id order, at most `limit` (positive).
  virtual absl::StatusOr<std::vector<ConnectorState>> List(
      std::string_view after, int limit) = 0;
};

}  // namespace mdm
