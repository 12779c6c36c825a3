// The method -> role table every call is checked against. It FAILS CLOSED: a
// method missing from the table is denied to everyone, so a new RPC is
// unusable until someone decides who may call it (the unit test
// method_policy_test enumerates every mdm.v1 method of the generated
// descriptor pool and fails for each one without an entry).
//
// Pure: no gRPC, no I/O. Thread-safe (the table is immutable).
#pragma once

#include "absl/status/status.h"
#include "hub/access/principal.h"
#include "hub/common/string_view.h"

namespace mdm::access {

// What a method requires of its caller.
enum class Need {
  kPublic,       // anyone, even unauthenticated (health checks, reflection)
  kRead,         // reader, steward, admin
  kWriteSource,  // connector (its own source only), steward, admin
  kSteward,      // steward, admin: merge, split, review, dead registry, flags
  kAdmin,        // admin: rules, models, tokens, backup, audit
};

struct MethodRule {
  Need need;
  // Changes data: recorded in the audit trail.
  bool mutation;
};

// The rule of a full gRPC method name ("/mdm.v1.CustomerHub/UpsertRecord");
// nullptr when the method is not in the table.
const MethodRule* FindMethodRule(absl::string_view method);

// OK when `principal` may call `method` (source binding is checked
// separately, per message: source_binding.h); PERMISSION_DENIED otherwise,
// including for a method missing from the table.
absl::Status Authorize(const Principal& principal, absl::string_view method);

}  // namespace mdm::access
