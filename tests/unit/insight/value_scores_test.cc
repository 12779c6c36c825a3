#include <gtest/gtest.h>

#include "hub/insight/customer_insight.h"
#include "tests/unit/insight/fact_builders.h"

namespace mdm::insight {
namespace {

using testing::Contact;
using testing::kNow;
using testing::Txn;

TEST(SummarizeTest, PurchasesRefundsAndWindowByHand) {
  const InsightRules rules;  // window 365 days, halves of 182.5
  std::vector<Fact> facts = {
      Txn("order", 10, "1000", "200"),   // recent half
      Txn("order", 100, "500", "50"),    // recent half
      Txn("order", 300, "2000", "300"),  // older half
      Txn("order", 400, "9999", "999"),  // outside the window
      Txn("refund", 20, "-100", "-30"),  // sign ignored: always reduces
      Txn("payment", 5, "1000"),         // neither purchase nor refund
      Contact(3, "repair", "fixed", true),
  };
  TransactionSummary s = Summarize(facts, kNow, rules);
  EXPECT_EQ(s.purchases_total, 4);
  EXPECT_EQ(s.purchases_in_window, 3);
  EXPECT_EQ(s.purchases_recent_half, 2);
  EXPECT_EQ(s.purchases_older_half, 1);
  EXPECT_EQ(s.refunds_in_window, 1);
  EXPECT_DOUBLE_EQ(s.monetary, 1000 + 500 + 2000 - 100);
  EXPECT_DOUBLE_EQ(s.profit, 200 + 50 + 300 - 30);
  EXPECT_DOUBLE_EQ(s.lifetime_monetary, 3400 + 9999);
  EXPECT_EQ(s.last_purchase_us, testing::DaysAgo(10));
  EXPECT_EQ(s.first_purchase_us, testing::DaysAgo(400));
  EXPECT_EQ(s.transactions, 6);
  EXPECT_EQ(s.interactions, 1);
  EXPECT_EQ(s.complaints, 1);
  EXPECT_EQ(s.currencies, std::vector<std::string>{"CNY"});
}

TEST(CutScoreTest, HigherIsBetterCountsCutsReached) {
  const std::vector<double> cuts = {2, 4, 8, 12};
  EXPECT_EQ(CutScore(0, cuts, false), 1);
  EXPECT_EQ(CutScore(2, cuts, false), 2);
  EXPECT_EQ(CutScore(7, cuts, false), 3);
  EXPECT_EQ(CutScore(12, cuts, false), 5);
}

TEST(CutScoreTest, LowerIsBetterForRecency) {
  const std::vector<double> cuts = {30, 90, 180, 365};
  EXPECT_EQ(CutScore(30, cuts, true), 5);
  EXPECT_EQ(CutScore(31, cuts, true), 4);
  EXPECT_EQ(CutScore(200, cuts, true), 2);
  EXPECT_EQ(CutScore(1000, cuts, true), 1);
}

TEST(ScoreRfmTest, HandComputedScores) {
  const InsightRules rules;
  // 5 purchases in the window, last 45 days ago, 6,000 spent.
  std::vector<Fact> facts;
  for (int d : {45, 60, 100, 200, 300})
    facts.push_back(Txn("order", d, "1200"));
  TransactionSummary s = Summarize(facts, kNow, rules);
  RfmScore r = ScoreRfm(s, kNow, rules);
  EXPECT_EQ(r.recency_days, 45);
  EXPECT_EQ(r.recency, 4);    // above 30, at most 90
  EXPECT_EQ(r.frequency, 3);  // >= 2 and >= 4, below 8
  EXPECT_EQ(r.monetary, 3);   // >= 1000 and >= 5000, below 20000
}

TEST(ScoreRfmTest, NoPurchaseScoresNothing) {
  const InsightRules rules;
  EXPECT_EQ(ScoreRfm(Summarize({}, kNow, rules), kNow, rules), RfmScore{});
}

}  // namespace
}  // namespace mdm::insight
