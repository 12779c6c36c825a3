// mdm.v1.Admin, the survivorship-rules RPCs: JSON in and out (the format of
// hub/golden/rules.h), the work in ResolutionService.
#pragma once

#include "hub/service/resolution_service.h"
#include "mdm/v1/admin.grpc.pb.h"

namespace mdm::api {

class AdminRulesService final : public v1::Admin::Service {
 public:
  // `service` must outlive this object, and this object the server.
  explicit AdminRulesService(service::ResolutionService* service)
      : service_(service) {}

  grpc::Status GetSurvivorshipRules(grpc::ServerContext* ctx,
                                    const v1::GetSurvivorshipRulesRequest* req,
                                    v1::SurvivorshipRules* resp) override;
  grpc::Status SetSurvivorshipRules(
      grpc::ServerContext* ctx, const v1::SetSurvivorshipRulesRequest* req,
      v1::SetSurvivorshipRulesResponse* resp) override;

 private:
  service::ResolutionService* const service_;
};

}  // namespace mdm::api
