#include "connectors/sdk/backoff.h"

#include "gtest/gtest.h"

namespace mdm::connectors {
namespace {

using std::chrono::milliseconds;

TEST(BackoffTest, DelaysDoubleWithJitterUpToTheCap) {
  Backoff b(milliseconds(100), milliseconds(1000), /*seed=*/7);
  const int64_t ceilings[] = {100, 200, 400, 800, 1000, 1000, 1000};
  for (int64_t ceiling : ceilings) {
    const int64_t d = b.Next().count();
    EXPECT_GE(d, ceiling / 2);
    EXPECT_LE(d, ceiling);
  }
  EXPECT_EQ(b.failures(), 7);
}

TEST(BackoffTest, ResetStartsOverAndJitterSpreadsDelays) {
  Backoff b(milliseconds(1000), milliseconds(60000), /*seed=*/1);
  for (int i = 0; i < 5; ++i) b.Next();
  b.Reset();
  EXPECT_LE(b.Next().count(), 1000);
  // Two connectors that failed together do not retry in lock-step.
  Backoff x(milliseconds(1000), milliseconds(60000), /*seed=*/1);
  Backoff y(milliseconds(1000), milliseconds(60000), /*seed=*/2);
  int differ = 0;
  for (int i = 0; i < 5; ++i) differ += x.Next() != y.Next();
  EXPECT_GE(differ, 4);
}

}  // namespace
}  // namespace mdm::connectors
