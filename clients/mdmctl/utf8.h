// Strict UTF-8 validation for CSV input. Written out by hand (rather than
// pulled from ICU) so the CSV library stays dependency-free.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace mdm::csv {

// Returns the byte offset of the first byte that does not begin a well-formed
// UTF-8 sequence, or std::nullopt when all of `s` is well-formed. Follows the
// Unicode table of well-formed byte sequences: overlong forms, surrogates
// (U+D800..U+DFFF) and code points above U+10FFFF are rejected.
std::optional<size_t> FindInvalidUtf8(std::string_view s);

}  // namespace mdm::csv
