// Persistence of what stewards and inspectors add to the insight layer
// (steward flags, inspection verdicts) and of data-quality snapshots, beside
// the Store (same database, own table and schema step). Items are opaque
// text (the service encodes them) under (kind, key); keys sort bytewise, so
// a kind's items are listed by key prefix: all flags of one golden id, all
// verdicts of one sample, the snapshots in time order.
//
// Implemented by SqliteInsightStore and MysqlInsightStore; both pass
// tests/unit/store/insight_store_contract_test.
//
// Thread safety: implementations are safe for concurrent use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mdm {

struct InsightItem {
  std::string kind;  // "flag", "verdict", "quality", ...
  std::string key;   // at most 255 bytes
  std::string data;  // UTF-8 text
  int64_t at_us = 0;
  bool operator==(const InsightItem&) const = default;
};

class InsightStore {
 public:
  virtual ~InsightStore() = default;

  // Inserts or replaces the item by (kind, key). InvalidArgument (nothing
  // stored) for an empty kind or key.
  virtual absl::Status Put(const InsightItem& item) = 0;

  // Removes the item if present.
  virtual absl::Status Delete(std::string_view kind, std::string_view key) = 0;

  // Items of `kind` whose key starts with `prefix` and is greater than
  // `after`, in key order, at most `limit` (positive).
  virtual absl::StatusOr<std::vector<InsightItem>> List(std::string_view kind,
                                                        std::string_view prefix,
                                                        std::string_view after,
                                                        int limit) = 0;
};

// InvalidArgument unless kind and key are set and the key fits.
absl::Status ValidateInsightItem(const InsightItem& item);

}  // namespace mdm
