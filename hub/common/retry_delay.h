// A status (RESOURCE_EXHAUSTED, UNAVAILABLE) that tells the caller how long to
// wait before retrying, as an absl::Status payload; the API edge sends it as
// google.rpc.RetryInfo (hub/api/status_convert.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace mdm {

inline constexpr absl::string_view kRetryDelayPayloadUrl = "mdm.retry_delay_ms";

inline absl::Status WithRetryDelay(absl::Status s, int64_t milliseconds) {
  s.SetPayload(kRetryDelayPayloadUrl, absl::Cord(absl::StrCat(milliseconds)));
  return s;
}

// The retry delay `s` carries, in milliseconds, if any.
inline std::optional<int64_t> RetryDelayOf(const absl::Status& s) {
  absl::optional<absl::Cord> payload = s.GetPayload(kRetryDelayPayloadUrl);
  int64_t ms = 0;
  if (!payload || !absl::SimpleAtoi(std::string(*payload), &ms)) {
    return std::nullopt;
  }
  return ms;
}

}  // namespace mdm
