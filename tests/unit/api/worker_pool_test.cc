#include "hub/api/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>

#include "absl/synchronization/notification.h"

namespace mdm::api {
namespace {

TEST(WorkerPoolTest, RunsEveryPostedTaskBeforeItIsDestroyed) {
  std::atomic<int> ran{0};
  {
    WorkerPool pool(3);
    for (int i = 0; i < 1000; ++i) pool.Post([&ran] { ++ran; });
  }
  EXPECT_EQ(ran.load(), 1000);
}

TEST(WorkerPoolTest, ABlockedTaskDoesNotHoldUpTheOthers) {
  // Declared before the pool so that they outlive its threads: the blocked
  // task may still be inside WaitForNotification() after Notify() returns
  // (ThreadSanitizer caught the notification destroyed under it).
  absl::Notification release, other_ran;
  WorkerPool pool(2);
  pool.Post([&release] { release.WaitForNotification(); });
  pool.Post([&other_ran] { other_ran.Notify(); });
  EXPECT_TRUE(other_ran.WaitForNotificationWithTimeout(absl::Seconds(10)));
  release.Notify();
}

}  // namespace
}  // namespace mdm::api
