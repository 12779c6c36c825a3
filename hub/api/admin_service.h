// mdm.v1.Admin: operating the hub. Each group of RPCs has a file of its own
// (admin_store_rpcs.cc: store check and backup; admin_model_rpcs.cc: match
// models; admin_rules_rpcs.cc: survivorship rules; admin_audit_rpcs.cc: the
// audit trail); this class only wires them to the generated service.
#pragma once

#include "hub/api/worker_pool.h"
#include "hub/service/model_service.h"
#include "hub/service/resolution_service.h"
#include "hub/store/audit_store.h"
#include "hub/store/store_maintenance.h"
#include "mdm/v1/admin.grpc.pb.h"

namespace mdm::api {

class AdminService final : public v1::Admin::CallbackService {
 public:
  // `maintenance` may be null (a store without built-in maintenance: the
  // store RPCs answer FAILED_PRECONDITION). All must outlive this object,
  // and this object the gRPC server it is registered with.
  AdminService(StoreMaintenance* maintenance, service::ModelService* models,
               service::ResolutionService* resolution, AuditStore* audit)
      : maintenance_(maintenance),
        models_(models),
        resolution_(resolution),
        audit_(audit),
        store_pool_(1),
        model_pool_(1) {}

  grpc::ServerUnaryReactor* CheckStore(grpc::CallbackServerContext* ctx,
                                       const v1::CheckStoreRequest* req,
                                       v1::CheckStoreResponse* resp) override;
  grpc::ServerWriteReactor<v1::BackupChunk>* BackupStore(
      grpc::CallbackServerContext* ctx,
      const v1::BackupStoreRequest* req) override;

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

  grpc::ServerUnaryReactor* GetSurvivorshipRules(
      grpc::CallbackServerContext* ctx,
      const v1::GetSurvivorshipRulesRequest* req,
      v1::SurvivorshipRules* resp) override;
  grpc::ServerUnaryReactor* SetSurvivorshipRules(
      grpc::CallbackServerContext* ctx,
      const v1::SetSurvivorshipRulesRequest* req,
      v1::SetSurvivorshipRulesResponse* resp) override;

  grpc::ServerUnaryReactor* ListAuditEvents(
      grpc::CallbackServerContext* ctx, const v1::ListAuditEventsRequest* req,
      v1::ListAuditEventsResponse* resp) override;

 private:
  StoreMaintenance* const maintenance_;  // may be null
  service::ModelService* const models_;
  service::ResolutionService* const resolution_;
  AuditStore* const audit_;
  // Checks and snapshots read the whole database: one at a time. Training
  // takes seconds: one at a time too, and never behind a backup.
  WorkerPool store_pool_;
  WorkerPool model_pool_;
  // Audit reads are small pages: apart from the long-running work above.
  WorkerPool audit_pool_{1};
};

}  // namespace mdm::api
