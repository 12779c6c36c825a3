#include "hub/access/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "hub/common/retry_delay.h"

namespace mdm::access {
namespace {

const Principal kErp{"token:erp", Role::kConnector, "erp", false};
const Principal kReader{"token:bi", Role::kReader, "", false};

RateLimits ConnectorsAtTwoPerSecond() {
  RateLimits limits;
  limits.by_role[Role::kConnector] = {2, 2};
  return limits;
}

TEST(RateLimiter, BurstThenRefusedWithRetryDelay) {
  RateLimiter limiter(ConnectorsAtTwoPerSecond());
  const absl::Time t0 = absl::FromUnixSeconds(1000);
  EXPECT_TRUE(limiter.Take(kErp, t0).ok());
  EXPECT_TRUE(limiter.Take(kErp, t0).ok());
  absl::Status s = limiter.Take(kErp, t0);
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(RetryDelayOf(s), 500);  // one token at 2/s
}

TEST(RateLimiter, TokensComeBackWithTime) {
  RateLimiter limiter(ConnectorsAtTwoPerSecond());
  const absl::Time t0 = absl::FromUnixSeconds(1000);
  ASSERT_TRUE(limiter.Take(kErp, t0).ok());
  ASSERT_TRUE(limiter.Take(kErp, t0).ok());
  EXPECT_FALSE(limiter.Take(kErp, t0 + absl::Milliseconds(400)).ok());
  EXPECT_TRUE(limiter.Take(kErp, t0 + absl::Milliseconds(600)).ok());
}

TEST(RateLimiter, OtherPrincipalsKeepTheirOwnBuckets) {
  RateLimiter limiter(ConnectorsAtTwoPerSecond());
  const absl::Time t0 = absl::FromUnixSeconds(1000);
  for (int i = 0; i < 5; ++i) limiter.Take(kErp, t0).IgnoreError();
  // Readers have no limit here; another connector has a full bucket.
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(limiter.Take(kReader, t0).ok());
  EXPECT_TRUE(
      limiter.Take({"token:fin", Role::kConnector, "finance", false}, t0).ok());
}

TEST(RateLimiter, ATokensOwnLimitWinsOverItsRole) {
  RateLimits limits = ConnectorsAtTwoPerSecond();
  limits.by_principal["token:erp"] = {100, 100};
  RateLimiter limiter(limits);
  const absl::Time t0 = absl::FromUnixSeconds(1000);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(limiter.Take(kErp, t0).ok());
  EXPECT_FALSE(limiter.Take(kErp, t0).ok());
}

// One connector's calls arrive on many gRPC threads at once: the bucket must
// give out its burst exactly once, never a token twice (a concurrency case,
// run under ThreadSanitizer by scripts/tsan).
TEST(RateLimiter, GivesOutTheBurstOnceFromManyThreads) {
  RateLimits limits;
  limits.by_role[Role::kConnector] = {1, 500};
  RateLimiter limiter(limits);
  const absl::Time t0 = absl::FromUnixSeconds(1000);
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (limiter.Take(kErp, t0).ok()) granted.fetch_add(1);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(granted.load(), 500);
}

}  // namespace
}  // namespace mdm::access
