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

// Guards in the order a transaction locks them (ascending id);
// InvalidArgument when an id repeats.
absl::StatusOr<std::vector<Guard>> SortGuards(absl::Span<const Guard> guards);

// The Aborted status of a failed guard check.
absl::Status GuardConflict(size_t stale, size_t total);

// Guard ids are unsigned; the databases store them in a signed 64-bit column,
// bit for bit.
inline int64_t GuardColumn(uint64_t id) { return static_cast<int64_t>(id); }
inline uint64_t GuardFromColumn(int64_t v) { return static_cast<uint64_t>(v); }

// InvalidArgument unless `limit` is positive (listing calls).
absl::Status CheckLimit(int limit);

}  // namespace mdm
