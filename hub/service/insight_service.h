// Customer 360 use cases: a customer's profile (golden record, flags,
// scores, segments, credit, recent interactions), segment listings, steward
// flags and the Pareto view. Facts are found through the golden record's
// live members when asked for, so they follow merges and splits; the pure
// rules are in hub/insight.
//
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "hub/common/clock.h"
#include "hub/insight/customer_insight.h"
#include "hub/insight/pareto.h"
#include "hub/insight/rules.h"
#include "hub/service/record_fact_cache.h"
#include "hub/service/resolution_service.h"
#include "hub/store/insight_store.h"

namespace mdm::service {

struct ProfileLookup {
  std::string golden_id;
  std::string phone;
  std::string name;
};

struct CustomerProfile {
  GoldenRecord golden;
  insight::CustomerInsight insight;
  std::vector<std::string> other_matches;  // ambiguous phone / name lookups
  // Set when the customer, looked up by id, is dead (lookups by phone or
  // name, segments and the Pareto view skip dead customers).
  std::optional<DeadMark> dead;
};

struct SegmentPage {
  std::vector<CustomerProfile> customers;  // without recent interactions
  // Where the next page starts (the last record scanned), or nullopt at the
  // end.
  std::optional<RecordKey> next;
};

struct FlagUpdate {
  std::string golden_id;
  std::string name;
  std::string value;  // empty: clear
  std::string reason;
  std::string set_by;
};

class InsightService {
 public:
  // All pointers must outlive the service.
  InsightService(ResolutionService* resolution, RecordFactCache* facts,
                 InsightStore* items, const Clock* clock,
                 insight::InsightRules rules)
      : resolution_(resolution),
        facts_(facts),
        items_(items),
        clock_(clock),
        rules_(std::move(rules)) {}

  // Exactly one of the lookup fields must be set; InvalidArgument otherwise,
  // NotFound when nothing matches. A phone or name answers the best-scoring
  // live customer; the runners-up go in other_matches.
  absl::StatusOr<CustomerProfile> GetProfile(const ProfileLookup& lookup);

  // Customers in `segment`, scanning the xrefs after `after` (empty key: from
  // the start), at most `limit` customers and a bounded number of records.
  absl::StatusOr<SegmentPage> ListSegment(const std::string& segment,
                                          const RecordKey& after, int limit);

  // Sets (or clears) a steward flag; returns it. NotFound for an unknown
  // customer; InvalidArgument for an empty or malformed name.
  absl::StatusOr<insight::Flag> SetFlag(const FlagUpdate& update);

  absl::StatusOr<insight::ParetoView> Pareto(size_t max_ids);

  const insight::InsightRules& rules() const { return rules_; }

 private:
  absl::StatusOr<CustomerProfile> Evaluate(GoldenRecord golden);
  absl::StatusOr<std::vector<insight::Flag>> StewardFlags(
      const GoldenRecord& golden);
  // Calls `fn` for every live (not dead) customer once (at its first member),
  // scanning xrefs after `after` and at most `budget` of them; returns the last
  // xref scanned, or nullopt when the scan reached the end.
  absl::StatusOr<std::optional<RecordKey>> ForEachCustomer(
      const RecordKey& after, int budget,
      const std::function<absl::StatusOr<bool>(GoldenRecord)>& fn);

  ResolutionService* const resolution_;
  RecordFactCache* const facts_;
  InsightStore* const items_;
  const Clock* const clock_;
  const insight::InsightRules rules_;
};

}  // namespace mdm::service
