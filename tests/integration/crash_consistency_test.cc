// Crash consistency: the real mdm-hub is killed with SIGKILL at random points
// of a streaming import (IngestRecords) at least kMinKills times, started
// again on the same SQLite file each time, and the client carries on from
// its first unacknowledged batch (replays are idempotent). After every
// restart the store must pass Admin.CheckStore (SQLite integrity_check plus
// the hub's invariants); at the end every acknowledged record must be there
// exactly once, and the clusters and golden records must equal those of a
// clean run of the same batches into a hub that was never killed.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_join.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "mdm/v1/admin.grpc.pb.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "tests/bench/gen/record_generator.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/partition.h"
#include "tests/integration/test_data.h"

namespace mdm::integration {
namespace {

constexpr int kRecords = 1500;
constexpr int kBatchRecords = 10;
constexpr int kMaxInFlight = 4;
constexpr int kMinKills = 20;

using Batches = std::vector<v1::IngestRecordsRequest>;

// Generated customers (no typos, so clusters cannot depend on which record
// of a misspelled pair arrives first) in fixed batches: both runs send
// exactly the same messages.
Batches MakeBatches() {
  bench::GenOptions options;
  options.count = kRecords;
  options.seed = 20261123;
  options.name_typo_rate = 0;
  bench::GeneratedRecords generated = bench::GenerateRecords(options);
  Batches batches;
  for (size_t i = 0; i < generated.records.size(); ++i) {
    if (i % kBatchRecords == 0) batches.emplace_back();
    v1::IngestItem* item = batches.back().add_items();
    item->set_sequence(static_cast<int64_t>(i));
    *item->mutable_record() = generated.records[i];
  }
  return batches;
}

// Sends SIGKILL to `pid` once armed and its delay has passed, unless
// cancelled first. The stream's reader arms it after a chosen number of
// acknowledgements, so kills land at varied points: before the first answer,
// between commits, in the middle of one.
class Killer {
 public:
  explicit Killer(pid_t pid) : pid_(pid), thread_([this] { Run(); }) {}
  ~Killer() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      cancelled_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

  void Arm(std::chrono::microseconds delay) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (armed_) return;
      armed_ = true;
      deadline_ = std::chrono::steady_clock::now() + delay;
    }
    cv_.notify_all();
  }

  bool fired() const { return fired_.load(); }

 private:
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return armed_ || cancelled_; });
    if (cancelled_) return;
    if (cv_.wait_until(lock, deadline_, [this] { return cancelled_; })) return;
    ::kill(pid_, SIGKILL);
    fired_ = true;
  }

  const pid_t pid_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool armed_ = false;
  bool cancelled_ = false;
  std::chrono::steady_clock::time_point deadline_;
  std::atomic<bool> fired_{false};
  std::thread thread_;
};

// Streams batches[from..] with at most kMaxInFlight unanswered; returns how
// many of them were answered (in order) before the stream ended. Arms
// `killer` (if any) after `kill_after` answers. Every answered record must
// have been accepted.
int StreamFrom(HubProcess& hub, const Batches& batches, int from,
               Killer* killer, int kill_after,
               std::chrono::microseconds kill_delay) {
  auto stub = v1::CustomerHub::NewStub(hub.Connect());
  grpc::ClientContext context;
  auto stream = stub->IngestRecords(&context);
  if (killer != nullptr && kill_after == 0) killer->Arm(kill_delay);
  int sent = from;
  int answered = 0;
  bool alive = true;
  v1::IngestRecordsResponse response;
  while (alive && from + answered < static_cast<int>(batches.size())) {
    while (alive && sent < static_cast<int>(batches.size()) &&
           sent - (from + answered) < kMaxInFlight) {
      alive = stream->Write(batches[sent]);
      if (alive) ++sent;
    }
    if (!alive || !stream->Read(&response)) break;
    const v1::IngestRecordsRequest& batch = batches[from + answered];
    EXPECT_EQ(response.results_size(), batch.items_size());
    for (const v1::IngestResult& result : response.results()) {
      EXPECT_EQ(result.error().code(), 0) << result.error().message();
      EXPECT_FALSE(result.golden_id().empty());
    }
    ++answered;
    if (killer != nullptr && answered == kill_after) killer->Arm(kill_delay);
  }
  stream->WritesDone();
  stream->Finish();  // UNAVAILABLE after a kill; nothing more to learn
  return answered;
}

// Admin.CheckStore must find nothing wrong.
void ExpectStoreSound(HubProcess& hub, const std::string& when) {
  auto admin = v1::Admin::NewStub(hub.Connect());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
  v1::CheckStoreResponse response;
  grpc::Status status =
      admin->CheckStore(&context, v1::CheckStoreRequest(), &response);
  ASSERT_TRUE(status.ok()) << when << ": " << status.error_message();
  EXPECT_TRUE(response.ok())
      << when << ": " << absl::StrJoin(response.problems(), "; ");
}

// Every live xref; `rows` counts them as listed (duplicates included).
Clustering ListAllXrefs(HubProcess& hub, int* rows) {
  auto stub = v1::CustomerHub::NewStub(hub.Connect());
  Clustering out;
  *rows = 0;
  v1::ListXrefsRequest request;
  request.set_page_size(10000);
  do {
    grpc::ClientContext context;
    v1::ListXrefsResponse response;
    grpc::Status status = stub->ListXrefs(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    for (const v1::Xref& x : response.xrefs()) {
      out[{x.source(), x.source_record_id()}] = x.golden_id();
      ++*rows;
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return out;
}

// The golden record of `golden_id` without what differs between two runs
// of the same data by design: ids (minted from per-process reservations),
// hub clock times and the etag derived from them.
v1::GoldenRecord Comparable(v1::CustomerHub::Stub& stub,
                            const std::string& golden_id) {
  grpc::ClientContext context;
  v1::GetGoldenRecordRequest request;
  request.set_golden_id(golden_id);
  v1::GoldenRecord golden;
  grpc::Status status = stub.GetGoldenRecord(&context, request, &golden);
  EXPECT_TRUE(status.ok()) << golden_id << ": " << status.error_message();
  golden.clear_name();
  golden.clear_golden_id();
  golden.clear_etag();
  golden.clear_create_time();
  golden.clear_update_time();
  const int merged = golden.merged_ids_size();
  golden.clear_merged_ids();
  for (int i = 0; i < merged; ++i) golden.add_merged_ids("merged");
  for (v1::Xref& x : *golden.mutable_xrefs()) x.clear_golden_id();
  return golden;
}

TEST(CrashConsistencyTest, SigkillDuringImportLosesNothingAndMatchesCleanRun) {
  const Batches batches = MakeBatches();
  const int total = static_cast<int>(batches.size());

  // The clean run: one hub, never killed.
  ScopedTempDir clean_dir;
  auto clean = HubProcess::Start(clean_dir.path());
  ASSERT_TRUE(clean.ok()) << clean.status();
  ASSERT_EQ(StreamFrom(**clean, batches, 0, nullptr, 0, {}), total);

  // The crash run: killed again and again, restarted on the same file.
  ScopedTempDir dir;
  std::mt19937_64 rng(4242);
  int next = 0;  // first batch not yet acknowledged
  int kills = 0;
  std::set<RecordKey> acknowledged;
  const auto started = std::chrono::steady_clock::now();
  while (next < total) {
    auto hub = HubProcess::Start(dir.path());
    ASSERT_TRUE(hub.ok()) << hub.status();
    if (kills > 0) {
      ASSERT_NO_FATAL_FAILURE(
          ExpectStoreSound(**hub, "after restart " + std::to_string(kills)));
    }
    // Kill after 0..2 answers plus 0..4 ms: sometimes before anything was
    // committed, mostly while batches are being resolved and committed.
    const int kill_after = static_cast<int>(rng() % 3);
    const std::chrono::microseconds delay(rng() % 4000);
    int answered = 0;
    bool killed = false;
    {
      Killer killer((*hub)->pid());
      answered =
          StreamFrom(**hub, batches, next,
                     kills < kMinKills ? &killer : nullptr, kill_after, delay);
      killed = killer.fired();
    }
    for (int b = next; b < next + answered; ++b) {
      for (const v1::IngestItem& item : batches[b].items()) {
        acknowledged.insert(
            {item.record().source(), item.record().source_record_id()});
      }
    }
    next += answered;
    if (killed) {
      (*hub)->Kill();  // reap
      ++kills;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();

  // A last start on the same file, then the checks.
  auto hub = HubProcess::Start(dir.path());
  ASSERT_TRUE(hub.ok()) << hub.status();
  ASSERT_NO_FATAL_FAILURE(ExpectStoreSound(**hub, "at the end"));
  int clean_rows = 0, rows = 0;
  const Clustering want = ListAllXrefs(**clean, &clean_rows);
  const Clustering got = ListAllXrefs(**hub, &rows);
  int lost = 0;
  for (const RecordKey& key : acknowledged) lost += got.count(key) == 0;
  std::printf(
      "crash consistency: %d SIGKILLs survived in %.1f s, %zu records "
      "acknowledged, %d lost, %d xref rows for %zu records\n",
      kills, seconds, acknowledged.size(), lost, rows, got.size());
  EXPECT_GE(kills, kMinKills);
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(acknowledged.size(), static_cast<size_t>(kRecords));
  EXPECT_EQ(rows, static_cast<int>(got.size())) << "duplicate xrefs";
  EXPECT_EQ(got.size(), want.size());
  EXPECT_EQ(clean_rows, static_cast<int>(want.size()));
  EXPECT_EQ(DescribePartitionDifference(PartitionOf(got), PartitionOf(want),
                                        "crash run", "clean run"),
            "");
  // Golden records group by group (one record names its group).
  auto got_stub = v1::CustomerHub::NewStub((*hub)->Connect());
  auto want_stub = v1::CustomerHub::NewStub((*clean)->Connect());
  std::set<std::string> seen;
  int compared = 0;
  for (const auto& [key, golden_id] : got) {
    if (!seen.insert(golden_id).second || want.count(key) == 0) continue;
    SCOPED_TRACE(key.first + "/" + key.second);
    const v1::GoldenRecord a = Comparable(*got_stub, golden_id);
    const v1::GoldenRecord b = Comparable(*want_stub, want.at(key));
    std::string diff;
    google::protobuf::util::MessageDifferencer differ;
    differ.ReportDifferencesToString(&diff);
    EXPECT_TRUE(differ.Compare(a, b)) << diff;
    ++compared;
  }
  std::printf("crash consistency: %d golden records equal the clean run's\n",
              compared);
}

}  // namespace
}  // namespace mdm::integration
