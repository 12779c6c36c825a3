// mdm.v1.GoldenLifecycle: golden history, the change feed, conflicts and
// ExplainGoldenRecord. Translation only; the work is in ResolutionService and
// the store.
//
// A synchronous service (gRPC's own thread pool), because WatchChanges is a
// long-lived stream that follows the store by polling: the store is the
// system of record, so a hub sharing a MySQL database with others sees their
// commits too, and a stream resumed on a restarted hub continues exactly
// where its client left off.
#pragma once

#include <atomic>

#include "absl/time/time.h"
#include "hub/service/resolution_service.h"
#include "mdm/v1/lifecycle.grpc.pb.h"

namespace mdm::api {

class LifecycleService final : public v1::GoldenLifecycle::Service {
 public:
  // `service` must outlive this object, and this object the server.
  // `poll_interval`: how often a watcher caught up looks for new events.
  explicit LifecycleService(
      service::ResolutionService* service,
      absl::Duration poll_interval = absl::Milliseconds(100))
      : service_(service), poll_interval_(poll_interval) {}

  // Ends every open WatchChanges stream (OK), e.g. before server shutdown.
  void Stop() { stopping_ = true; }

  grpc::Status ListGoldenHistory(grpc::ServerContext* ctx,
                                 const v1::ListGoldenHistoryRequest* req,
                                 v1::ListGoldenHistoryResponse* resp) override;
  grpc::Status WatchChanges(
      grpc::ServerContext* ctx, const v1::WatchChangesRequest* req,
      grpc::ServerWriter<v1::ChangeEvent>* writer) override;
  grpc::Status ListConflicts(grpc::ServerContext* ctx,
                             const v1::ListConflictsRequest* req,
                             v1::ListConflictsResponse* resp) override;
  grpc::Status ExplainGoldenRecord(
      grpc::ServerContext* ctx, const v1::ExplainGoldenRecordRequest* req,
      v1::ExplainGoldenRecordResponse* resp) override;

 private:
  service::ResolutionService* const service_;
  const absl::Duration poll_interval_;
  std::atomic<bool> stopping_{false};
};

}  // namespace mdm::api
