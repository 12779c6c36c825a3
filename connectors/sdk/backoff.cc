#include "connectors/sdk/backoff.h"

#include <algorithm>

namespace mdm::connectors {

Backoff::Backoff(std::chrono::milliseconds initial,
                 std::chrono::milliseconds max, uint64_t seed)
    : initial_(std::max(initial, std::chrono::milliseconds(1))),
      max_(std::max(max, initial_)),
      rng_(seed) {}

std::chrono::milliseconds Backoff::Next() {
  // Doubling stops once past max_, so the shift cannot overflow.
  int64_t ceiling = initial_.count();
  for (int i = 0; i < failures_ && ceiling < max_.count(); ++i) ceiling *= 2;
  ceiling = std::min<int64_t>(ceiling, max_.count());
  ++failures_;
  std::uniform_int_distribution<int64_t> jitter(ceiling / 2, ceiling);
  return std::chrono::milliseconds(std::max<int64_t>(1, jitter(rng_)));
}

}  // namespace mdm::connectors
