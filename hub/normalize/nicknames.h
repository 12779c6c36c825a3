// English given-name diminutives and spelling variants (Bob, Bobby, Rob ->
// robert; Peggy, Maggie -> margaret; Kathryn, Catherine -> katherine), so
// that "Bob Smith" and "Robert Smith" can meet in blocking and be scored as
// the same name said differently rather than as a mismatch.
#pragma once

#include <string_view>

#include "absl/types/span.h"
#include "hub/normalize/name.h"

namespace mdm::normalize {

// The canonical given names a lower-case ASCII token may stand for: empty
// when the token is not a known diminutive or variant (it is then its own
// canonical form, e.g. "robert"). Ambiguous diminutives have several ("al":
// albert, alan, alfred, alexander). Thread-safe; the views point into static
// storage.
absl::Span<const std::string_view> CanonicalGivenNames(std::string_view token);

// True when the two names share a key once diminutives are made canonical on
// both sides (NormalizedName::nickname_keys, else keys) and at least one of
// them has a diminutive: "Bob Smith" and "Robert Smith", "Bobby Smith" and
// "Rob Smith". Pure.
bool SameNameByNickname(const NormalizedName& a, const NormalizedName& b);

}  // namespace mdm::normalize
