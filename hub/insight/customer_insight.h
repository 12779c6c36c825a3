// What the hub concludes about one customer from its golden record and the
// facts of its member records: a transaction summary, RFM and profit scores,
// status flags (computed, or set by a steward), segments and a credit level.
// Pure: the caller passes the facts, the steward flags and the time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "hub/insight/rules.h"
#include "hub/model/fact.h"
#include "hub/model/golden_record.h"

namespace mdm::insight {

inline constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;

// Purchases and money, amounts summed as decimals regardless of currency
// (the currencies seen are listed so a reader can tell).
struct TransactionSummary {
  int purchases_total = 0;      // all time
  int purchases_in_window = 0;  // within rules.window_days
  // Purchases in the recent and the older half of the window (falling
  // frequency).
  int purchases_recent_half = 0;
  int purchases_older_half = 0;
  int refunds_in_window = 0;
  double monetary = 0;  // purchases minus refunds, in the window
  double profit = 0;    // profit of purchases minus refunds, in the window
  double lifetime_monetary = 0;
  int64_t first_purchase_us = 0;        // 0 = none
  int64_t last_purchase_us = 0;         // 0 = none
  int transactions = 0;                 // every transaction fact
  int interactions = 0;                 // every interaction fact
  int complaints = 0;                   // all time
  std::vector<std::string> currencies;  // distinct, sorted
  bool operator==(const TransactionSummary&) const = default;
};

// Recency in days since the last purchase (-1: never) and scores 1..5
// (0 where there is nothing to score).
struct RfmScore {
  int recency_days = -1;
  int recency = 0;
  int frequency = 0;
  int monetary = 0;
  bool operator==(const RfmScore&) const = default;
};

enum class FlagOrigin { kComputed = 0, kSteward = 1 };

// A status flag. Names: data_validity (valid / incomplete / invalid),
// customer_status (active / dormant / churned / prospect), campaign_response
// (responded / no_response / not_contacted), dissatisfied (true / false),
// blacklist (true / false; steward-set only) and any other name a steward
// chooses.
struct Flag {
  std::string name;
  std::string value;
  FlagOrigin origin = FlagOrigin::kComputed;
  std::string reason;  // why: the rule, or the steward's note
  std::string set_by;  // steward flags
  int64_t set_at_us = 0;
  bool operator==(const Flag&) const = default;
};

struct CreditAssessment {
  std::string level;  // A, B, C, D or unrated
  int invoices = 0;   // in the window
  int overdue = 0;
  int max_days_overdue = 0;
  bool operator==(const CreditAssessment&) const = default;
};

struct CustomerInsight {
  TransactionSummary summary;
  RfmScore rfm;
  // Computed flags first (fixed order), then steward flags by name. A steward
  // flag overrides a computed one of the same name in EffectiveFlag.
  std::vector<Flag> flags;
  std::vector<std::string> segments;  // see Segments()
  CreditAssessment credit;
  // Newest first, at most rules.recent_interactions.
  std::vector<Fact> recent_interactions;
};

TransactionSummary Summarize(absl::Span<const Fact> facts, int64_t now_us,
                             const InsightRules& rules);

// Score 1..5 of `value` against four ascending cut points; `lower_is_better`
// for recency.
int CutScore(double value, absl::Span<const double> cuts, bool lower_is_better);
RfmScore ScoreRfm(const TransactionSummary& summary, int64_t now_us,
                  const InsightRules& rules);

std::vector<Flag> ComputeFlags(const GoldenRecord& golden,
                               const TransactionSummary& summary,
                               absl::Span<const Fact> facts, int64_t now_us,
                               const InsightRules& rules);

// The value of flag `name`: a steward's if one is set, else the computed
// one, else empty.
std::string EffectiveFlag(absl::Span<const Flag> flags, absl::string_view name);

// Segment names, in this order: one value tier (key, potential, regular,
// temporary), then at most one worth (dissatisfied, high_value, low_value),
// then at most one lifecycle (frequent_buyer, churn_risk, prospect). Rules
// in rules.h.
std::vector<std::string> Segments(const TransactionSummary& summary,
                                  absl::Span<const Flag> flags,
                                  const InsightRules& rules);

CreditAssessment AssessCredit(absl::Span<const Fact> facts, int64_t now_us,
                              const InsightRules& rules);

// Everything above for one customer. `steward_flags` are the flags stewards
// set on the golden id or on ids merged into it.
CustomerInsight Evaluate(const GoldenRecord& golden,
                         absl::Span<const Fact> facts,
                         absl::Span<const Flag> steward_flags, int64_t now_us,
                         const InsightRules& rules);

// Decimal text as a double; 0 for empty or malformed text (facts are
// validated on ingest, so this is only a fallback).
double Money(absl::string_view text);

}  // namespace mdm::insight
