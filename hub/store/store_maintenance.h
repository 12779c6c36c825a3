// Operating a store: checking its integrity and taking a backup. Kept apart
// from Store (which serves the hub's reads and writes) because both work on
// the database as a whole, with connections of their own.
//
// Thread safety: implementations are safe for concurrent use, also while the
// hub writes through its Store.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mdm {

struct StoreCheckReport {
  // One line per problem found; empty when the store is sound.
  std::vector<std::string> problems;
  int64_t records = 0;   // live source records
  int64_t entities = 0;  // live golden records
};

class StoreMaintenance {
 public:
  virtual ~StoreMaintenance() = default;

  // The database engine's integrity check plus the hub's invariants
  // (store_invariants.h). Problems are reported, not returned as an error;
  // an error means the check could not run.
  virtual absl::StatusOr<StoreCheckReport> Check() = 0;

  // Writes a consistent snapshot of the whole database to `dest_path`, a file
  // that must not exist yet. FailedPrecondition where the database's own
  // tools take backups instead (MySQL).
  virtual absl::Status Backup(const std::string& dest_path) = 0;

  // A directory on the database's file system, with room for a snapshot.
  virtual std::string ScratchDir() const = 0;
};

}  // namespace mdm
