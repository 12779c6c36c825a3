#include "hub/store/checkpoint_rules.h"

#include "absl/strings/str_cat.h"

namespace mdm {

absl::Status CheckSameSource(const ConnectorState& stored,
                             std::string_view source) {
  if (stored.source == source) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("connector ", stored.id, " is registered for source ",
                   stored.source, ", not ", std::string(source)));
}

absl::StatusOr<ConnectorState> CommitOutcome(
    const CheckpointCommit& commit, bool applied,
    std::optional<ConnectorState> now) {
  if (!now.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("connector ", commit.id, " is not registered"));
  }
  if (!applied) {
    return absl::AbortedError(absl::StrCat(
        "connector ", commit.id, ": checkpoint generation is ", now->generation,
        ", the commit expected ", commit.expected_generation,
        " (another instance committed meanwhile)"));
  }
  return *std::move(now);
}

}  // namespace mdm
