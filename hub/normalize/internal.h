// Private helpers shared by the normalizers; not part of the public contract.
#pragma once

#include <string_view>

#include "absl/strings/string_view.h"
#include "hub/common/string_view.h"

namespace mdm::normalize::internal {

// Debian's abseil has its own absl::string_view: the one bridge lives in
// hub/common/string_view.h.
using ::mdm::ToAbsl;
using ::mdm::ToStd;

inline bool IsAsciiSpace(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

inline std::string_view TrimAsciiSpace(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

inline bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace mdm::normalize::internal
