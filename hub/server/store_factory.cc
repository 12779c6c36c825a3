#include "hub/server/store_factory.h"

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/store/sqlite_store.h"

namespace mdm::server {

absl::StatusOr<std::unique_ptr<Store>> OpenStore(absl::string_view url) {
  absl::string_view path = url;
  if (absl::ConsumePrefix(&path, "sqlite:")) {
    if (path.empty()) {
      return absl::InvalidArgumentError("--store sqlite: needs a file path");
    }
    ASSIGN_OR_RETURN(std::unique_ptr<SqliteStore> store,
                     SqliteStore::Open(std::string(path)));
    return std::unique_ptr<Store>(std::move(store));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unsupported --store '", url, "': use sqlite:PATH"));
}

}  // namespace mdm::server
