// Authentication: who a call's credentials name. A bearer token is looked up
// by its SHA-256 (the configuration holds hashes only, never tokens); a TLS
// client certificate verified against --tls_client_ca names a connector by
// its common name and binds it to the source of that name (CN "erp" writes
// source "erp" only).
//
// Pure: no gRPC, no I/O (the caller reads the file). Thread-safe after
// construction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "hub/access/principal.h"
#include "hub/access/rate_limiter.h"
#include "hub/common/string_view.h"

namespace mdm::access {

// Lower-case hex SHA-256 of `data` (OpenSSL).
std::string Sha256Hex(absl::string_view data);

class AccessControl {
 public:
  // No credentials required: every call is "anonymous" with the admin role
  // and the pii scope. For zero-setup development on loopback only.
  static AccessControl Open();

  // From an --auth_config file's JSON:
  //   {"tokens": [{"name": "erp-connector", "sha256": "<64 hex>",
  //                "role": "connector", "source": "erp"},
  //               {"name": "ops", "sha256": "...", "role": "admin",
  //                "scopes": ["pii"],
  //                "rate": {"per_second": 1000, "burst": 2000}}],
  //    "rate_limits": {"connector": {"per_second": 50, "burst": 100}}}
  // A connector token needs a source; other roles take none. A token's own
  // "rate" wins over its role's entry in "rate_limits"; none: unlimited.
  static absl::StatusOr<AccessControl> FromJson(absl::string_view json);

  // False in Open() mode.
  bool enabled() const { return enabled_; }
  size_t token_count() const { return tokens_.size(); }
  const RateLimits& rate_limits() const { return rate_limits_; }

  // The principal of a call: its bearer token (without "Bearer ") when it
  // sent one, else the common name of its verified client certificate.
  // UNAUTHENTICATED when neither names anyone.
  absl::StatusOr<Principal> Authenticate(
      std::optional<absl::string_view> bearer_token,
      std::optional<absl::string_view> client_cert_cn) const;

 private:
  bool enabled_ = true;
  // sha256 hex -> principal.
  absl::flat_hash_map<std::string, Principal> tokens_;
  RateLimits rate_limits_;
};

}  // namespace mdm::access
