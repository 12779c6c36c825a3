// National identifiers: the 18-digit PRC resident identity number (GB 11643,
// ISO 7064 MOD 11-2 check digit; 15-digit legacy numbers upgraded to 18), the
// 18-character unified social credit code (GB 32100, mod-31 check character)
// and any other id (passport, foreign ids) kept as upper-case alphanumerics.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mdm::normalize {

enum class IdType { kResidentId, kSocialCreditCode, kOther };

struct NationalId {
  IdType type = IdType::kOther;
  std::string normalized;  // 18-char upper-case form, or cleaned other id
  std::string birth_date;  // YYYY-MM-DD encoded in a resident id, else empty
};

// Strips spaces, hyphens and dots, upper-cases. A string that looks like a
// resident id or a social credit code (by length and alphabet) must pass its
// checksum (and, for a resident id, carry a real calendar date), else
// InvalidArgument with the reason. Other ids need 4..32 alphanumerics.
absl::StatusOr<NationalId> NormalizeNationalId(std::string_view raw);

}  // namespace mdm::normalize
