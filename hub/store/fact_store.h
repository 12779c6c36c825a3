// Persistence of facts (transactions, interactions) hung off source records,
// beside the Store (same database, own tables and schema steps). Implemented
// by SqliteFactStore and MysqlFactStore; both pass
// tests/unit/store/fact_store_contract_test.
//
// Thread safety: implementations are safe for concurrent use.
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "hub/model/fact.h"

namespace mdm {

class FactStore {
 public:
  virtual ~FactStore() = default;

  // Inserts or replaces each fact by (record.source, fact_id), all in one
  // transaction: all or nothing. InvalidArgument (nothing stored) for an
  // empty source, record id or fact id, or text that is not UTF-8.
  virtual absl::Status Put(absl::Span<const Fact> facts) = 0;

  // Facts of `source` (and of one record when `source_record_id` is not
  // empty) with fact_id > `after`, in fact_id order, at most `limit`
  // (positive).
  virtual absl::StatusOr<std::vector<Fact>> List(
      std::string_view source, std::string_view source_record_id,
      std::string_view after, int limit) = 0;
};

}  // namespace mdm
