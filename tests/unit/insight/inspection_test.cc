#include "hub/insight/inspection.h"

#include <gtest/gtest.h>

#include <set>

namespace mdm::insight {
namespace {

std::vector<std::string> Population(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back("G" + std::to_string(1000 + i));
  return out;
}

TEST(DrawSampleTest, SameSeedSameSampleOtherSeedOther) {
  const auto pop = Population(100);
  const auto a = DrawSample(pop, 42, 10);
  EXPECT_EQ(a, DrawSample(pop, 42, 10));
  EXPECT_NE(a, DrawSample(pop, 43, 10));
  EXPECT_EQ(std::set<std::string>(a.begin(), a.end()).size(), 10u);
}

TEST(DrawSampleTest, NeverMoreThanThePopulation) {
  EXPECT_EQ(DrawSample(Population(3), 1, 10).size(), 3u);
  EXPECT_TRUE(DrawSample(Population(3), 1, 0).empty());
}

TEST(WilsonIntervalTest, HandComputedValues) {
  // 2 errors in 20 at z = 1.96: p = 0.1, centre 0.14179, half 0.11397.
  Interval i = WilsonInterval(2, 20, 1.96);
  EXPECT_NEAR(i.low, 0.02786, 1e-4);
  EXPECT_NEAR(i.high, 0.30103, 1e-4);
  // No error in 10: the upper bound is z^2 / (n + z^2) = 0.27753.
  Interval zero = WilsonInterval(0, 10, 1.96);
  EXPECT_DOUBLE_EQ(zero.low, 0);
  EXPECT_NEAR(zero.high, 0.27753, 1e-4);
  Interval none = WilsonInterval(0, 0, 1.96);
  EXPECT_EQ(none.low, 0);
  EXPECT_EQ(none.high, 1);
}

}  // namespace
}  // namespace mdm::insight
