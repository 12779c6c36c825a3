// The hub's Prometheus metrics: one registry holding every series the hub
// publishes, and the HTTP endpoint (/metrics) that serves them. Names follow
// the Prometheus conventions (prefix mdm_, _total on counters, base units);
// the README's "Metrics" section lists them.
//
// The layers below the server know nothing of Prometheus: the API reports
// record outcomes through api::RecordObserver (implemented here), store
// failures arrive through ErrorCountingStore's callback, RPCs through
// MetricsInterceptorFactory, and the record and entity gauges are read from
// the ResolutionService at scrape time.
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include <grpcpp/support/status.h>
#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hub/api/record_observer.h"
#include "hub/service/resolution_service.h"

namespace mdm::server {

class HubMetrics final : public api::RecordObserver {
 public:
  HubMetrics();

  // The series of one RPC method, looked up once per call.
  struct RpcSeries {
    prometheus::Labels labels;  // grpc_service, grpc_method
    prometheus::Histogram* seconds;
    prometheus::Counter* received;
    prometheus::Counter* sent;
  };
  // `full_method` as gRPC names it: "/mdm.v1.CustomerHub/UpsertRecord".
  RpcSeries ForRpc(absl::string_view full_method);
  // One finished call of `rpc` with `code`.
  void CountHandled(const RpcSeries& rpc, grpc::StatusCode code);

  // A failed store call (ErrorCountingStore's operation names).
  void CountStoreError(absl::string_view operation);

  // Counts the record under its outcome; a record refused as invalid
  // (INVALID_ARGUMENT) counts as "rejected"; other errors (the store failed)
  // are left to the store error counter.
  void OnRecordResult(
      const absl::StatusOr<service::UpsertResult>& result) override;

  // Starts serving /metrics over HTTP on `listen` (HOST:PORT; port 0 picks a
  // free port); GetListeningPorts() of the result tells the port. Scrapes run
  // while the returned exposer lives, and each calls `stats` for the record
  // and entity gauges: destroy the exposer before what `stats` reads.
  absl::StatusOr<std::unique_ptr<prometheus::Exposer>> Serve(
      const std::string& listen,
      std::function<service::ResolutionService::Stats()> stats);

 private:
  const std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& handled_;
  prometheus::Family<prometheus::Histogram>& handling_seconds_;
  prometheus::Family<prometheus::Counter>& received_;
  prometheus::Family<prometheus::Counter>& sent_;
  prometheus::Family<prometheus::Counter>& store_errors_;
  // Indexed by service::Outcome, then "rejected" last.
  std::array<prometheus::Counter*, 7> ingested_{};
  // Set by Serve(); the exposer holds only a weak reference.
  std::shared_ptr<prometheus::Collectable> stats_collector_;
};

}  // namespace mdm::server
