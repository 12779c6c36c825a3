// Exponential backoff with jitter for retrying a hub or a source that is
// down: the first delay is `initial`, each failure doubles it up to `max`,
// and each delay is drawn from [d/2, d] so that several connectors that lost
// the hub at the same moment do not come back in lock-step.
//
// Not thread-safe; one per retry loop.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace mdm::connectors {

class Backoff {
 public:
  Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max,
          uint64_t seed = std::random_device{}());

  // The delay before the next attempt; grows with every call.
  std::chrono::milliseconds Next();
  // After a success: the next failure starts from `initial` again.
  void Reset() { failures_ = 0; }
  int failures() const { return failures_; }

 private:
  std::chrono::milliseconds initial_, max_;
  int failures_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace mdm::connectors
