#include "hub/access/method_policy.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace mdm::access {
namespace {

using Table = absl::flat_hash_map<std::string, MethodRule>;

// One line per RPC; an RPC missing here is denied (and a unit test checks
// every method of the descriptor pool has its line).
const Table& Rules() {
  static const Table* const table = new Table{
      // CustomerHub
      {"/mdm.v1.CustomerHub/UpsertRecord", {Need::kWriteSource, true}},
      {"/mdm.v1.CustomerHub/IngestRecords", {Need::kWriteSource, true}},
      {"/mdm.v1.CustomerHub/DeleteRecord", {Need::kWriteSource, true}},
      {"/mdm.v1.CustomerHub/GetGoldenRecord", {Need::kRead, false}},
      {"/mdm.v1.CustomerHub/BatchGetGoldenRecords", {Need::kRead, false}},
      {"/mdm.v1.CustomerHub/LookupXref", {Need::kRead, false}},
      {"/mdm.v1.CustomerHub/ListXrefs", {Need::kRead, false}},
      {"/mdm.v1.CustomerHub/ResolveIdentity", {Need::kRead, false}},
      {"/mdm.v1.CustomerHub/SearchCustomers", {Need::kRead, false}},
      {"/mdm.v1.CustomerHub/ExplainMatch", {Need::kRead, false}},
      {"/mdm.v1.CustomerHub/ListReviewTasks", {Need::kSteward, false}},
      {"/mdm.v1.CustomerHub/ListEntityRecords", {Need::kRead, false}},
      // Connectors: a connector manages its own registration and checkpoint.
      {"/mdm.v1.Connectors/RegisterConnector", {Need::kWriteSource, true}},
      {"/mdm.v1.Connectors/GetCheckpoint", {Need::kWriteSource, false}},
      {"/mdm.v1.Connectors/CommitCheckpoint", {Need::kWriteSource, true}},
      {"/mdm.v1.Connectors/GetConnector", {Need::kRead, false}},
      {"/mdm.v1.Connectors/ListConnectors", {Need::kRead, false}},
      // Facts
      {"/mdm.v1.Facts/IngestFacts", {Need::kWriteSource, true}},
      {"/mdm.v1.Facts/ListFacts", {Need::kRead, false}},
      // Stewardship
      {"/mdm.v1.Stewardship/MergeEntities", {Need::kSteward, true}},
      {"/mdm.v1.Stewardship/SplitEntity", {Need::kSteward, true}},
      {"/mdm.v1.Stewardship/ListReviewQueue", {Need::kSteward, false}},
      {"/mdm.v1.Stewardship/AcceptReviewTask", {Need::kSteward, true}},
      {"/mdm.v1.Stewardship/RejectReviewTask", {Need::kSteward, true}},
      {"/mdm.v1.Stewardship/MarkDead", {Need::kSteward, true}},
      {"/mdm.v1.Stewardship/Revive", {Need::kSteward, true}},
      {"/mdm.v1.Stewardship/ListDead", {Need::kSteward, false}},
      {"/mdm.v1.Stewardship/ListQuarantine", {Need::kSteward, false}},
      // Insight: profiles and segments for every reader; flags, quality
      // snapshots and sampling inspection are stewards' work.
      {"/mdm.v1.Insight/GetCustomerProfile", {Need::kRead, false}},
      {"/mdm.v1.Insight/ListSegment", {Need::kRead, false}},
      {"/mdm.v1.Insight/GetParetoView", {Need::kRead, false}},
      {"/mdm.v1.Insight/SetFlag", {Need::kSteward, true}},
      {"/mdm.v1.Insight/GetQualityReport", {Need::kSteward, true}},
      {"/mdm.v1.Insight/DrawSample", {Need::kSteward, true}},
      {"/mdm.v1.Insight/RecordVerdict", {Need::kSteward, true}},
      {"/mdm.v1.Insight/GetInspectionReport", {Need::kSteward, false}},
      // GoldenLifecycle
      {"/mdm.v1.GoldenLifecycle/ListGoldenHistory", {Need::kRead, false}},
      {"/mdm.v1.GoldenLifecycle/WatchChanges", {Need::kRead, false}},
      {"/mdm.v1.GoldenLifecycle/ListConflicts", {Need::kRead, false}},
      {"/mdm.v1.GoldenLifecycle/ExplainGoldenRecord", {Need::kRead, false}},
      // Admin
      {"/mdm.v1.Admin/TrainModel", {Need::kAdmin, true}},
      {"/mdm.v1.Admin/GetModel", {Need::kAdmin, false}},
      {"/mdm.v1.Admin/ListModels", {Need::kAdmin, false}},
      {"/mdm.v1.Admin/ActivateModel", {Need::kAdmin, true}},
      {"/mdm.v1.Admin/DiffModel", {Need::kAdmin, false}},
      {"/mdm.v1.Admin/CheckStore", {Need::kAdmin, false}},
      {"/mdm.v1.Admin/BackupStore", {Need::kAdmin, true}},
      {"/mdm.v1.Admin/GetSurvivorshipRules", {Need::kAdmin, false}},
      {"/mdm.v1.Admin/SetSurvivorshipRules", {Need::kAdmin, true}},
      {"/mdm.v1.Admin/ListAuditEvents", {Need::kAdmin, false}},
      // gRPC's own services: probes carry no credentials, and reflection
      // describes only the schema.
      {"/grpc.health.v1.Health/Check", {Need::kPublic, false}},
      {"/grpc.health.v1.Health/Watch", {Need::kPublic, false}},
      {"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
       {Need::kPublic, false}},
  };
  return *table;
}

bool RoleMeets(Role role, Need need) {
  switch (need) {
    case Need::kPublic:
      return true;
    case Need::kRead:
      return role != Role::kConnector;
    case Need::kWriteSource:
      return role != Role::kReader;
    case Need::kSteward:
      return role == Role::kSteward || role == Role::kAdmin;
    case Need::kAdmin:
      return role == Role::kAdmin;
  }
  return false;
}

}  // namespace

const MethodRule* FindMethodRule(absl::string_view method) {
  auto it = Rules().find(method);
  return it == Rules().end() ? nullptr : &it->second;
}

absl::Status Authorize(const Principal& principal, absl::string_view method) {
  const MethodRule* rule = FindMethodRule(method);
  if (rule == nullptr) {
    return absl::PermissionDeniedError(
        absl::StrCat(method, " is not in the hub's access table"));
  }
  if (!RoleMeets(principal.role, rule->need)) {
    return absl::PermissionDeniedError(
        absl::StrCat("role ", RoleName(principal.role), " of ", principal.name,
                     " may not call ", method));
  }
  return absl::OkStatus();
}

}  // namespace mdm::access
