// ISO 8601 timestamps as written in the `updated_at` import column.
#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "google/protobuf/timestamp.pb.h"

namespace mdm::ctl {

struct ParsedTime {
  google::protobuf::Timestamp timestamp;
  // True when the text named no zone offset and UTC was assumed.
  bool zone_assumed = false;
};

// Accepts `YYYY-MM-DD` (midnight UTC) and
// `YYYY-MM-DD(T| )HH:MM[:SS[.fraction]][Z|±HH:MM|±HHMM|±HH]`; a fraction of
// up to 9 digits. Without a zone the time is taken as UTC and zone_assumed is
// set, so the caller can warn. Fields are range-checked (no Feb 30, no hour
// 24, no leap second). InvalidArgument with the reason otherwise.
absl::StatusOr<ParsedTime> ParseIsoTimestamp(std::string_view text);

}  // namespace mdm::ctl
