#include "hub/service/connector_registry.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "hub/common/errors.h"
#include "hub/common/status_macros.h"
#include "hub/service/record_validation.h"

namespace mdm::service {

absl::Status ValidateConnectorId(std::string_view id) {
  const bool ok = !id.empty() && id.size() <= kMaxConnectorIdLength &&
                  std::all_of(id.begin(), id.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                           c == '.';
                  });
  if (ok) return absl::OkStatus();
  return FieldError("connector_id",
                    absl::StrCat("must be 1 to ", kMaxConnectorIdLength,
                                 " letters, digits, '-', '_' or '.'"));
}

absl::StatusOr<ConnectorState> ConnectorRegistry::Register(
    std::string_view id, std::string_view source) {
  RETURN_IF_ERROR(ValidateConnectorId(id));
  // The source is the one its records will carry: the same rules apply.
  RETURN_IF_ERROR(ValidateRecordKey({std::string(source), "-"}, /*prefix=*/""));
  return store_->Register(id, source, clock_->NowMicros());
}

absl::StatusOr<ConnectorState> ConnectorRegistry::Get(std::string_view id) {
  RETURN_IF_ERROR(ValidateConnectorId(id));
  ASSIGN_OR_RETURN(std::optional<ConnectorState> state, store_->Get(id));
  if (!state.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("connector ", std::string(id), " is not registered"));
  }
  return *std::move(state);
}

absl::StatusOr<ConnectorState> ConnectorRegistry::Commit(
    CheckpointCommit commit) {
  RETURN_IF_ERROR(ValidateConnectorId(commit.id));
  if (commit.position.size() > kMaxPositionBytes) {
    return FieldError("position",
                      absl::StrCat("at most ", kMaxPositionBytes, " bytes"));
  }
  if (commit.expected_generation < 0) {
    return FieldError("expected_generation", "must not be negative");
  }
  const ConnectorCounters& n = commit.counters;
  if (n.records_read < 0 || n.records_sent < 0 || n.records_acknowledged < 0 ||
      n.records_rejected < 0) {
    return FieldError("counters", "must not be negative");
  }
  if (commit.lag_ms < 0) return FieldError("lag_ms", "must not be negative");
  if (commit.last_error.size() > kMaxErrorLength) {
    return FieldError("last_error",
                      absl::StrCat("at most ", kMaxErrorLength, " bytes"));
  }
  commit.now_us = clock_->NowMicros();
  return store_->Commit(commit);
}

absl::StatusOr<std::vector<ConnectorState>> ConnectorRegistry::List(
    std::string_view after, int limit) {
  return store_->List(after, limit);
}

}  // namespace mdm::service
