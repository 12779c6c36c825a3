#include "hub/server/side_store_factory.h"

#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "hub/common/status_macros.h"
#include "hub/store/mysql_audit_store.h"
#include "hub/store/mysql_checkpoint_store.h"
#include "hub/store/mysql_fact_store.h"
#include "hub/store/mysql_insight_store.h"
#include "hub/store/mysql_model_store.h"
#include "hub/store/sqlite_audit_store.h"
#include "hub/store/sqlite_checkpoint_store.h"
#include "hub/store/sqlite_fact_store.h"
#include "hub/store/sqlite_insight_store.h"
#include "hub/store/sqlite_model_store.h"

namespace mdm::server {

absl::StatusOr<SideStores> OpenSideStores(absl::string_view url) {
  return OpenSideStores(url,
                        [](const char* name) { return std::getenv(name); });
}

absl::StatusOr<SideStores> OpenSideStores(absl::string_view url,
                                          const EnvLookup& env) {
  SideStores out;
  absl::string_view path = url;
  if (absl::ConsumePrefix(&path, "sqlite:") && !path.empty()) {
    ASSIGN_OR_RETURN(out.checkpoints,
                     SqliteCheckpointStore::Open(std::string(path)));
    ASSIGN_OR_RETURN(out.facts, SqliteFactStore::Open(std::string(path)));
    ASSIGN_OR_RETURN(out.insights, SqliteInsightStore::Open(std::string(path)));
    ASSIGN_OR_RETURN(out.models, SqliteModelStore::Open(std::string(path)));
    ASSIGN_OR_RETURN(out.audit, SqliteAuditStore::Open(std::string(path)));
    return out;
  }
  if (absl::StartsWith(url, "mysql:")) {
    ASSIGN_OR_RETURN(MysqlOptions options, ParseMysqlUrl(url));
    ASSIGN_OR_RETURN(std::optional<std::string> password,
                     MysqlPasswordFromEnv(env));
    if (password.has_value()) options.password = *std::move(password);
    ASSIGN_OR_RETURN(out.checkpoints, MysqlCheckpointStore::Open(options));
    ASSIGN_OR_RETURN(out.facts, MysqlFactStore::Open(options));
    ASSIGN_OR_RETURN(out.insights, MysqlInsightStore::Open(options));
    ASSIGN_OR_RETURN(out.models, MysqlModelStore::Open(options));
    ASSIGN_OR_RETURN(out.audit, MysqlAuditStore::Open(options));
    return out;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unsupported --store '", url, "'"));
}

}  // namespace mdm::server
