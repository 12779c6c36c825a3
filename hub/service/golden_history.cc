// ResolutionService: reads of the golden history, change feed and conflicts
// the store keeps (see ChangeSet: they are written with every change).
#include "absl/strings/str_cat.h"
#include "hub/common/errors.h"
#include "hub/common/status_macros.h"
#include "hub/service/resolution_service.h"

namespace mdm::service {

absl::StatusOr<GoldenRecord> ResolutionService::GetGoldenAsOf(
    absl::string_view golden_id, int64_t as_of_us) {
  const std::string id(StripCustomerPrefix(golden_id));
  if (id.empty()) return FieldError("golden_id", "required");
  ASSIGN_OR_RETURN(std::optional<GoldenRecord> g,
                   store_->GetEntityAsOf(id, as_of_us));
  if (g) return *std::move(g);
  // Merged away by then: the survivor as it stood.
  ASSIGN_OR_RETURN(std::optional<std::string> target,
                   store_->ResolveRedirect(id));
  if (target) {
    ASSIGN_OR_RETURN(g, store_->GetEntityAsOf(*target, as_of_us));
    if (g) return *std::move(g);
  }
  return WithField(absl::NotFoundError(absl::StrCat(
                       "customer ", id, " did not exist at that time")),
                   "as_of");
}

absl::StatusOr<std::vector<GoldenRecord>> ResolutionService::ListGoldenHistory(
    absl::string_view golden_id, int64_t before_version, int limit) {
  const std::string id(StripCustomerPrefix(golden_id));
  if (id.empty()) return FieldError("golden_id", "required");
  ASSIGN_OR_RETURN(std::vector<GoldenRecord> versions,
                   store_->ListEntityHistory(id, before_version, limit));
  if (versions.empty() && before_version == 0) {
    return WithField(absl::NotFoundError(absl::StrCat("no customer ", id)),
                     "golden_id");
  }
  return versions;
}

absl::StatusOr<std::vector<ChangeEvent>> ResolutionService::ListChangeEvents(
    int64_t after, int limit) {
  if (after < 0) return FieldError("after_sequence", "must not be negative");
  return store_->ListChangeEvents(after, limit);
}

absl::StatusOr<std::vector<EntityConflict>> ResolutionService::ListConflicts(
    const EntityConflict& after, int limit) {
  return store_->ListConflicts(after, limit);
}

}  // namespace mdm::service
