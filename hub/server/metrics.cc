#include "hub/server/metrics.h"

#include <exception>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "hub/server/error_counting_store.h"

namespace mdm::server {
namespace {

using service::Outcome;

// Labels of the ingest counter, indexed like HubMetrics::ingested_.
constexpr std::array<std::pair<Outcome, const char*>, 6> kOutcomes = {{
    {Outcome::kCreated, "created"},
    {Outcome::kLinked, "linked"},
    {Outcome::kMerged, "merged"},
    {Outcome::kUpdated, "updated"},
    {Outcome::kUnchanged, "unchanged"},
    {Outcome::kStale, "stale"},
}};
constexpr size_t kRejected = kOutcomes.size();

// From half a millisecond (a cached read) to minutes (a long import stream).
const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
      0.25,   0.5,   1,      2.5,   5,    10,    30,   120};
  return *buckets;
}

// Gauges read from the resolution service when Prometheus scrapes, so they
// are exact at scrape time and cost nothing between scrapes.
class StatsCollector final : public prometheus::Collectable {
 public:
  explicit StatsCollector(
      std::function<service::ResolutionService::Stats()> stats)
      : stats_(std::move(stats)) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    const service::ResolutionService::Stats s = stats_();
    return {
        OneValue("mdm_source_records", "Live source records in the hub.",
                 prometheus::MetricType::Gauge, static_cast<double>(s.records)),
        OneValue(
            "mdm_golden_records", "Live entities (golden records) in the hub.",
            prometheus::MetricType::Gauge, static_cast<double>(s.entities)),
        OneValue("mdm_blocking_oversized_blocks_skipped_total",
                 "Blocks skipped during ingestion because they exceeded the "
                 "block size cap, since the hub started.",
                 prometheus::MetricType::Counter,
                 static_cast<double>(s.blocking.oversized_blocks_skipped)),
    };
  }

 private:
  static prometheus::MetricFamily OneValue(std::string name, std::string help,
                                           prometheus::MetricType type,
                                           double value) {
    prometheus::ClientMetric m;
    if (type == prometheus::MetricType::Counter) {
      m.counter.value = value;
    } else {
      m.gauge.value = value;
    }
    return {std::move(name), std::move(help), type, {m}};
  }

  const std::function<service::ResolutionService::Stats()> stats_;
};

}  // namespace

HubMetrics::HubMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      handled_(prometheus::BuildCounter()
                   .Name("mdm_grpc_server_handled_total")
                   .Help("RPCs completed on the server, by method and status "
                         "code (streams count once per call).")
                   .Register(*registry_)),
      handling_seconds_(prometheus::BuildHistogram()
                            .Name("mdm_grpc_server_handling_seconds")
                            .Help("Time from the start of an RPC to its "
                                  "status, by method.")
                            .Register(*registry_)),
      received_(prometheus::BuildCounter()
                    .Name("mdm_grpc_server_msg_received_total")
                    .Help("Request messages received, by method.")
                    .Register(*registry_)),
      sent_(prometheus::BuildCounter()
                .Name("mdm_grpc_server_msg_sent_total")
                .Help("Response messages sent, by method.")
                .Register(*registry_)),
      store_errors_(prometheus::BuildCounter()
                        .Name("mdm_store_errors_total")
                        .Help("Failed store operations (commit, or a read), "
                              "after the store's own retries.")
                        .Register(*registry_)) {
  auto& ingested = prometheus::BuildCounter()
                       .Name("mdm_ingest_records_total")
                       .Help(
                           "Source records ingested (UpsertRecord and "
                           "IngestRecords), by outcome.")
                       .Register(*registry_);
  static_assert(kRejected + 1 == std::tuple_size_v<decltype(ingested_)>);
  // Every series exists from the start at 0, so rate() and alerts work
  // before the first event.
  for (const auto& [outcome, name] : kOutcomes) {
    ingested_[static_cast<size_t>(outcome)] =
        &ingested.Add({{"outcome", name}});
  }
  ingested_[kRejected] = &ingested.Add({{"outcome", "rejected"}});
  for (absl::string_view op : ErrorCountingStore::kOperations) {
    store_errors_.Add({{"operation", std::string(op)}});
  }
}

HubMetrics::RpcSeries HubMetrics::ForRpc(absl::string_view full_method) {
  // "/package.Service/Method"
  absl::string_view name = full_method;
  if (!name.empty() && name.front() == '/') name.remove_prefix(1);
  const size_t slash = name.rfind('/');
  prometheus::Labels labels = {
      {"grpc_service",
       std::string(slash == absl::string_view::npos ? absl::string_view()
                                                    : name.substr(0, slash))},
      {"grpc_method",
       std::string(slash == absl::string_view::npos ? name
                                                    : name.substr(slash + 1))}};
  return {labels, &handling_seconds_.Add(labels, LatencyBuckets()),
          &received_.Add(labels), &sent_.Add(labels)};
}

void HubMetrics::CountHandled(const RpcSeries& rpc, grpc::StatusCode code) {
  prometheus::Labels labels = rpc.labels;
  // gRPC's codes are abseil's codes, and abseil names them as gRPC does.
  labels.emplace("grpc_code",
                 absl::StatusCodeToString(static_cast<absl::StatusCode>(code)));
  handled_.Add(labels).Increment();
}

void HubMetrics::CountStoreError(absl::string_view operation) {
  store_errors_.Add({{"operation", std::string(operation)}}).Increment();
}

void HubMetrics::OnRecordResult(
    const absl::StatusOr<service::UpsertResult>& result) {
  if (result.ok()) {
    ingested_[static_cast<size_t>(result->outcome)]->Increment();
  } else if (absl::IsInvalidArgument(result.status())) {
    ingested_[kRejected]->Increment();
  }
}

absl::StatusOr<std::unique_ptr<prometheus::Exposer>> HubMetrics::Serve(
    const std::string& listen,
    std::function<service::ResolutionService::Stats()> stats) {
  std::unique_ptr<prometheus::Exposer> exposer;
  try {
    // civetweb throws when it cannot bind.
    exposer = std::make_unique<prometheus::Exposer>(listen);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", listen,
                     " (address in use or invalid): ", e.what()));
  }
  stats_collector_ = std::make_shared<StatsCollector>(std::move(stats));
  exposer->RegisterCollectable(registry_);
  exposer->RegisterCollectable(stats_collector_);
  return exposer;
}

}  // namespace mdm::server
