// The Facts API's domain side: validates facts (keys as for records, a time,
// an exact decimal amount on transactions) and stores the valid ones of a
// batch in one FactStore transaction. Field paths in errors are relative to
// the fact ("transaction.amount").
//
// Thread-safe (the store is).
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "hub/store/fact_store.h"

namespace mdm::service {

inline constexpr int kMaxFactsPerBatch = 1000;

// OK, or InvalidArgument naming the offending field.
absl::Status ValidateFact(const Fact& fact);

class FactIngest {
 public:
  // `store` must outlive this object.
  explicit FactIngest(FactStore* store) : store_(store) {}

  // One status per fact, in order: OK (stored) or why it was refused. An
  // error of the whole call (the store failed) stores nothing.
  absl::StatusOr<std::vector<absl::Status>> Ingest(
      const std::vector<Fact>& facts);

  absl::StatusOr<std::vector<Fact>> List(std::string_view source,
                                         std::string_view source_record_id,
                                         std::string_view after, int limit);

 private:
  FactStore* const store_;
};

}  // namespace mdm::service
