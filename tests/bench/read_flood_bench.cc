// Reads under a write flood: the real mdm-hub over TLS with tokens (certs and
// tokens from scripts/gen-certs, connectors rate-limited per principal) on
// 127.0.0.1. Readers call GetGoldenRecord for --seconds alone, then again
// while connector threads (another principal) stream records as fast as the
// hub lets them. Prints read p50/p99 in both phases, the p99 ratio, and how
// many flood writes were accepted and refused.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "clients/credentials/channel_credentials.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "tests/integration/hub_process.h"

ABSL_FLAG(int, records, 2000, "customers seeded before measuring");
ABSL_FLAG(double, seconds, 5, "length of each phase");
ABSL_FLAG(int, readers, 2, "reader threads");
ABSL_FLAG(int, flooders, 2, "connector threads flooding writes");
ABSL_FLAG(double, connector_rate, 20,
          "rate limit of the connector role, messages per second (burst "
          "twice that); 0 = unlimited");

namespace mdm::integration {
namespace {

using Clock = std::chrono::steady_clock;

std::shared_ptr<grpc::Channel> Channel(const ScopedTempDir& dir,
                                       const std::string& target,
                                       const std::string& token) {
  client::ClientSecurity sec;
  sec.ca_file = dir.File("ca.pem");
  sec.token = *client::LoadToken(dir.File("token." + token));
  return grpc::CreateChannel(target, *client::ChannelCredentials(sec));
}

// One message of `n` erp records with ids from `first`.
v1::IngestRecordsRequest Batch(int first, int n) {
  v1::IngestRecordsRequest req;
  for (int i = first; i < first + n; ++i) {
    auto* item = req.add_items();
    item->set_sequence(i);
    auto* r = item->mutable_record();
    r->set_source("erp");
    r->set_source_record_id(absl::StrCat("E", i));
    r->set_name(absl::StrCat("客户", i));
    r->add_phones(absl::StrCat("1380000", 1000 + i % 9000));
  }
  return req;
}

// Streams batches until `stop`; counts acknowledged and refused messages.
void Flood(std::shared_ptr<grpc::Channel> channel, int thread,
           const std::atomic<bool>& stop, std::atomic<int64_t>& accepted,
           std::atomic<int64_t>& refused) {
  auto stub = v1::CustomerHub::NewStub(channel);
  int next = 1000000 * (thread + 1);
  while (!stop) {
    grpc::ClientContext ctx;
    auto stream = stub->IngestRecords(&ctx);
    v1::IngestRecordsResponse answer;
    while (!stop && stream->Write(Batch(next, 100)) && stream->Read(&answer)) {
      next += 100;
      accepted += 1;
    }
    stream->WritesDone();
    if (!stream->Finish().ok()) refused += 1;  // then reopen at once
  }
}

struct Percentiles {
  double p50_ms, p99_ms;
  size_t calls;
};

Percentiles Read(std::shared_ptr<grpc::Channel> channel,
                 const std::vector<std::string>& ids, double seconds,
                 int threads) {
  std::vector<std::vector<double>> per_thread(threads);
  std::vector<std::thread> pool;
  const auto end = Clock::now() + std::chrono::duration<double>(seconds);
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      auto stub = v1::CustomerHub::NewStub(channel);
      std::mt19937 rng(t);
      while (Clock::now() < end) {
        v1::GetGoldenRecordRequest req;
        req.set_golden_id(ids[rng() % ids.size()]);
        v1::GoldenRecord g;
        grpc::ClientContext ctx;
        const auto start = Clock::now();
        grpc::Status s = stub->GetGoldenRecord(&ctx, req, &g);
        if (!s.ok()) {
          std::fprintf(stderr, "read failed: %s\n", s.error_message().c_str());
          continue;
        }
        per_thread[t].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - start)
                .count());
      }
    });
  }
  for (auto& th : pool) th.join();
  std::vector<double> all;
  for (auto& v : per_thread) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  if (all.empty()) return {0, 0, 0};
  return {all[all.size() / 2],
          all[std::min(all.size() - 1, all.size() * 99 / 100)], all.size()};
}

int Main() {
  ScopedTempDir dir;
  auto gen = RunCommand({SourceDir() + "/scripts/gen-certs", dir.path()});
  if (!gen.ok() || gen->exit_code != 0) {
    std::fprintf(stderr, "gen-certs failed\n");
    return 1;
  }
  const double rate = absl::GetFlag(FLAGS_connector_rate);
  if (rate > 0) {
    std::ifstream in(dir.File("auth.json"));
    nlohmann::json auth = nlohmann::json::parse(in);
    auth["rate_limits"] = {
        {"connector", {{"per_second", rate}, {"burst", 2 * rate}}}};
    std::ofstream(dir.File("auth.json")) << auth.dump();
  }
  HubProcess::Options options;
  options.extra_flags = {"--tls_cert=" + dir.File("hub.pem"),
                         "--tls_key=" + dir.File("hub.key"),
                         "--auth_config=" + dir.File("auth.json")};
  auto hub = HubProcess::Start(dir.path(), options);
  if (!hub.ok()) {
    std::fprintf(stderr, "%s\n", hub.status().ToString().c_str());
    return 1;
  }
  // Seed as admin (not rate-limited).
  auto admin =
      v1::CustomerHub::NewStub(Channel(dir, (*hub)->target(), "admin"));
  std::vector<std::string> ids;
  {
    grpc::ClientContext ctx;
    auto stream = admin->IngestRecords(&ctx);
    const int n = absl::GetFlag(FLAGS_records);
    for (int first = 0; first < n; first += 500) {
      stream->Write(Batch(first, std::min(500, n - first)));
      v1::IngestRecordsResponse answer;
      if (!stream->Read(&answer)) break;
      for (const auto& r : answer.results()) ids.push_back(r.golden_id());
    }
    stream->WritesDone();
    grpc::Status s = stream->Finish();
    if (!s.ok() || ids.empty()) {
      std::fprintf(stderr, "seeding failed: %s\n", s.error_message().c_str());
      return 1;
    }
  }
  auto reader = Channel(dir, (*hub)->target(), "reader");
  const double seconds = absl::GetFlag(FLAGS_seconds);
  const int readers = absl::GetFlag(FLAGS_readers);
  Read(reader, ids, 0.5, readers);  // warm-up
  const Percentiles idle = Read(reader, ids, seconds, readers);

  std::atomic<bool> stop{false};
  std::atomic<int64_t> accepted{0}, refused{0};
  std::vector<std::thread> flood;
  auto connector = Channel(dir, (*hub)->target(), "connector-erp");
  for (int t = 0; t < absl::GetFlag(FLAGS_flooders); ++t) {
    flood.emplace_back(Flood, connector, t, std::cref(stop), std::ref(accepted),
                       std::ref(refused));
  }
  const Percentiles busy = Read(reader, ids, seconds, readers);
  stop = true;
  for (auto& th : flood) th.join();

  std::printf(
      "connector rate limit: %s\n"
      "read alone:        %zu calls, p50 %.2f ms, p99 %.2f ms\n"
      "read under flood:  %zu calls, p50 %.2f ms, p99 %.2f ms\n"
      "read p99 ratio (flood / alone): %.2f\n"
      "flood: %lld messages of 100 records accepted, %lld streams refused\n",
      rate > 0 ? absl::StrCat(rate, " msg/s per connector").c_str() : "none",
      idle.calls, idle.p50_ms, idle.p99_ms, busy.calls, busy.p50_ms,
      busy.p99_ms, idle.p99_ms > 0 ? busy.p99_ms / idle.p99_ms : 0.0,
      static_cast<long long>(accepted.load()),
      static_cast<long long>(refused.load()));
  reader.reset();
  connector.reset();
  admin.reset();
  return (*hub)->Stop().ok() ? 0 : 1;
}

}  // namespace
}  // namespace mdm::integration

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return mdm::integration::Main();
}
