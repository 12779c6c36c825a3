// mdm.v1.Admin: the match-model RPCs (train, get, list, activate, what-if
// diff), translated to and from service::ModelService, nothing more. The
// Admin service lives here while it has only these RPCs; other Admin RPCs
// belong in files of their own.
#pragma once

#include "hub/api/worker_pool.h"
#include "hub/service/model_service.h"
#include "mdm/v1/admin.grpc.pb.h"

namespace mdm::api {

class AdminService final : public v1::Admin::CallbackService {
 public:
  // `models` must outlive this object, and this object the server. Training
  // takes seconds: one worker keeps two trainings from running at once.
  explicit AdminService(service::ModelService* models)
      : models_(models), pool_(1) {}

  grpc::ServerUnaryReactor* TrainModel(grpc::CallbackServerContext* ctx,
                                       const v1::TrainModelRequest* req,
                                       v1::TrainModelResponse* resp) override;
  grpc::ServerUnaryReactor* GetModel(grpc::CallbackServerContext* ctx,
                                     const v1::GetModelRequest* req,
                                     v1::Model* resp) override;
  grpc::ServerUnaryReactor* ListModels(grpc::CallbackServerContext* ctx,
                                       const v1::ListModelsRequest* req,
                                       v1::ListModelsResponse* resp) override;
  grpc::ServerUnaryReactor* ActivateModel(grpc::CallbackServerContext* ctx,
                                          const v1::ActivateModelRequest* req,
                                          v1::Model* resp) override;
  grpc::ServerUnaryReactor* DiffModel(grpc::CallbackServerContext* ctx,
                                      const v1::DiffModelRequest* req,
                                      v1::DiffModelResponse* resp) override;

 private:
  service::ModelService* const models_;
  WorkerPool pool_;
};

}  // namespace mdm::api
