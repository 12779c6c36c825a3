// Reads the insight rules file named by --insight_rules.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "hub/insight/rules.h"

namespace mdm::server {

// The defaults for an empty path; NotFound for a file that cannot be read;
// ParseRules' errors (with the path) for a malformed one.
absl::StatusOr<insight::InsightRules> LoadInsightRules(const std::string& path);

}  // namespace mdm::server
