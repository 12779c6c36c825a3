// Who is calling: the principal an access check produced, and its role.
// Plain data; see hub/access/access_control.h for how one is found.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "hub/common/string_view.h"

namespace mdm::access {

// Roles, from least to most trusted. A connector is not "below" a reader:
// it may write its own source but read nothing (see method_policy.h).
enum class Role { kReader, kConnector, kSteward, kAdmin };

// "reader", "connector", "steward", "admin".
absl::StatusOr<Role> ParseRole(absl::string_view name);
const char* RoleName(Role role);

struct Principal {
  // For logs and the audit trail: "token:NAME", "cert:CN" or "anonymous".
  std::string name;
  Role role = Role::kReader;
  // A connector's source: the only source whose records, facts and
  // checkpoints it may write. Empty for other roles.
  std::string source;
  // The `pii` scope: answers carry national ids, phones, e-mails and birth
  // dates unmasked.
  bool pii = false;
};

}  // namespace mdm::access
