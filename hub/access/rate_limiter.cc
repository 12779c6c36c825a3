#include "hub/access/rate_limiter.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "hub/common/retry_delay.h"

namespace mdm::access {

absl::Status RateLimiter::Take(const Principal& principal, absl::Time now) {
  RateLimit limit;
  if (auto it = limits_.by_principal.find(principal.name);
      it != limits_.by_principal.end()) {
    limit = it->second;
  } else if (auto r = limits_.by_role.find(principal.role);
             r != limits_.by_role.end()) {
    limit = r->second;
  }
  if (limit.per_second <= 0) return absl::OkStatus();
  const double burst = std::max(1.0, limit.burst);

  absl::MutexLock lock(&mu_);
  auto [it, fresh] = buckets_.try_emplace(principal.name, Bucket{burst, now});
  Bucket& b = it->second;
  if (!fresh) {
    const double refill =
        absl::ToDoubleSeconds(now - b.last) * limit.per_second;
    b.tokens = std::min(burst, b.tokens + std::max(0.0, refill));
    b.last = std::max(b.last, now);
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return absl::OkStatus();
  }
  const int64_t wait_ms =
      static_cast<int64_t>(std::ceil((1 - b.tokens) / limit.per_second * 1000));
  return WithRetryDelay(
      absl::ResourceExhaustedError(absl::StrCat(
          principal.name, " is over its rate limit of ", limit.per_second,
          " requests per second; retry in ", wait_ms, " ms")),
      wait_ms);
}

}  // namespace mdm::access
