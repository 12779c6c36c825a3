// Injectable wall clock, so pure logic never reads the system time itself and
// tests can pin it.
#pragma once

#include <chrono>
#include <cstdint>

namespace mdm {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the Unix epoch, UTC.
  virtual int64_t NowMicros() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowMicros() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A clock that tests set by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_us = 0) : now_us_(now_us) {}
  int64_t NowMicros() const override { return now_us_; }
  void Set(int64_t now_us) { now_us_ = now_us; }
  void Advance(int64_t delta_us) { now_us_ += delta_us; }

 private:
  int64_t now_us_;
};

}  // namespace mdm
