// Transaction summary and RFM scores.
#include <algorithm>
#include <set>

#include "absl/algorithm/container.h"
#include "absl/strings/numbers.h"
#include "hub/insight/customer_insight.h"

namespace mdm::insight {
namespace {

bool Listed(const std::vector<std::string>& list, const std::string& kind) {
  return absl::c_linear_search(list, kind);
}

}  // namespace

double Money(absl::string_view text) {
  double v = 0;
  return absl::SimpleAtod(text, &v) ? v : 0;
}

TransactionSummary Summarize(absl::Span<const Fact> facts, int64_t now_us,
                             const InsightRules& rules) {
  TransactionSummary s;
  const int64_t window_us = rules.window_days * kMicrosPerDay;
  const int64_t window_start = now_us - window_us;
  const int64_t half_start = now_us - window_us / 2;
  std::set<std::string> currencies;
  for (const Fact& f : facts) {
    if (f.category == FactCategory::kInteraction) {
      ++s.interactions;
      if (f.complaint) ++s.complaints;
      continue;
    }
    ++s.transactions;
    const bool purchase = Listed(rules.purchase_kinds, f.kind);
    const bool refund = Listed(rules.refund_kinds, f.kind);
    if (!purchase && !refund) continue;
    if (!f.currency.empty()) currencies.insert(f.currency);
    // Refunds are stored with either sign; they always reduce the totals.
    const double amount = refund ? -std::abs(Money(f.amount)) : Money(f.amount);
    const double profit = refund ? -std::abs(Money(f.profit)) : Money(f.profit);
    const bool in_window = f.occurred_at_us > window_start;
    if (purchase) {
      ++s.purchases_total;
      if (s.first_purchase_us == 0 || f.occurred_at_us < s.first_purchase_us)
        s.first_purchase_us = f.occurred_at_us;
      s.last_purchase_us = std::max(s.last_purchase_us, f.occurred_at_us);
    }
    s.lifetime_monetary += amount;
    if (!in_window) continue;
    s.monetary += amount;
    s.profit += profit;
    if (refund) {
      ++s.refunds_in_window;
      continue;
    }
    ++s.purchases_in_window;
    if (f.occurred_at_us > half_start) {
      ++s.purchases_recent_half;
    } else {
      ++s.purchases_older_half;
    }
  }
  s.currencies.assign(currencies.begin(), currencies.end());
  return s;
}

int CutScore(double value, absl::Span<const double> cuts,
             bool lower_is_better) {
  int score = 1;
  if (lower_is_better) {
    // At or below the first cut: 5; above the last: 1.
    score = 5;
    for (double c : cuts) {
      if (value > c) --score;
    }
    return std::max(score, 1);
  }
  for (double c : cuts) {
    if (value >= c) ++score;
  }
  return std::min(score, 5);
}

RfmScore ScoreRfm(const TransactionSummary& summary, int64_t now_us,
                  const InsightRules& rules) {
  RfmScore r;
  if (summary.last_purchase_us == 0) return r;
  r.recency_days =
      static_cast<int>((now_us - summary.last_purchase_us) / kMicrosPerDay);
  r.recency = CutScore(r.recency_days, rules.recency_cuts, true);
  r.frequency =
      CutScore(summary.purchases_in_window, rules.frequency_cuts, false);
  r.monetary = CutScore(summary.monetary, rules.monetary_cuts, false);
  return r;
}

}  // namespace mdm::insight
