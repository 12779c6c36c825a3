#include "hub/server/hub_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.pb.h"
#include "hub/common/logging.h"
#include "hub/common/status_macros.h"
#include "hub/server/access_interceptor.h"
#include "hub/server/error_counting_store.h"
#include "hub/server/insight_rules_file.h"
#include "hub/server/maintenance_factory.h"
#include "hub/server/metrics_interceptor.h"
#include "hub/server/parse_errors.h"
#include "hub/server/store_factory.h"

namespace mdm::server {
namespace {
// Source records whose facts stay in memory for profiles.
constexpr size_t kFactCacheRecords = 200000;
constexpr const char* kServiceNames[] = {
    "mdm.v1.CustomerHub",    "mdm.v1.Connectors", "mdm.v1.Facts",
    "mdm.v1.Insight",        "mdm.v1.Admin",      "mdm.v1.Stewardship",
    "mdm.v1.GoldenLifecycle"};

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Tokens from --auth_config, or open dev mode when none is given.
absl::StatusOr<access::AccessControl> LoadAccess(const HubConfig& config) {
  if (config.auth_config.empty()) return access::AccessControl::Open();
  std::ifstream in(config.auth_config, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat("--auth_config: cannot read ", config.auth_config));
  }
  return access::AccessControl::FromJson(text.str());
}

}  // namespace

absl::StatusOr<std::unique_ptr<HubServer>> HubServer::Start(
    const HubConfig& config) {
  std::unique_ptr<HubServer> hub(new HubServer());
  hub->config_ = config;
  RETURN_IF_ERROR(CheckExposure(config.listen, !config.tls.cert.empty(),
                                !config.auth_config.empty(), config.insecure));
  ASSIGN_OR_RETURN(hub->access_, LoadAccess(config));
  hub->limiter_ =
      std::make_unique<access::RateLimiter>(hub->access_.rate_limits());
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                   ServerCredentials(config.tls));
  if (!hub->access_.enabled()) {
    MDM_LOG_WARN("no --auth_config: open dev mode, every caller is an admin");
  }
  ASSIGN_OR_RETURN(hub->store_, OpenStore(config.store));
  if (!config.metrics_listen.empty()) {
    hub->metrics_ = std::make_unique<HubMetrics>();
    hub->store_ = std::make_unique<ErrorCountingStore>(
        std::move(hub->store_),
        [metrics = hub->metrics_.get()](absl::string_view op) {
          metrics->CountStoreError(op);
        });
  }
  ASSIGN_OR_RETURN(hub->side_stores_, OpenSideStores(config.store));
  // Decisions use the active trained model, if one was activated.
  service::ServiceOptions options;
  ASSIGN_OR_RETURN(
      std::optional<match::ScoringModel> active,
      service::ModelService::LoadActive(*hub->side_stores_.models));
  if (active) options.model = *std::move(active);
  if (config.link_threshold) {
    options.model.link_threshold = *config.link_threshold;
  }
  if (config.review_threshold) {
    options.model.review_threshold = *config.review_threshold;
  }
  ASSIGN_OR_RETURN(hub->service_,
                   service::ResolutionService::Create(
                       hub->store_.get(), &hub->clock_, std::move(options)));
  if (!config.survivorship_rules_file.empty()) {
    ASSIGN_OR_RETURN(std::string rules,
                     ReadFile(config.survivorship_rules_file));
    absl::Status applied = hub->service_->ApplyRulesFile(rules);
    if (!applied.ok()) {
      return absl::Status(applied.code(),
                          absl::StrCat(config.survivorship_rules_file, ": ",
                                       applied.message()));
    }
  }
  hub->lifecycle_api_ =
      std::make_unique<api::LifecycleService>(hub->service_.get());
  hub->hub_api_ = std::make_unique<api::CustomerHubService>(
      hub->service_.get(), hub->metrics_.get());
  if (hub->metrics_ != nullptr) {
    ASSIGN_OR_RETURN(
        hub->metrics_endpoint_,
        hub->metrics_->Serve(config.metrics_listen, hub->service_.get()));
    hub->metrics_port_ = hub->metrics_endpoint_->GetListeningPorts().front();
  }
  hub->registry_ = std::make_unique<service::ConnectorRegistry>(
      hub->side_stores_.checkpoints.get(), &hub->clock_);
  // Other hubs' fact writes would not invalidate this hub's cache.
  hub->fact_cache_ = std::make_unique<service::RecordFactCache>(
      hub->side_stores_.facts.get(), !hub->store_->SharedByReplicas(),
      kFactCacheRecords);
  hub->fact_ingest_ =
      std::make_unique<service::FactIngest>(hub->fact_cache_.get());
  ASSIGN_OR_RETURN(insight::InsightRules rules,
                   LoadInsightRules(config.insight_rules));
  hub->insight_ = std::make_unique<service::InsightService>(
      hub->service_.get(), hub->fact_cache_.get(),
      hub->side_stores_.insights.get(), &hub->clock_, std::move(rules));
  hub->quality_ = std::make_unique<service::QualityService>(
      hub->store_.get(), hub->service_.get(), hub->side_stores_.insights.get(),
      &hub->clock_);
  hub->insight_api_ = std::make_unique<api::InsightApi>(hub->insight_.get(),
                                                        hub->quality_.get());
  hub->connectors_api_ =
      std::make_unique<api::ConnectorsService>(hub->registry_.get());
  hub->facts_api_ =
      std::make_unique<api::FactsService>(hub->fact_ingest_.get());
  hub->models_ = std::make_unique<service::ModelService>(
      hub->side_stores_.models.get(), hub->service_.get(), &hub->clock_);
  ASSIGN_OR_RETURN(hub->maintenance_, OpenStoreMaintenance(config.store));
  hub->admin_api_ = std::make_unique<api::AdminService>(
      hub->maintenance_.get(), hub->models_.get(), hub->service_.get(),
      hub->side_stores_.audit.get());
  hub->stewardship_api_ =
      std::make_unique<api::StewardshipService>(hub->service_.get());

  // Reference the compiled-in health.proto so the linker keeps it and
  // reflection can describe grpc.health.v1 to clients such as `buf curl`.
  grpc::health::v1::HealthCheckRequest::descriptor();
  CaptureProtobufParseErrors();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.listen, credentials, &hub->port_);
  builder.RegisterService(hub->hub_api_.get());
  builder.RegisterService(hub->connectors_api_.get());
  builder.RegisterService(hub->facts_api_.get());
  builder.RegisterService(hub->admin_api_.get());
  builder.RegisterService(hub->insight_api_.get());
  builder.RegisterService(hub->stewardship_api_.get());
  builder.RegisterService(hub->lifecycle_api_.get());
  builder.SetMaxReceiveMessageSize(config.max_receive_message_bytes);
  // Access first: it marks the call before anything else looks at it.
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<AccessInterceptorFactory>(
      &hub->access_, hub->limiter_.get(), hub->side_stores_.audit.get()));
  if (hub->metrics_ != nullptr) {
    interceptors.push_back(
        std::make_unique<MetricsInterceptorFactory>(hub->metrics_.get()));
  }
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  hub->server_ = builder.BuildAndStart();
  if (hub->server_ == nullptr || hub->port_ == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", config.listen, " (address in use or invalid)"));
  }
  grpc::HealthCheckServiceInterface* health =
      hub->server_->GetHealthCheckService();
  for (const char* name : kServiceNames) health->SetServingStatus(name, true);
  health->SetServingStatus(true);
  MDM_LOG_INFO("mdm-hub serving on port {} ({}, {}) with store {}", hub->port_,
               config.tls.cert.empty() ? "plaintext" : "TLS",
               hub->access_.enabled()
                   ? absl::StrCat(hub->access_.token_count(), " tokens")
                   : std::string("open access"),
               config.store);
  if (hub->metrics_port_ != 0) {
    MDM_LOG_INFO("serving metrics at /metrics on port {} (--metrics_listen {})",
                 hub->metrics_port_, config.metrics_listen);
  }
  return hub;
}

HubServer::~HubServer() { Shutdown(); }

void HubServer::Shutdown() {
  if (shut_down_ || server_ == nullptr) return;
  shut_down_ = true;
  MDM_LOG_INFO("shutting down: NOT_SERVING, draining for up to {}s",
               config_.shutdown_grace_seconds);
  server_->GetHealthCheckService()->SetServingStatus(false);
  lifecycle_api_->Stop();  // watch streams end instead of holding the drain
  server_->Shutdown(std::chrono::system_clock::now() +
                    std::chrono::seconds(config_.shutdown_grace_seconds));
  const service::ResolutionService::Stats stats = service_->GetStats();
  MDM_LOG_INFO(
      "stopped: {} records in {} entities; blocking looked up {} keys, "
      "scored {} candidates, skipped {} oversized blocks",
      stats.records, stats.entities, stats.blocking.keys_looked_up,
      stats.blocking.candidates, stats.blocking.oversized_blocks_skipped);
}

void HubServer::Wait() { server_->Wait(); }

}  // namespace mdm::server
