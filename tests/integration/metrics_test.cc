// The Prometheus endpoint of the real mdm-hub (--metrics_listen=127.0.0.1:0):
// after a few RPCs over real gRPC, an HTTP GET of /metrics shows exactly those
// calls by method and status code, a latency histogram with buckets, the
// records ingested by outcome, the stream's messages, and the live record and
// entity gauges.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/metrics_scrape.h"
#include "tests/integration/rpc_status.h"

namespace mdm::integration {
namespace {

using ::testing::HasSubstr;
using Labels = std::map<std::string, std::string>;

constexpr char kService[] = "mdm.v1.CustomerHub";

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(30));
  return context;
}

// A valid person; records made with the same `n` are the same customer.
v1::SourceRecord Person(const std::string& source, const std::string& id,
                        int n) {
  v1::SourceRecord r;
  r.set_source(source);
  r.set_source_record_id(id);
  r.set_kind(v1::PERSON);
  r.set_name(absl::StrCat("Metricperson Number", n));
  r.set_birth_date(absl::StrCat("19", 60 + n, "-0", n, "-1", n));
  r.add_phones(absl::StrCat("+86 150 ", 1000 + n, " ", 2000 + n));
  r.add_emails(absl::StrCat("metricperson", n, "@example.org"));
  return r;
}

class MetricsEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HubProcess::Options options;
    options.extra_flags = {
        "--metrics_listen=127.0.0.1:0",
        absl::StrCat("--metrics_port_file=", dir_.File("metrics_port"))};
    auto hub = HubProcess::Start(dir_.path(), options);
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = std::move(*hub);
    // Written before the gRPC port file the harness waited for.
    const std::string port = ReadFileOrEmpty(dir_.File("metrics_port"));
    ASSERT_TRUE(
        absl::SimpleAtoi(absl::StripAsciiWhitespace(port), &metrics_port_))
        << "metrics port file: '" << port << "'\n"
        << hub_->Log();
    ASSERT_GT(metrics_port_, 0);
    channel_ = hub_->Connect();
    ASSERT_NE(channel_, nullptr) << hub_->Log();
    stub_ = v1::CustomerHub::NewStub(channel_);
  }

  void TearDown() override {
    if (hub_ == nullptr || !hub_->running()) return;
    stub_.reset();  // close the connection so the hub stops at once
    channel_.reset();
    absl::Status stopped = hub_->Stop();
    EXPECT_TRUE(stopped.ok()) << stopped;
  }

  std::vector<Sample> Scrape() {
    absl::StatusOr<std::string> body = HttpGet(metrics_port_, "/metrics");
    EXPECT_TRUE(body.ok()) << body.status() << "\n" << hub_->Log();
    if (!body.ok()) return {};
    absl::StatusOr<std::vector<Sample>> samples = ParseMetrics(*body);
    EXPECT_TRUE(samples.ok()) << samples.status() << "\n" << *body;
    return samples.ok() ? *samples : std::vector<Sample>();
  }

  grpc::Status Upsert(const v1::SourceRecord& record) {
    v1::UpsertRecordRequest request;
    *request.mutable_record() = record;
    v1::UpsertRecordResponse response;
    return stub_->UpsertRecord(Context().get(), request, &response);
  }

  ScopedTempDir dir_;
  std::unique_ptr<HubProcess> hub_;
  int metrics_port_ = 0;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::CustomerHub::Stub> stub_;
};

// The value of one sample, or a failure naming what is missing (as -1, which
// no counter or gauge here can be).
double Value(const std::vector<Sample>& samples, const std::string& name,
             const Labels& labels) {
  absl::StatusOr<double> v = ValueOf(samples, name, labels);
  EXPECT_TRUE(v.ok()) << v.status();
  return v.ok() ? *v : -1;
}

Labels Rpc(const std::string& method) {
  return {{"grpc_service", kService}, {"grpc_method", method}};
}

Labels RpcCode(const std::string& method, const std::string& code) {
  Labels l = Rpc(method);
  l["grpc_code"] = code;
  return l;
}

TEST_F(MetricsEndpointTest, CountsUpsertCallsByCodeWithLatencyBuckets) {
  grpc::Status ok = Upsert(Person("erp", "E1", 1));
  ASSERT_TRUE(ok.ok()) << Describe(ok);
  grpc::Status bad = Upsert(Person("erp", "", 2));  // no source_record_id
  ASSERT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << Describe(bad);

  const std::vector<Sample> s = Scrape();
  EXPECT_EQ(
      Value(s, "mdm_grpc_server_handled_total", RpcCode("UpsertRecord", "OK")),
      1);
  EXPECT_EQ(Value(s, "mdm_grpc_server_handled_total",
                  RpcCode("UpsertRecord", "INVALID_ARGUMENT")),
            1);
  // Nothing else finished for this method.
  EXPECT_EQ(
      Select(s, "mdm_grpc_server_handled_total", Rpc("UpsertRecord")).size(),
      2u);
  // Two requests in; one response out (a failed unary call sends none).
  EXPECT_EQ(Value(s, "mdm_grpc_server_msg_received_total", Rpc("UpsertRecord")),
            2);
  EXPECT_EQ(Value(s, "mdm_grpc_server_msg_sent_total", Rpc("UpsertRecord")), 1);

  // The histogram: both calls observed, cumulative buckets ending in +Inf.
  EXPECT_EQ(
      Value(s, "mdm_grpc_server_handling_seconds_count", Rpc("UpsertRecord")),
      2);
  EXPECT_GT(
      Value(s, "mdm_grpc_server_handling_seconds_sum", Rpc("UpsertRecord")), 0);
  const std::vector<Sample> buckets =
      Select(s, "mdm_grpc_server_handling_seconds_bucket", Rpc("UpsertRecord"));
  ASSERT_GE(buckets.size(), 10u);
  EXPECT_EQ(buckets.back().labels.at("le"), "+Inf");
  EXPECT_EQ(buckets.back().value, 2);
  for (size_t i = 1; i < buckets.size(); ++i) {
    EXPECT_LE(buckets[i - 1].value, buckets[i].value) << "bucket " << i;
  }

  // The same two calls as ingest outcomes.
  EXPECT_EQ(Value(s, "mdm_ingest_records_total", {{"outcome", "created"}}), 1);
  EXPECT_EQ(Value(s, "mdm_ingest_records_total", {{"outcome", "rejected"}}), 1);
}

TEST_F(MetricsEndpointTest, CountsStreamMessagesOutcomesAndLiveRecords) {
  auto context = Context();
  auto stream = stub_->IngestRecords(context.get());
  auto item = [](v1::IngestRecordsRequest* req, v1::SourceRecord record) {
    v1::IngestItem* it = req->add_items();
    it->set_sequence(req->items_size());
    *it->mutable_record() = std::move(record);
  };
  v1::IngestRecordsRequest first;
  item(&first, Person("erp", "E1", 1));  // created
  item(&first, Person("erp", "E2", 2));  // created
  v1::IngestRecordsRequest second;
  item(&second, Person("erp", "E1", 1));  // unchanged
  item(&second, Person("crm", "C1", 1));  // linked to E1
  // Rejected twice: by the service's validation (a space in the source name)
  // and already while translating the message (an unknown kind).
  item(&second, Person("my crm", "C2", 3));
  v1::SourceRecord unknown_kind = Person("crm", "C3", 4);
  unknown_kind.set_kind(static_cast<v1::Kind>(7));
  item(&second, unknown_kind);
  v1::IngestRecordsResponse answer;
  ASSERT_TRUE(stream->Write(first));
  ASSERT_TRUE(stream->Read(&answer));
  ASSERT_TRUE(stream->Write(second));
  ASSERT_TRUE(stream->Read(&answer));
  ASSERT_EQ(answer.results_size(), 4);
  EXPECT_EQ(answer.results(0).outcome(), v1::UNCHANGED);
  EXPECT_EQ(answer.results(1).outcome(), v1::LINKED);
  EXPECT_EQ(answer.results(2).error().code(), 3);  // INVALID_ARGUMENT
  EXPECT_EQ(answer.results(3).error().code(), 3);
  ASSERT_TRUE(stream->WritesDone());
  grpc::Status finished = stream->Finish();
  ASSERT_TRUE(finished.ok()) << Describe(finished);

  const std::vector<Sample> s = Scrape();
  // One call, counted once, with its two messages each way.
  EXPECT_EQ(
      Value(s, "mdm_grpc_server_handled_total", RpcCode("IngestRecords", "OK")),
      1);
  EXPECT_EQ(
      Value(s, "mdm_grpc_server_msg_received_total", Rpc("IngestRecords")), 2);
  EXPECT_EQ(Value(s, "mdm_grpc_server_msg_sent_total", Rpc("IngestRecords")),
            2);
  EXPECT_EQ(
      Value(s, "mdm_grpc_server_handling_seconds_count", Rpc("IngestRecords")),
      1);

  // Every outcome is published, the ones that did not happen at 0.
  const std::map<std::string, double> outcomes = {
      {"created", 2},   {"linked", 1}, {"merged", 0},  {"updated", 0},
      {"unchanged", 1}, {"stale", 0},  {"rejected", 2}};
  for (const auto& [outcome, count] : outcomes) {
    EXPECT_EQ(Value(s, "mdm_ingest_records_total", {{"outcome", outcome}}),
              count)
        << outcome;
  }
  // Three live records in two customers; no store operation failed.
  EXPECT_EQ(Value(s, "mdm_source_records", {}), 3);
  EXPECT_EQ(Value(s, "mdm_golden_records", {}), 2);
  EXPECT_EQ(Value(s, "mdm_store_errors_total", {{"operation", "commit"}}), 0);
  // One series per store operation (ErrorCountingStore::kOperations).
  EXPECT_EQ(Select(s, "mdm_store_errors_total", {}).size(), 14u);
}

TEST(MetricsListenTest, BusyMetricsPortKeepsTheHubFromStarting) {
  // Hold a port the hub cannot have.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), len), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const int busy = ntohs(addr.sin_port);

  ScopedTempDir dir;
  HubProcess::Options options;
  options.extra_flags = {absl::StrCat("--metrics_listen=127.0.0.1:", busy)};
  auto hub = HubProcess::Start(dir.path(), options);
  close(fd);
  ASSERT_FALSE(hub.ok()) << "the hub started without its metrics port";
  EXPECT_THAT(
      std::string(hub.status().message()),
      HasSubstr(absl::StrCat("cannot serve metrics on 127.0.0.1:", busy)));
}

}  // namespace
}  // namespace mdm::integration
