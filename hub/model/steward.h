// Steward decisions and the dead-record registry: plain data shared by the
// store (which persists it through ChangeSet::steward) and the service (which
// enforces it while clustering and screening).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hub/model/source_record.h"

namespace mdm {

// A steward's decision about two records. Must-link: they belong to one
// customer, whatever the scores say. Cannot-link: never in one customer, not
// even through a record bridging them. The newest decision on a pair wins.
enum class LinkKind { kMustLink = 0, kCannotLink = 1 };

struct LinkConstraint {
  RecordKey a;  // a < b
  RecordKey b;
  LinkKind kind = LinkKind::kMustLink;
  std::string author;
  std::string reason;
  int64_t created_at_us = 0;
  bool operator==(const LinkConstraint&) const = default;
};

enum class DeadReason {
  kUnspecified = 0,
  kDeceased = 1,
  kDissolved = 2,
  kFraud = 3,
  kUnreachable = 4,
  kInvalidData = 5,
};

// An entity declared dead: out of the live views, and new records that
// resolve to it are quarantined.
struct DeadMark {
  std::string golden_id;
  DeadReason reason = DeadReason::kUnspecified;
  std::string note;
  std::string author;
  int64_t marked_at_us = 0;
  bool operator==(const DeadMark&) const = default;
};

// An incoming record held back because it resolved to a dead entity.
struct QuarantinedRecord {
  SourceRecord record;
  std::string golden_id;  // the dead entity it resolved to
  DeadReason reason = DeadReason::kUnspecified;
  int64_t quarantined_at_us = 0;
  bool operator==(const QuarantinedRecord&) const = default;
};

// The answer to a steward mutation, kept under its request_id so that a
// retried request gets the same answer without a second effect.
struct StewardRequest {
  std::string request_id;
  uint64_t body_hash = 0;
  std::string result;  // encoded by the service
  int64_t created_at_us = 0;
  bool operator==(const StewardRequest&) const = default;
};

// What one change set adds to the steward tables.
struct StewardChanges {
  std::vector<LinkConstraint> put_constraints;  // replace by (a, b)
  std::vector<DeadMark> put_dead;               // replace by golden_id
  std::vector<std::string> revive;              // golden ids
  std::vector<QuarantinedRecord> quarantine;    // replace by record key
  std::optional<StewardRequest> request;        // insert; must be new
  bool empty() const {
    return put_constraints.empty() && put_dead.empty() && revive.empty() &&
           quarantine.empty() && !request.has_value();
  }
};

// Every constraint and dead mark (small: only stewards write them).
struct StewardState {
  std::vector<LinkConstraint> constraints;
  std::vector<DeadMark> dead;
};

}  // namespace mdm
