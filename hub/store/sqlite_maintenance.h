// StoreMaintenance for the embedded store: PRAGMA integrity_check plus the
// hub's invariants, and backups through SQLite's online backup API. Each call
// opens a connection of its own to the file, so it neither waits for nor
// blocks the hub's writer (WAL: readers see the last committed state).
#pragma once

#include <memory>
#include <string>

#include "hub/store/store_maintenance.h"

namespace mdm {

class SqliteMaintenance final : public StoreMaintenance {
 public:
  // `path`: the database file of a SqliteStore (it need not be open).
  explicit SqliteMaintenance(std::string path) : path_(std::move(path)) {}

  absl::StatusOr<StoreCheckReport> Check() override;
  absl::Status Backup(const std::string& dest_path) override;
  // The database file's directory.
  std::string ScratchDir() const override;

 private:
  const std::string path_;
};

}  // namespace mdm
