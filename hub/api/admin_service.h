// mdm.v1.Admin: operating the hub. Each group of RPCs has a file of its own
// (admin_store_rpcs.cc: store check and backup); this class only wires them
// to the generated service.
#pragma once

#include "hub/api/worker_pool.h"
#include "hub/store/store_maintenance.h"
#include "mdm/v1/admin.grpc.pb.h"

namespace mdm::api {

class AdminService final : public v1::Admin::CallbackService {
 public:
  // `maintenance` may be null (a store without built-in maintenance: the
  // RPCs answer FAILED_PRECONDITION); otherwise it must outlive this object,
  // and this object the gRPC server it is registered with.
  explicit AdminService(StoreMaintenance* maintenance)
      : maintenance_(maintenance), pool_(1) {}

  grpc::ServerUnaryReactor* CheckStore(grpc::CallbackServerContext* ctx,
                                       const v1::CheckStoreRequest* req,
                                       v1::CheckStoreResponse* resp) override;
  grpc::ServerWriteReactor<v1::BackupChunk>* BackupStore(
      grpc::CallbackServerContext* ctx,
      const v1::BackupStoreRequest* req) override;

 private:
  StoreMaintenance* const maintenance_;  // may be null
  // Checks and snapshots read the whole database: one at a time.
  WorkerPool pool_;
};

}  // namespace mdm::api
