// The plug-in interface of a department connector (DESIGN §6): a Source reads
// one system of record and hands the runner batches of changes. The runner
// (runner.h) owns everything else: the hub connection, batching into gRPC
// calls, retries, the checkpoint, dead letters, shutdown.
//
// The contract, after Kafka Connect's SourceTask:
// - Checkpoints are opaque bytes the source produces and the runner stores
//   in the hub, committed only after the hub acknowledged every change of the
//   batch that ends there. After a crash the source restarts from the last
//   committed checkpoint, so it may deliver changes again, never skip one:
//   the hub's upserts are idempotent by (source, source_record_id,
//   updated_at/source_version), deletes are idempotent, facts are replaced
//   by key.
// - A failed Poll() must not move the source's position: the runner calls it
//   again after a backoff.
// - Stop() is called from another thread (the signal handler) and must make
//   a Poll() in progress return promptly.
//
// Thread safety: Start() and Poll() are called from one thread at a time;
// Stop() from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mdm/v1/facts.pb.h"
#include "mdm/v1/records.pb.h"

namespace mdm::connectors {

// One change read from the source. The runner fills in the hub-side source
// name (`source` fields) before sending.
struct Change {
  enum class Type { kUpsert, kDelete, kFact };
  Type type = Type::kUpsert;
  v1::SourceRecord record;  // kUpsert
  std::string deleted_id;   // kDelete: the source_record_id retracted
  int64_t deleted_at_us = 0;
  v1::Fact fact;  // kFact
  // When the change happened in the source (for the lag); 0 if unknown.
  int64_t source_time_us = 0;
  // Where it came from, for the dead letter ("customers id=42", "file:line").
  std::string origin;

  static Change Upsert(v1::SourceRecord record, std::string origin);
  static Change Delete(std::string id, int64_t deleted_at_us,
                       std::string origin);
  static Change FactOf(v1::Fact fact, std::string origin);
};

// A row the source could read but not map (a missing key, a bad date, a
// line that is not JSON). The runner writes it to the dead-letter file and
// goes on.
struct DeadLetter {
  std::string origin;
  std::string reason;
  std::string raw;  // the row as read, for a human to fix
};

struct Batch {
  std::vector<Change> changes;
  std::vector<DeadLetter> dead_letters;
  // The position just after this batch.
  std::string checkpoint;
  // True when the source returned fewer changes than asked because it has
  // nothing more right now (the runner then waits a poll interval).
  bool caught_up = true;
};

// Microseconds since the epoch <-> protobuf Timestamp (0 = unset).
void SetTimestamp(int64_t micros, google::protobuf::Timestamp* out);
int64_t MicrosOf(const google::protobuf::Timestamp& ts);

class Source {
 public:
  virtual ~Source() = default;

  // Positions the source just after `checkpoint` (empty: the beginning).
  // InvalidArgument for a checkpoint this source cannot read.
  virtual absl::Status Start(std::string_view checkpoint) = 0;

  // Up to `max_changes` changes after the current position. Unavailable when
  // the system of record cannot be reached (retried); Cancelled after Stop().
  virtual absl::StatusOr<Batch> Poll(int max_changes) = 0;

  // Makes a Poll() in progress, and every later one, return promptly.
  virtual void Stop() = 0;
};

}  // namespace mdm::connectors
