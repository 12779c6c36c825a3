// StoreMaintenance for the MySQL store: CHECK TABLE on every table of the
// store's database plus the hub's invariants (store_invariants.h, the same
// SQL as on SQLite), read in one consistent InnoDB snapshot. Backups are left
// to the database's own tools: Backup() is FailedPrecondition spelling out the
// mariadb-dump command for this database (README, Reliability).
//
// Each Check() opens a connection of its own and closes it when done, so it
// neither takes nor waits for one of the hub's pooled connections.
#pragma once

#include <string>

#include "hub/store/mysql_conn.h"
#include "hub/store/store_maintenance.h"

namespace mdm {

class MysqlMaintenance final : public StoreMaintenance {
 public:
  // `options`: those of the hub's MysqlStore (the first server is checked).
  explicit MysqlMaintenance(MysqlOptions options)
      : options_(std::move(options)) {}

  absl::StatusOr<StoreCheckReport> Check() override;
  // FailedPrecondition naming the mariadb-dump command to run instead.
  absl::Status Backup(const std::string& dest_path) override;
  // The system's temporary directory (nothing is written there).
  std::string ScratchDir() const override;

 private:
  const MysqlOptions options_;
};

}  // namespace mdm
