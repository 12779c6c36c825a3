// mdm.v1.Admin over the callback API. Each group of RPCs lives in a file of
// its own (admin_audit_rpcs.cc: the audit trail).
#pragma once

#include "hub/api/worker_pool.h"
#include "hub/store/audit_store.h"
#include "mdm/v1/admin.grpc.pb.h"

namespace mdm::api {

class AdminService final : public v1::Admin::CallbackService {
 public:
  // `audit` must outlive this object, and this object the server.
  explicit AdminService(AuditStore* audit, int worker_threads = 1)
      : audit_(audit), pool_(worker_threads) {}

  grpc::ServerUnaryReactor* ListAuditEvents(
      grpc::CallbackServerContext* ctx, const v1::ListAuditEventsRequest* req,
      v1::ListAuditEventsResponse* resp) override;

 private:
  AuditStore* const audit_;
  WorkerPool pool_;
};

}  // namespace mdm::api
