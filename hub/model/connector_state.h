// What the hub remembers about one department connector: its checkpoint (an
// opaque position in its source) and the status it last reported.
#pragma once

#include <cstdint>
#include <string>

namespace mdm {

struct ConnectorCounters {
  int64_t records_read = 0;
  int64_t records_sent = 0;
  int64_t records_acknowledged = 0;
  int64_t records_rejected = 0;
  bool operator==(const ConnectorCounters&) const = default;
};

struct ConnectorState {
  std::string id;          // "erp-main"
  std::string source;      // "erp"
  std::string position;    // opaque bytes; empty = from the beginning
  int64_t generation = 0;  // commits so far
  int64_t registered_at_us = 0;
  int64_t committed_at_us = 0;  // 0 before the first commit
  ConnectorCounters counters;
  int64_t lag_ms = 0;
  std::string last_error;
  int64_t last_error_at_us = 0;
  bool operator==(const ConnectorState&) const = default;
};

// One CommitCheckpoint: the new position and status, valid only if the stored
// generation is still `expected_generation`.
struct CheckpointCommit {
  std::string id;
  std::string position;
  int64_t expected_generation = 0;
  ConnectorCounters counters;
  int64_t lag_ms = 0;
  std::string last_error;
  int64_t now_us = 0;  // commit time (and error time when last_error is set)
};

}  // namespace mdm
