#include "hub/server/metrics_interceptor.h"

#include <chrono>

namespace mdm::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

// One per call; gRPC creates it when the call starts and destroys it when the
// call is done.
class MetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  MetricsInterceptor(HubMetrics* metrics, const char* method)
      : metrics_(metrics),
        rpc_(metrics->ForRpc(method)),
        start_(std::chrono::steady_clock::now()) {}

  ~MetricsInterceptor() override {
    // A call that never sent a status was abandoned (the client went away or
    // the server stopped): count it as cancelled so every call is counted.
    if (!finished_) Finish(grpc::StatusCode::CANCELLED);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* m) override {
    // A receive that found the end of the stream carries no message.
    if (m->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE) &&
        m->GetRecvMessage() != nullptr) {
      rpc_.received->Increment();
    }
    if (m->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      rpc_.sent->Increment();
    }
    if (m->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finish(m->GetSendStatus().error_code());
    }
    m->Proceed();
  }

 private:
  // Runs once: at the status hook, or else at destruction (after every batch
  // of the call), so finished_ needs no lock.
  void Finish(grpc::StatusCode code) {
    finished_ = true;
    rpc_.seconds->Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
            .count());
    metrics_->CountHandled(rpc_, code);
  }

  HubMetrics* const metrics_;
  const HubMetrics::RpcSeries rpc_;
  const std::chrono::steady_clock::time_point start_;
  bool finished_ = false;
};

}  // namespace

grpc::experimental::Interceptor*
MetricsInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new MetricsInterceptor(metrics_, info->method());
}

}  // namespace mdm::server
