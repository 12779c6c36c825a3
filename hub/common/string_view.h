// Debian builds abseil with its own absl::string_view, distinct from
// std::string_view; the normalizers take std::string_view. One explicit bridge.
#pragma once

#include <string_view>

#include "absl/strings/string_view.h"

namespace mdm {

inline std::string_view ToStd(absl::string_view s) {
  return {s.data(), s.size()};
}
inline absl::string_view ToAbsl(std::string_view s) {
  return {s.data(), s.size()};
}

}  // namespace mdm
