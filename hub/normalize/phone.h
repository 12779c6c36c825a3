// Phone numbers to E.164 through libphonenumber.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mdm::normalize {

// Parses `raw` in any common formatting ("+86 138 0013 8000", "0086...",
// "(021)6...", "138-0013-8000") with `default_region` (ISO 3166 alpha-2) for
// numbers without a country code. Returns the E.164 form ("+8613800138000"), or
// InvalidArgument with the reason when the number cannot be parsed or is not a
// possible number. Thread-safe.
absl::StatusOr<std::string> NormalizePhone(
    std::string_view raw, std::string_view default_region = "CN");

}  // namespace mdm::normalize
