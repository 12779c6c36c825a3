// Opens the stores kept beside the Store (connector checkpoints, facts,
// insight items, match models, the audit trail) on the same --store URL: the
// same SQLite file, or the same MySQL database with its own small connection
// pool.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hub/server/store_factory.h"
#include "hub/store/audit_store.h"
#include "hub/store/checkpoint_store.h"
#include "hub/store/fact_store.h"
#include "hub/store/insight_store.h"
#include "hub/store/model_store.h"

namespace mdm::server {

struct SideStores {
  std::unique_ptr<CheckpointStore> checkpoints;
  std::unique_ptr<FactStore> facts;
  std::unique_ptr<InsightStore> insights;
  std::unique_ptr<ModelStore> models;
  std::unique_ptr<AuditStore> audit;
};

// The URL forms and the password sources of OpenStore().
absl::StatusOr<SideStores> OpenSideStores(absl::string_view url,
                                          const EnvLookup& env);
absl::StatusOr<SideStores> OpenSideStores(absl::string_view url);

}  // namespace mdm::server
