// The `data` column of fact rows: every field of a Fact except the columns
// (source, fact_id, source_record_id, category, occurred_at_us), as compact
// JSON written with JsonWriter and read with nlohmann::json, like
// record_codec.h. Empty values are left out.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "hub/model/fact.h"

namespace mdm {

// InvalidArgument when a key part is empty or a string is not UTF-8.
absl::StatusOr<std::string> EncodeFactData(const Fact& fact);

// Fills the non-column fields; the caller sets the columns first (they name
// the row in errors). DataLoss when `data` is malformed.
absl::Status DecodeFactData(std::string_view data, Fact* fact);

// "transaction" / "interaction", the category column's values.
const char* FactCategoryName(FactCategory category);
absl::StatusOr<FactCategory> FactCategoryFromName(std::string_view name);

// EncodeFactData for each fact, in order; the first error stops.
absl::StatusOr<std::vector<std::string>> EncodeFacts(
    absl::Span<const Fact> facts);

}  // namespace mdm
