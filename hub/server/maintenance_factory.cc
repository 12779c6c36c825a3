#include "hub/server/maintenance_factory.h"

#include <cstdlib>
#include <optional>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "hub/common/status_macros.h"
#include "hub/server/store_factory.h"
#include "hub/store/mysql_maintenance.h"
#include "hub/store/sqlite_maintenance.h"

namespace mdm::server {

absl::StatusOr<std::unique_ptr<StoreMaintenance>> OpenStoreMaintenance(
    absl::string_view url) {
  absl::string_view path = url;
  if (absl::ConsumePrefix(&path, "sqlite:") && !path.empty()) {
    return std::make_unique<SqliteMaintenance>(std::string(path));
  }
  if (absl::StartsWith(url, "mysql:")) {
    ASSIGN_OR_RETURN(MysqlOptions options, ParseMysqlUrl(url));
    ASSIGN_OR_RETURN(std::optional<std::string> password,
                     MysqlPasswordFromEnv(
                         [](const char* name) { return std::getenv(name); }));
    if (password.has_value()) options.password = *std::move(password);
    return std::make_unique<MysqlMaintenance>(std::move(options));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("no store maintenance for --store ", url));
}

}  // namespace mdm::server
