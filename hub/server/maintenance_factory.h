// The StoreMaintenance (check, backup) for a --store URL.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hub/store/store_maintenance.h"

namespace mdm::server {

// "sqlite:PATH" -> SqliteMaintenance on PATH. A MySQL URL (as OpenStore
// takes it, password from the same environment) -> MysqlMaintenance, whose
// backups are the database's own tools' (README, Reliability). Anything else
// is InvalidArgument.
absl::StatusOr<std::unique_ptr<StoreMaintenance>> OpenStoreMaintenance(
    absl::string_view url);

}  // namespace mdm::server
