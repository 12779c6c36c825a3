// The Connectors API's domain side: validates what connectors report and
// keeps it in the CheckpointStore, stamping commits with the hub's clock.
// Field paths in errors are the request's ("connector_id", "position").
//
// Thread-safe (the store is).
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "hub/common/clock.h"
#include "hub/store/checkpoint_store.h"

namespace mdm::service {

inline constexpr size_t kMaxConnectorIdLength = 64;
inline constexpr size_t kMaxPositionBytes = 64 * 1024;
inline constexpr size_t kMaxErrorLength = 4096;

class ConnectorRegistry {
 public:
  // `store` and `clock` must outlive the registry.
  ConnectorRegistry(CheckpointStore* store, const Clock* clock)
      : store_(store), clock_(clock) {}

  // Ids: 1-64 letters, digits, '-', '_' or '.'. Sources as for records.
  absl::StatusOr<ConnectorState> Register(std::string_view id,
                                          std::string_view source);
  // NotFound when `id` is not registered.
  absl::StatusOr<ConnectorState> Get(std::string_view id);
  // `commit.now_us` is set here. Counters and lag must not be negative.
  absl::StatusOr<ConnectorState> Commit(CheckpointCommit commit);
  absl::StatusOr<std::vector<ConnectorState>> List(std::string_view after,
                                                   int limit);

 private:
  CheckpointStore* const store_;
  const Clock* const clock_;
};

// InvalidArgument naming "connector_id" unless `id` is a valid id.
absl::Status ValidateConnectorId(std::string_view id);

}  // namespace mdm::service
