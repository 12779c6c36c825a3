// grpc.health.v1 (overall and per service), server reflection (so grpcurl /
// buf curl work) and a clean stop on SIGTERM.
#include <chrono>
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/reflection_client.h"
#include "tests/integration/rpc_status.h"

namespace mdm::integration {
namespace {

using ::testing::Contains;
using ::testing::UnorderedElementsAre;
using HealthResponse = grpc::health::v1::HealthCheckResponse;

class HealthReflectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto hub = HubProcess::Start(dir_.path());
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = std::move(*hub);
    channel_ = hub_->Connect();
    ASSERT_NE(channel_, nullptr) << hub_->Log();
  }

  void TearDown() override {
    channel_.reset();
    if (hub_ != nullptr && hub_->running()) {
      absl::Status stopped = hub_->Stop();
      EXPECT_TRUE(stopped.ok()) << stopped;
    }
  }

  grpc::Status Check(const std::string& service, HealthResponse* response) {
    auto health = grpc::health::v1::Health::NewStub(channel_);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    return health->Check(&context, request, response);
  }

  ScopedTempDir dir_;
  std::unique_ptr<HubProcess> hub_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(HealthReflectionTest, HealthCheckIsServingOverallAndForCustomerHub) {
  for (const std::string service : {"", "mdm.v1.CustomerHub"}) {
    SCOPED_TRACE("service \"" + service + "\"");
    HealthResponse response;
    grpc::Status status = Check(service, &response);
    ASSERT_TRUE(status.ok()) << Describe(status);
    EXPECT_EQ(response.status(), HealthResponse::SERVING);
  }
  // The default health service answers NOT_FOUND for a service it does not
  // know (grpc.health.v1 contract).
  HealthResponse response;
  grpc::Status status = Check("no.such.Service", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND)
      << Describe(status);
}

TEST_F(HealthReflectionTest, SigtermStopsTheHubAtOnceWithExitZero) {
  HealthResponse response;
  ASSERT_TRUE(Check("", &response).ok());
  channel_.reset();  // no client left: nothing to drain
  absl::Status stopped = hub_->Stop();
  EXPECT_TRUE(stopped.ok()) << stopped;
  std::printf("mdm-hub stopped %lld ms after SIGTERM\n",
              static_cast<long long>(hub_->last_stop_duration().count()));
  EXPECT_LT(hub_->last_stop_duration(), std::chrono::seconds(2));
  EXPECT_FALSE(hub_->running());
  // Nobody listens any more.
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(2));
  auto health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(hub_->target(), grpc::InsecureChannelCredentials()));
  grpc::Status status = health->Check(
      &context, grpc::health::v1::HealthCheckRequest(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << Describe(status);
}

TEST(HealthReflectionGraceTest,
     SigtermWithAnIdleClientExitsZeroWithinTheGrace) {
  // A client that keeps an idle connection open holds the drain until it
  // notices the GOAWAY or the grace period (here 2 s) ends; either way the
  // hub exits 0 by then.
  ScopedTempDir dir;
  HubProcess::Options options;
  options.shutdown_grace_seconds = 2;
  auto hub = HubProcess::Start(dir.path(), options);
  ASSERT_TRUE(hub.ok()) << hub.status();
  auto channel = (*hub)->Connect();
  ASSERT_NE(channel, nullptr);
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  HealthResponse response;
  ASSERT_TRUE(
      health->Check(&context, grpc::health::v1::HealthCheckRequest(), &response)
          .ok());
  absl::Status stopped = (*hub)->Stop();
  EXPECT_TRUE(stopped.ok()) << stopped;
  std::printf("mdm-hub with an idle client stopped %lld ms after SIGTERM\n",
              static_cast<long long>((*hub)->last_stop_duration().count()));
}

TEST_F(HealthReflectionTest, ReflectionListsCustomerHubAndHealth) {
  ReflectionDescriptorDatabase database(channel_);
  std::vector<std::string> services;
  ASSERT_TRUE(database.GetServices(&services)) << database.last_error();
  EXPECT_THAT(services, Contains("mdm.v1.CustomerHub"));
  EXPECT_THAT(services, Contains("grpc.health.v1.Health"));
}

TEST_F(HealthReflectionTest, ReflectionDescribesEveryCustomerHubMethod) {
  ReflectionDescriptorDatabase database(channel_);
  google::protobuf::DescriptorPool pool(&database);
  const google::protobuf::ServiceDescriptor* hub =
      pool.FindServiceByName("mdm.v1.CustomerHub");
  ASSERT_NE(hub, nullptr) << database.last_error();
  std::vector<std::string> methods;
  for (int i = 0; i < hub->method_count(); ++i) {
    methods.push_back(hub->method(i)->name());
  }
  EXPECT_THAT(methods,
              UnorderedElementsAre(
                  "UpsertRecord", "IngestRecords", "DeleteRecord",
                  "GetGoldenRecord", "BatchGetGoldenRecords", "LookupXref",
                  "ListXrefs", "ResolveIdentity", "SearchCustomers",
                  "ExplainMatch", "ListReviewTasks", "ListEntityRecords"));
  const google::protobuf::MethodDescriptor* ingest =
      hub->FindMethodByName("IngestRecords");
  ASSERT_NE(ingest, nullptr);
  EXPECT_TRUE(ingest->client_streaming());
  EXPECT_TRUE(ingest->server_streaming());
  EXPECT_EQ(ingest->input_type()->full_name(), "mdm.v1.IngestRecordsRequest");
  // The served schema is the one compiled into this client.
  EXPECT_EQ(hub->file()->name(), "mdm/v1/hub.proto");
  const google::protobuf::Descriptor* record =
      pool.FindMessageTypeByName("mdm.v1.SourceRecord");
  ASSERT_NE(record, nullptr);
  EXPECT_EQ(record->field_count(),
            v1::SourceRecord::descriptor()->field_count());
}

TEST_F(HealthReflectionTest, ReflectionDescribesTheHealthService) {
  // Only possible because health.proto is compiled into the hub (DESIGN
  // build facts): otherwise `buf curl --list-methods` fails.
  ReflectionDescriptorDatabase database(channel_);
  google::protobuf::DescriptorPool pool(&database);
  const google::protobuf::ServiceDescriptor* health =
      pool.FindServiceByName("grpc.health.v1.Health");
  ASSERT_NE(health, nullptr) << database.last_error();
  EXPECT_NE(health->FindMethodByName("Check"), nullptr);
  EXPECT_NE(health->FindMethodByName("Watch"), nullptr);
}

}  // namespace
}  // namespace mdm::integration
