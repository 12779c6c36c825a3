// mdm.v1.Connectors over the callback API: translation between protobuf and
// the ConnectorRegistry, nothing more.
#pragma once

#include "hub/api/worker_pool.h"
#include "hub/service/connector_registry.h"
#include "mdm/v1/connectors.grpc.pb.h"

namespace mdm::api {

class ConnectorsService final : public v1::Connectors::CallbackService {
 public:
  // `registry` must outlive this object, and this object the server.
  explicit ConnectorsService(service::ConnectorRegistry* registry,
                             int worker_threads = 2)
      : registry_(registry), pool_(worker_threads) {}

  grpc::ServerUnaryReactor* RegisterConnector(
      grpc::CallbackServerContext* ctx, const v1::RegisterConnectorRequest* req,
      v1::Connector* resp) override;
  grpc::ServerUnaryReactor* GetCheckpoint(grpc::CallbackServerContext* ctx,
                                          const v1::GetCheckpointRequest* req,
                                          v1::Checkpoint* resp) override;
  grpc::ServerUnaryReactor* CommitCheckpoint(
      grpc::CallbackServerContext* ctx, const v1::CommitCheckpointRequest* req,
      v1::Checkpoint* resp) override;
  grpc::ServerUnaryReactor* GetConnector(grpc::CallbackServerContext* ctx,
                                         const v1::GetConnectorRequest* req,
                                         v1::Connector* resp) override;
  grpc::ServerUnaryReactor* ListConnectors(
      grpc::CallbackServerContext* ctx, const v1::ListConnectorsRequest* req,
      v1::ListConnectorsResponse* resp) override;

 private:
  service::ConnectorRegistry* const registry_;
  WorkerPool pool_;
};

}  // namespace mdm::api
