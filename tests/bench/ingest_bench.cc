// Ingest benchmark: streaming ingest+resolve throughput and UpsertRecord
// latency of a real hub on the embedded store, next to the raw gRPC ceiling
// measured in the same run (the same records streamed to a handler that
// stores nothing), so the ratio stays meaningful on a shared, noisy machine.
// Then, on the loaded store: ResolveIdentity latency against LookupXref (an
// exact-key read over the same channel) as its baseline, and the process's
// resident memory growth per loaded record (the hub runs in this process).
//
//   mdm-bench-ingest [--records 100000] [--upserts 5000] [--resolves 5000]
//                    [--batch 500]
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "hub/common/logging.h"
#include "hub/server/hub_server.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "tests/bench/gen/record_generator.h"
#include "tests/bench/measure.h"

ABSL_FLAG(int64_t, records, 100000, "records streamed through IngestRecords");
ABSL_FLAG(int, upserts, 5000, "unary UpsertRecord calls timed after the load");
ABSL_FLAG(int, resolves, 5000,
          "ResolveIdentity (and LookupXref) calls timed after the load");
ABSL_FLAG(int, batch, 500, "records per IngestRecords message");
ABSL_FLAG(int, in_flight, 4, "batches sent ahead of their answers");

namespace mdm::bench {
namespace {

// Answers every batch without storing anything: what gRPC and protobuf alone
// cost for the same traffic.
class NullIngestService final : public v1::CustomerHub::CallbackService {
  class Reactor final
      : public grpc::ServerBidiReactor<v1::IngestRecordsRequest,
                                       v1::IngestRecordsResponse> {
   public:
    Reactor() { StartRead(&req_); }
    void OnReadDone(bool ok) override {
      if (!ok) return Finish(grpc::Status::OK);
      resp_.Clear();
      for (const auto& item : req_.items()) {
        auto* r = resp_.add_results();
        r->set_sequence(item.sequence());
        r->set_outcome(v1::CREATED);
      }
      StartWrite(&resp_);
    }
    void OnWriteDone(bool ok) override {
      if (!ok) return Finish(grpc::Status::CANCELLED);
      StartRead(&req_);
    }
    void OnDone() override { delete this; }

   private:
    v1::IngestRecordsRequest req_;
    v1::IngestRecordsResponse resp_;
  };

 public:
  grpc::ServerBidiReactor<v1::IngestRecordsRequest, v1::IngestRecordsResponse>*
  IngestRecords(grpc::CallbackServerContext*) override {
    return new Reactor();
  }
};

struct StreamResult {
  double seconds = 0;
  int64_t acknowledged = 0;
  int64_t errors = 0;
};

// Streams `records` in batches with up to `in_flight` unanswered batches.
StreamResult StreamAll(const std::string& target,
                       const std::vector<v1::SourceRecord>& records, int batch,
                       int in_flight) {
  auto channel =
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto stub = v1::CustomerHub::NewStub(channel);
  grpc::ClientContext ctx;
  auto stream = stub->IngestRecords(&ctx);
  StreamResult result;
  std::atomic<int64_t> answered_batches{0};
  const auto start = Clock::now();
  std::thread reader([&] {
    v1::IngestRecordsResponse resp;
    while (stream->Read(&resp)) {
      for (const auto& r : resp.results()) {
        if (r.has_error()) ++result.errors;
        ++result.acknowledged;
      }
      answered_batches.fetch_add(1);
    }
  });
  int64_t sent_batches = 0;
  for (size_t i = 0; i < records.size(); i += batch) {
    while (sent_batches - answered_batches.load() >= in_flight) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    v1::IngestRecordsRequest req;
    for (size_t j = i; j < std::min(records.size(), i + batch); ++j) {
      auto* item = req.add_items();
      item->set_sequence(static_cast<int64_t>(j));
      *item->mutable_record() = records[j];
    }
    if (!stream->Write(req)) break;
    ++sent_batches;
  }
  stream->WritesDone();
  reader.join();
  grpc::Status status = stream->Finish();
  result.seconds = Seconds(start);
  if (!status.ok()) {
    std::fprintf(stderr, "stream failed: %s\n", status.error_message().c_str());
  }
  return result;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

struct Latencies {
  std::vector<double> ms;
  int64_t errors = 0;
};

// Times `call(i)` (a grpc::Status) for i in [0, n).
template <typename Call>
Latencies TimeCalls(size_t n, Call call) {
  Latencies out;
  out.ms.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    auto t0 = Clock::now();
    grpc::Status s = call(i);
    out.ms.push_back(Seconds(t0) * 1000);
    if (!s.ok()) ++out.errors;
  }
  return out;
}

void PrintLatency(const char* what, const Latencies& l, int64_t loaded) {
  if (l.ms.empty()) return;
  std::printf(
      "%s latency over %zu calls on %lld loaded records: p50 %.2f ms, "
      "p99 %.2f ms (%lld errors)\n",
      what, l.ms.size(), static_cast<long long>(loaded), Percentile(l.ms, 0.50),
      Percentile(l.ms, 0.99), static_cast<long long>(l.errors));
}

int Run() {
  const int64_t n = absl::GetFlag(FLAGS_records);
  const int batch = absl::GetFlag(FLAGS_batch);
  const int in_flight = absl::GetFlag(FLAGS_in_flight);
  GenOptions opts;
  opts.count = n + absl::GetFlag(FLAGS_upserts);
  auto gen_start = Clock::now();
  GeneratedRecords gen = GenerateRecords(opts);
  std::vector<v1::SourceRecord> load(gen.records.begin(),
                                     gen.records.begin() + n);
  std::vector<v1::SourceRecord> later(gen.records.begin() + n,
                                      gen.records.end());
  std::printf("generated %zu records in %.2fs (not timed)\n",
              gen.records.size(), Seconds(gen_start));

  // Ceiling: the same stream into a handler that stores nothing.
  NullIngestService null_service;
  grpc::ServerBuilder builder;
  int null_port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &null_port);
  builder.RegisterService(&null_service);
  auto null_server = builder.BuildAndStart();
  StreamResult ceiling = StreamAll("127.0.0.1:" + std::to_string(null_port),
                                   load, batch, in_flight);
  null_server->Shutdown();

  // The real hub on a fresh embedded store.
  const auto dir = std::filesystem::temp_directory_path() /
                   ("mdm-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  server::HubConfig config;
  config.listen = "127.0.0.1:0";
  config.store = "sqlite:" + (dir / "bench.db").string();
  const int64_t empty_rss = ResidentBytes();
  auto hub = server::HubServer::Start(config);
  if (!hub.ok()) {
    std::fprintf(stderr, "hub: %s\n", hub.status().ToString().c_str());
    return 1;
  }
  const std::string target = "127.0.0.1:" + std::to_string((*hub)->port());
  StreamResult ingest = StreamAll(target, load, batch, in_flight);

  const int64_t loaded_rss = ResidentBytes();

  // Unary upserts against the loaded store: new records, most of which
  // resolve against existing entities.
  auto stub = v1::CustomerHub::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  const Latencies upserts = TimeCalls(later.size(), [&](size_t i) {
    v1::UpsertRecordRequest req;
    *req.mutable_record() = later[i];
    v1::UpsertRecordResponse resp;
    grpc::ClientContext ctx;
    return stub->UpsertRecord(&ctx, req, &resp);
  });
  // "Who is this?" for loaded records' attributes (without their ids), and
  // the exact-key read of the same records as the baseline.
  const size_t probes = std::min<size_t>(absl::GetFlag(FLAGS_resolves), n);
  const Latencies resolves = TimeCalls(probes, [&](size_t i) {
    v1::ResolveIdentityRequest req;
    *req.mutable_record() = load[i * n / probes];
    req.mutable_record()->clear_source_record_id();
    v1::ResolveIdentityResponse resp;
    grpc::ClientContext ctx;
    return stub->ResolveIdentity(&ctx, req, &resp);
  });
  const Latencies lookups = TimeCalls(probes, [&](size_t i) {
    v1::LookupXrefRequest req;
    req.set_source(load[i * n / probes].source());
    req.set_source_record_id(load[i * n / probes].source_record_id());
    v1::Xref resp;
    grpc::ClientContext ctx;
    return stub->LookupXref(&ctx, req, &resp);
  });
  (*hub)->Shutdown();
  hub->reset();
  std::filesystem::remove_all(dir);

  const double ingest_rate = ingest.acknowledged / ingest.seconds;
  const double ceiling_rate = ceiling.acknowledged / ceiling.seconds;
  std::printf(
      "raw gRPC ceiling (null handler): %.0f records/s (%lld records, %.2fs)\n",
      ceiling_rate, static_cast<long long>(ceiling.acknowledged),
      ceiling.seconds);
  std::printf(
      "streaming ingest+resolve (sqlite): %.0f records/s (%lld records, %.2fs, "
      "%lld rejected)\n",
      ingest_rate, static_cast<long long>(ingest.acknowledged), ingest.seconds,
      static_cast<long long>(ingest.errors));
  std::printf("ratio ingest/ceiling: %.3f\n", ingest_rate / ceiling_rate);
  PrintLatency("UpsertRecord", upserts, n);
  PrintLatency("ResolveIdentity", resolves, n);
  PrintLatency("LookupXref (baseline)", lookups, n);
  if (!resolves.ms.empty()) {
    std::printf("ratio ResolveIdentity/LookupXref p99: %.2f\n",
                Percentile(resolves.ms, 0.99) / Percentile(lookups.ms, 0.99));
  }
  std::printf(
      "resident memory growth during the load: %.0f bytes/record (%.1f MiB "
      "for %lld records)\n",
      static_cast<double>(loaded_rss - empty_rss) / static_cast<double>(n),
      static_cast<double>(loaded_rss - empty_rss) / (1 << 20),
      static_cast<long long>(n));
  const bool complete = ingest.acknowledged == n && ingest.errors == 0 &&
                        ceiling.acknowledged == n && upserts.errors == 0 &&
                        resolves.errors == 0 && lookups.errors == 0;
  return complete ? 0 : 1;
}

}  // namespace
}  // namespace mdm::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  spdlog::set_level(spdlog::level::warn);
  return mdm::bench::Run();
}
