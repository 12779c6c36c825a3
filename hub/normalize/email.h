// E-mail address normalization.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mdm::normalize {

// Trims and lower-cases (the domain always; the local part too, as nearly all
// providers treat it case-insensitively) and checks the basic shape
// local@domain.tld. InvalidArgument with the reason otherwise.
absl::StatusOr<std::string> NormalizeEmail(std::string_view raw);

}  // namespace mdm::normalize
