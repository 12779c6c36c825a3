#include <gtest/gtest.h>

#include "hub/insight/customer_insight.h"
#include "tests/unit/insight/fact_builders.h"

namespace mdm::insight {
namespace {

using testing::Contact;
using testing::kNow;
using testing::Txn;

std::vector<std::string> SegmentsOf(const std::vector<Fact>& facts) {
  GoldenRecord g;
  return Evaluate(g, facts, {}, kNow, {}).segments;
}

std::vector<Fact> Orders(std::vector<int> days, std::string amount,
                         std::string profit) {
  std::vector<Fact> out;
  for (int d : days) out.push_back(Txn("order", d, amount, profit));
  return out;
}

using Segs = std::vector<std::string>;

TEST(SegmentsTest, KeyHighValueFrequentBuyer) {
  // 6 orders of 4,000 (profit 2,000) spread over the year: 24,000 sales,
  // 12,000 profit; 3 per half, so no falling frequency.
  EXPECT_EQ(SegmentsOf(Orders({10, 50, 100, 200, 250, 300}, "4000", "2000")),
            (Segs{"key", "high_value", "frequent_buyer"}));
}

TEST(SegmentsTest, PotentialByMonetaryWithFewPurchases) {
  EXPECT_EQ(SegmentsOf(Orders({10}, "6000", "100")), (Segs{"potential"}));
}

TEST(SegmentsTest, RegularAndLowValue) {
  EXPECT_EQ(SegmentsOf(Orders({10, 20}, "100", "10")),
            (Segs{"regular", "low_value"}));
}

TEST(SegmentsTest, TemporaryProspectWithoutPurchases) {
  EXPECT_EQ(SegmentsOf({}), (Segs{"temporary", "prospect"}));
}

TEST(SegmentsTest, ChurnRiskWhenFrequencyFalls) {
  // Older half: 4 orders; recent half: 1 (<= 0.5 * 4).
  EXPECT_EQ(SegmentsOf(Orders({50, 200, 250, 300, 350}, "500", "50")),
            (Segs{"regular", "churn_risk"}));
}

TEST(SegmentsTest, DissatisfiedTakesPrecedenceOverWorth) {
  std::vector<Fact> f = Orders({10}, "30000", "100");
  f.push_back(Contact(5, "delivery", "open", true));
  f.push_back(Contact(6, "delivery", "open", true));
  EXPECT_EQ(SegmentsOf(f), (Segs{"potential", "dissatisfied"}));
}

TEST(SegmentsTest, ThresholdsComeFromRules) {
  InsightRules rules;
  rules.regular_min_purchases = 5;
  GoldenRecord g;
  EXPECT_EQ(
      Evaluate(g, Orders({10, 20}, "100", "10"), {}, kNow, rules).segments,
      (Segs{"temporary", "low_value"}));
}

Fact Invoice(int days_ago, std::string status, int days_overdue = 0) {
  Fact f = Txn("invoice", days_ago, "100");
  f.status = std::move(status);
  if (days_overdue > 0)
    f.attributes["days_overdue"] = std::to_string(days_overdue);
  return f;
}

TEST(CreditTest, LevelsFromOverdueInvoices) {
  const InsightRules rules;
  EXPECT_EQ(AssessCredit({}, kNow, rules).level, "unrated");
  EXPECT_EQ(AssessCredit({Invoice(10, "paid")}, kNow, rules).level, "A");
  EXPECT_EQ(AssessCredit({Invoice(10, "paid"), Invoice(20, "overdue", 5)}, kNow,
                         rules)
                .level,
            "B");
  CreditAssessment c = AssessCredit(
      {Invoice(10, "overdue", 5), Invoice(20, "overdue", 30)}, kNow, rules);
  EXPECT_EQ(c.level, "C");
  EXPECT_EQ(c.overdue, 2);
  EXPECT_EQ(c.max_days_overdue, 30);
  EXPECT_EQ(AssessCredit({Invoice(10, "overdue", 91)}, kNow, rules).level, "D");
}

TEST(CreditTest, OpenInvoicePastItsDueDateIsOverdue) {
  Fact f = Invoice(40, "open");
  f.due_at_us = testing::DaysAgo(10);
  CreditAssessment c = AssessCredit({f}, kNow, {});
  EXPECT_EQ(c.overdue, 1);
  EXPECT_EQ(c.max_days_overdue, 10);
  f.due_at_us = testing::DaysAgo(-5);  // not yet due
  EXPECT_EQ(AssessCredit({f}, kNow, {}).level, "A");
}

}  // namespace
}  // namespace mdm::insight
