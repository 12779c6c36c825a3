#include "hub/access/principal.h"

#include "absl/strings/str_cat.h"

namespace mdm::access {

absl::StatusOr<Role> ParseRole(absl::string_view name) {
  for (Role r :
       {Role::kReader, Role::kConnector, Role::kSteward, Role::kAdmin}) {
    if (name == RoleName(r)) return r;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown role \"", name, "\" (reader, connector, steward or admin)"));
}

const char* RoleName(Role role) {
  switch (role) {
    case Role::kReader:
      return "reader";
    case Role::kConnector:
      return "connector";
    case Role::kSteward:
      return "steward";
    case Role::kAdmin:
      return "admin";
  }
  return "unknown";
}

}  // namespace mdm::access
