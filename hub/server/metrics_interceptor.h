// A gRPC server interceptor that feeds HubMetrics: per call, its latency (from
// the start of the call to its status) and its final status code; per
// message, requests received and responses sent. It sees every service on the
// server (the hub API, health, reflection) without touching their code.
#pragma once

#include <grpcpp/support/server_interceptor.h>

#include "hub/server/metrics.h"

namespace mdm::server {

// Register with ServerBuilder::experimental().SetInterceptorCreators().
// `metrics` must outlive the server.
class MetricsInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit MetricsInterceptorFactory(HubMetrics* metrics) : metrics_(metrics) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  HubMetrics* const metrics_;
};

}  // namespace mdm::server
