// Wires one hub: store, resolution service, gRPC server with the CustomerHub
// API, health checking and reflection, and (when configured) the Prometheus
// metrics endpoint.
#pragma once

#include <grpcpp/grpcpp.h>
#include <prometheus/exposer.h>

#include <memory>

#include "absl/status/statusor.h"
#include "hub/access/access_control.h"
#include "hub/api/admin_service.h"
#include "hub/api/connectors_service.h"
#include "hub/api/customer_hub_service.h"
#include "hub/api/facts_service.h"
#include "hub/api/insight_api.h"
#include "hub/api/lifecycle_service.h"
#include "hub/api/stewardship_service.h"
#include "hub/common/clock.h"
#include "hub/server/hub_config.h"
#include "hub/server/metrics.h"
#include "hub/server/side_store_factory.h"
#include "hub/service/connector_registry.h"
#include "hub/service/fact_ingest.h"
#include "hub/service/model_service.h"
#include "hub/service/resolution_service.h"
#include "hub/store/store.h"

namespace mdm::server {

class HubServer {
 public:
  // Opens the store, loads the index and starts listening.
  static absl::StatusOr<std::unique_ptr<HubServer>> Start(
      const HubConfig& config);

  ~HubServer();

  // The port actually bound (useful with port 0).
  int port() const { return port_; }
  // The port of the metrics endpoint; 0 when metrics are off.
  int metrics_port() const { return metrics_port_; }

  // Graceful stop: health NOT_SERVING, stop accepting calls, let in-flight
  // calls finish within the grace period, then cancel the rest. Idempotent.
  void Shutdown();

  // Blocks until the server has shut down.
  void Wait();

 private:
  HubServer() = default;

  // Members are destroyed bottom up: the metrics endpoint stops before the
  // service its gauges read, and the metrics outlive everything that reports
  // to them (store, API, the server's interceptors).
  HubConfig config_;
  // Read by the access interceptor on every call.
  access::AccessControl access_ = access::AccessControl::Open();
  std::unique_ptr<access::RateLimiter> limiter_;
  SystemClock clock_;
  std::unique_ptr<HubMetrics> metrics_;  // null when metrics are off
  std::unique_ptr<Store> store_;
  std::unique_ptr<service::ResolutionService> service_;
  std::unique_ptr<api::CustomerHubService> hub_api_;
  // Connector checkpoints and facts, in the same database as the Store.
  SideStores side_stores_;
  std::unique_ptr<service::ConnectorRegistry> registry_;
  std::unique_ptr<service::FactIngest> fact_ingest_;
  std::unique_ptr<api::ConnectorsService> connectors_api_;
  std::unique_ptr<api::FactsService> facts_api_;
  // Match models (train, activate, what-if), stored beside the Store.
  std::unique_ptr<service::ModelService> models_;
  // Store check and backup (a MySQL store backs up with its own tools).
  std::unique_ptr<StoreMaintenance> maintenance_;
  std::unique_ptr<api::AdminService> admin_api_;
  // Facts are written and read through this cache (invalidated on write).
  std::unique_ptr<service::RecordFactCache> fact_cache_;
  std::unique_ptr<service::InsightService> insight_;
  std::unique_ptr<service::QualityService> quality_;
  std::unique_ptr<api::InsightApi> insight_api_;
  std::unique_ptr<api::StewardshipService> stewardship_api_;
  std::unique_ptr<api::LifecycleService> lifecycle_api_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<prometheus::Exposer> metrics_endpoint_;
  int port_ = 0;
  int metrics_port_ = 0;
  bool shut_down_ = false;
};

}  // namespace mdm::server
