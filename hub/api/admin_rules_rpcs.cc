#include "hub/api/admin_rules_rpcs.h"

#include "hub/api/status_convert.h"
#include "hub/common/status_macros.h"
#include "hub/golden/rules.h"

namespace mdm::api {

grpc::Status AdminRulesService::GetSurvivorshipRules(
    grpc::ServerContext*, const v1::GetSurvivorshipRulesRequest*,
    v1::SurvivorshipRules* resp) {
  resp->set_rules_json(golden::FormatRules(service_->GetSurvivorshipRules()));
  return grpc::Status::OK;
}

grpc::Status AdminRulesService::SetSurvivorshipRules(
    grpc::ServerContext*, const v1::SetSurvivorshipRulesRequest* req,
    v1::SetSurvivorshipRulesResponse* resp) {
  return ToGrpcStatus([&]() -> absl::Status {
    ASSIGN_OR_RETURN(golden::SurvivorshipRules rules,
                     golden::ParseRules(req->rules_json()));
    resp->set_rules_json(golden::FormatRules(rules));
    ASSIGN_OR_RETURN(int64_t recomputed,
                     service_->SetSurvivorshipRules(std::move(rules)));
    resp->set_recomputed_golden_records(recomputed);
    return absl::OkStatus();
  }());
}

}  // namespace mdm::api
