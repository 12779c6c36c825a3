// mdm.v1.Admin, the survivorship-rules RPCs: JSON in and out (the format of
// hub/golden/rules.h), the work in ResolutionService.
#include "hub/api/admin_service.h"
#include "hub/api/unary_call.h"
#include "hub/common/status_macros.h"
#include "hub/golden/rules.h"

namespace mdm::api {

grpc::ServerUnaryReactor* AdminService::GetSurvivorshipRules(
    grpc::CallbackServerContext* ctx, const v1::GetSurvivorshipRulesRequest*,
    v1::SurvivorshipRules* resp) {
  return Unary(ctx, &model_pool_, [this, resp]() -> absl::Status {
    resp->set_rules_json(
        golden::FormatRules(resolution_->GetSurvivorshipRules()));
    return absl::OkStatus();
  });
}

// Recomputing every golden record takes a while on a large store: it runs on
// the model pool, which is meant for such seconds-long administrative work.
grpc::ServerUnaryReactor* AdminService::SetSurvivorshipRules(
    grpc::CallbackServerContext* ctx,
    const v1::SetSurvivorshipRulesRequest* req,
    v1::SetSurvivorshipRulesResponse* resp) {
  return Unary(ctx, &model_pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(golden::SurvivorshipRules rules,
                     golden::ParseRules(req->rules_json()));
    resp->set_rules_json(golden::FormatRules(rules));
    ASSIGN_OR_RETURN(int64_t recomputed,
                     resolution_->SetSurvivorshipRules(std::move(rules)));
    resp->set_recomputed_golden_records(recomputed);
    return absl::OkStatus();
  });
}

}  // namespace mdm::api
