// Per-principal rate limits: one token bucket per principal, sized by its
// token's own limit or else its role's. Every request message takes one token
// (a unary call one, an ingest stream one per message), so a connector that
// floods writes is answered RESOURCE_EXHAUSTED while readers, who hold
// buckets of their own, keep their pace.
//
// Pure: the caller passes the time. Thread-safe.
#pragma once

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "hub/access/principal.h"

namespace mdm::access {

struct RateLimit {
  double per_second = 0;  // sustained rate; 0 = unlimited
  double burst = 0;       // bucket size; at least 1 when limited
};

// Limits by role, and by principal name for tokens with their own.
struct RateLimits {
  absl::flat_hash_map<Role, RateLimit> by_role;
  absl::flat_hash_map<std::string, RateLimit> by_principal;
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimits limits) : limits_(std::move(limits)) {}

  // Takes one token of `principal`'s bucket at `now`: OK, or
  // RESOURCE_EXHAUSTED with a retry delay (hub/common/retry_delay.h): when one
  // token will be back.
  absl::Status Take(const Principal& principal, absl::Time now);

 private:
  struct Bucket {
    double tokens;
    absl::Time last;
  };

  const RateLimits limits_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace mdm::access
