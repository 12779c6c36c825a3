// mdm.v1.Stewardship over the callback API: translation between protobuf and
// the resolution service's stewardship use cases, nothing more.
#pragma once

#include "hub/api/worker_pool.h"
#include "hub/service/resolution_service.h"
#include "mdm/v1/stewardship.grpc.pb.h"

namespace mdm::api {

class StewardshipService final : public v1::Stewardship::CallbackService {
 public:
  // `service` must outlive this object, and this object the server.
  explicit StewardshipService(service::ResolutionService* service,
                              int worker_threads = 2)
      : service_(service), pool_(worker_threads) {}

  grpc::ServerUnaryReactor* MergeEntities(
      grpc::CallbackServerContext* ctx, const v1::MergeEntitiesRequest* req,
      v1::StewardActionResponse* resp) override;
  grpc::ServerUnaryReactor* SplitEntity(
      grpc::CallbackServerContext* ctx, const v1::SplitEntityRequest* req,
      v1::StewardActionResponse* resp) override;
  grpc::ServerUnaryReactor* ListReviewQueue(
      grpc::CallbackServerContext* ctx, const v1::ListReviewQueueRequest* req,
      v1::ListReviewQueueResponse* resp) override;
  grpc::ServerUnaryReactor* AcceptReviewTask(
      grpc::CallbackServerContext* ctx, const v1::DecideReviewTaskRequest* req,
      v1::StewardActionResponse* resp) override;
  grpc::ServerUnaryReactor* RejectReviewTask(
      grpc::CallbackServerContext* ctx, const v1::DecideReviewTaskRequest* req,
      v1::StewardActionResponse* resp) override;
  grpc::ServerUnaryReactor* MarkDead(grpc::CallbackServerContext* ctx,
                                     const v1::MarkDeadRequest* req,
                                     v1::StewardActionResponse* resp) override;
  grpc::ServerUnaryReactor* Revive(grpc::CallbackServerContext* ctx,
                                   const v1::ReviveRequest* req,
                                   v1::StewardActionResponse* resp) override;
  grpc::ServerUnaryReactor* ListDead(grpc::CallbackServerContext* ctx,
                                     const v1::ListDeadRequest* req,
                                     v1::ListDeadResponse* resp) override;
  grpc::ServerUnaryReactor* ListQuarantine(
      grpc::CallbackServerContext* ctx, const v1::ListQuarantineRequest* req,
      v1::ListQuarantineResponse* resp) override;

 private:
  service::ResolutionService* const service_;
  WorkerPool pool_;
};

}  // namespace mdm::api
