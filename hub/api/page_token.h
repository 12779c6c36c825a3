// Opaque page tokens: the position after which the next page starts, encoded
// so clients treat them as opaque and cannot forge a malformed position by
// accident (a bad token is INVALID_ARGUMENT naming page_token).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace mdm::api {

// Encodes the parts of a position (e.g. {source, source_record_id}).
std::string EncodePageToken(const std::vector<std::string>& parts);

// Decodes a token into exactly `expected_parts` parts; empty token -> empty
// parts (start of the listing).
absl::StatusOr<std::vector<std::string>> DecodePageToken(
    absl::string_view token, size_t expected_parts);

// Validates a page size against [1, max], 0 meaning `default_size`.
absl::StatusOr<int> PageSize(int requested, int default_size, int max);

}  // namespace mdm::api
