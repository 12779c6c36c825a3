// What every Store implementation does before it takes a lock or a
// connection: validate a span of change sets and encode their rows, so an
// invalid change fails before any SQL runs and the write transaction stays as
// short as the SQL itself.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "hub/store/store.h"

namespace mdm {

// The encoded data columns of one change set, parallel to its
// upsert_records and upsert_entities.
struct EncodedChange {
  std::vector<std::string> records;
  std::vector<std::string> entities;
};

// InvalidArgument (nothing encoded) when a record key has an empty part, a
// golden id is empty, a redirect points to itself, or text is not UTF-8.
absl::StatusOr<std::vector<EncodedChange>> EncodeChanges(
    absl::Span<const ChangeSet> changes);

// InvalidArgument unless `limit` is positive (listing calls).
absl::Status CheckLimit(int limit);

}  // namespace mdm
