// Segments and credit level (rules in rules.h).
#include <algorithm>

#include "absl/strings/numbers.h"
#include "hub/insight/customer_insight.h"

namespace mdm::insight {
namespace {

const char* Tier(const TransactionSummary& s, const InsightRules& rules) {
  if (s.purchases_in_window >= rules.key_min_purchases &&
      s.profit >= rules.key_min_profit)
    return "key";
  if (s.monetary >= rules.potential_min_monetary) return "potential";
  if (s.purchases_in_window >= rules.regular_min_purchases) return "regular";
  return "temporary";
}

const char* Worth(const TransactionSummary& s, absl::Span<const Flag> flags,
                  const InsightRules& rules) {
  if (EffectiveFlag(flags, "dissatisfied") == "true") return "dissatisfied";
  if (s.monetary >= rules.high_value_min_monetary) return "high_value";
  if (s.purchases_total > 0 && s.monetary < rules.low_value_max_monetary)
    return "low_value";
  return nullptr;
}

const char* Lifecycle(const TransactionSummary& s, const InsightRules& rules) {
  if (s.purchases_total == 0) return "prospect";
  if (s.purchases_older_half >= rules.regular_min_purchases &&
      s.purchases_recent_half <=
          rules.churn_drop_ratio * s.purchases_older_half)
    return "churn_risk";
  if (s.purchases_in_window >= rules.frequent_min_purchases)
    return "frequent_buyer";
  return nullptr;
}

// Days an invoice is overdue at `now_us`, 0 if it is not.
int DaysOverdue(const Fact& f, int64_t now_us) {
  auto it = f.attributes.find("days_overdue");
  int days = 0;
  if (it != f.attributes.end() && absl::SimpleAtoi(it->second, &days) &&
      days > 0)
    return days;
  const bool unpaid =
      f.status == "overdue" || f.status == "open" || f.status == "unpaid";
  if (!unpaid || f.due_at_us == 0 || f.due_at_us >= now_us)
    return f.status == "overdue" ? 1 : 0;
  return static_cast<int>(
      std::max<int64_t>(1, (now_us - f.due_at_us) / kMicrosPerDay));
}

}  // namespace

std::vector<std::string> Segments(const TransactionSummary& summary,
                                  absl::Span<const Flag> flags,
                                  const InsightRules& rules) {
  std::vector<std::string> out = {Tier(summary, rules)};
  if (const char* w = Worth(summary, flags, rules)) out.emplace_back(w);
  if (const char* l = Lifecycle(summary, rules)) out.emplace_back(l);
  return out;
}

CreditAssessment AssessCredit(absl::Span<const Fact> facts, int64_t now_us,
                              const InsightRules& rules) {
  CreditAssessment c;
  const int64_t since = now_us - rules.window_days * kMicrosPerDay;
  for (const Fact& f : facts) {
    if (f.category != FactCategory::kTransaction || f.kind != "invoice" ||
        f.occurred_at_us <= since)
      continue;
    ++c.invoices;
    const int days = DaysOverdue(f, now_us);
    if (days == 0) continue;
    ++c.overdue;
    c.max_days_overdue = std::max(c.max_days_overdue, days);
  }
  if (c.invoices == 0) {
    c.level = "unrated";
  } else if (c.overdue == 0) {
    c.level = "A";
  } else if (c.overdue > rules.credit_c_max_overdue ||
             c.max_days_overdue > rules.credit_d_days_overdue) {
    c.level = "D";
  } else if (c.overdue <= rules.credit_b_max_overdue) {
    c.level = "B";
  } else {
    c.level = "C";
  }
  return c;
}

}  // namespace mdm::insight
