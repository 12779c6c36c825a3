#include "hub/server/maintenance_factory.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "hub/store/sqlite_maintenance.h"

namespace mdm::server {

absl::StatusOr<std::unique_ptr<StoreMaintenance>> OpenStoreMaintenance(
    absl::string_view url) {
  absl::string_view path = url;
  if (absl::ConsumePrefix(&path, "sqlite:") && !path.empty()) {
    return std::make_unique<SqliteMaintenance>(std::string(path));
  }
  if (absl::StartsWith(url, "mysql:")) return nullptr;
  return absl::InvalidArgumentError(
      absl::StrCat("no store maintenance for --store ", url));
}

}  // namespace mdm::server
