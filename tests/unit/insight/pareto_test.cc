#include "hub/insight/pareto.h"

#include <gtest/gtest.h>

namespace mdm::insight {
namespace {

TEST(ParetoTest, TopShareReachingEightyPercentByHand) {
  // Total positive profit 1000; the top two bring 500 + 300 = 80%.
  ParetoView v = ComputePareto({{"c", 100},
                                {"a", 500},
                                {"b", 300},
                                {"d", 60},
                                {"e", 40},
                                {"f", -50},
                                {"g", 0},
                                {"h", 0},
                                {"i", 0},
                                {"j", 0}},
                               0.8, 10);
  EXPECT_EQ(v.customers, 10);
  EXPECT_EQ(v.profitable, 5);
  EXPECT_DOUBLE_EQ(v.total_profit, 1000);
  EXPECT_EQ(v.top_customers, 2);
  EXPECT_DOUBLE_EQ(v.top_share, 0.2);
  EXPECT_DOUBLE_EQ(v.profit_share, 0.8);
  EXPECT_DOUBLE_EQ(v.threshold_profit, 300);
  EXPECT_EQ(v.top_ids, (std::vector<std::string>{"a", "b"}));
}

TEST(ParetoTest, NoProfitNoTop) {
  ParetoView v = ComputePareto({{"a", 0}, {"b", -1}}, 0.8, 10);
  EXPECT_EQ(v.top_customers, 0);
  EXPECT_EQ(v.customers, 2);
}

}  // namespace
}  // namespace mdm::insight
