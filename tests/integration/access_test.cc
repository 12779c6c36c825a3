// Access control end to end: the real mdm-hub over TLS on 127.0.0.1 with the
// certificates and tokens scripts/gen-certs makes; every RPC called with
// every role, as a table; source binding by token and by client
// certificate; PII masking for callers without the pii scope; the refusal to
// serve a non-loopback address in the clear.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/credentials/channel_credentials.h"
#include "google/rpc/error_details.pb.h"
#include "hub/access/access_control.h"
#include "mdm/v1/admin.grpc.pb.h"
#include "mdm/v1/connectors.grpc.pb.h"
#include "mdm/v1/facts.grpc.pb.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "mdm/v1/insight.grpc.pb.h"
#include "mdm/v1/lifecycle.grpc.pb.h"
#include "mdm/v1/stewardship.grpc.pb.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/rpc_status.h"

namespace mdm::integration {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Who may call what: R reader, C connector (own source), S steward, A admin.
// Written out here, apart from hub/access/method_policy.cc, so a change to
// the production table shows up as a failure to look at.
const std::map<std::string, std::string>& ExpectedAccess() {
  static const auto* table = new std::map<std::string, std::string>{
      {"/mdm.v1.CustomerHub/UpsertRecord", "CSA"},
      {"/mdm.v1.CustomerHub/IngestRecords", "CSA"},
      {"/mdm.v1.CustomerHub/DeleteRecord", "CSA"},
      {"/mdm.v1.CustomerHub/GetGoldenRecord", "RSA"},
      {"/mdm.v1.CustomerHub/BatchGetGoldenRecords", "RSA"},
      {"/mdm.v1.CustomerHub/LookupXref", "RSA"},
      {"/mdm.v1.CustomerHub/ListXrefs", "RSA"},
      {"/mdm.v1.CustomerHub/ResolveIdentity", "RSA"},
      {"/mdm.v1.CustomerHub/SearchCustomers", "RSA"},
      {"/mdm.v1.CustomerHub/ExplainMatch", "RSA"},
      {"/mdm.v1.CustomerHub/ListReviewTasks", "SA"},
      {"/mdm.v1.CustomerHub/ListEntityRecords", "RSA"},
      {"/mdm.v1.Connectors/RegisterConnector", "CSA"},
      {"/mdm.v1.Connectors/GetCheckpoint", "CSA"},
      {"/mdm.v1.Connectors/CommitCheckpoint", "CSA"},
      {"/mdm.v1.Connectors/GetConnector", "RSA"},
      {"/mdm.v1.Connectors/ListConnectors", "RSA"},
      {"/mdm.v1.Facts/IngestFacts", "CSA"},
      {"/mdm.v1.Facts/ListFacts", "RSA"},
      {"/mdm.v1.Stewardship/MergeEntities", "SA"},
      {"/mdm.v1.Stewardship/SplitEntity", "SA"},
      {"/mdm.v1.Stewardship/ListReviewQueue", "SA"},
      {"/mdm.v1.Stewardship/AcceptReviewTask", "SA"},
      {"/mdm.v1.Stewardship/RejectReviewTask", "SA"},
      {"/mdm.v1.Stewardship/MarkDead", "SA"},
      {"/mdm.v1.Stewardship/Revive", "SA"},
      {"/mdm.v1.Stewardship/ListDead", "SA"},
      {"/mdm.v1.Stewardship/ListQuarantine", "SA"},
      {"/mdm.v1.Insight/GetCustomerProfile", "RSA"},
      {"/mdm.v1.Insight/ListSegment", "RSA"},
      {"/mdm.v1.Insight/GetParetoView", "RSA"},
      {"/mdm.v1.Insight/SetFlag", "SA"},
      {"/mdm.v1.Insight/GetQualityReport", "SA"},
      {"/mdm.v1.Insight/DrawSample", "SA"},
      {"/mdm.v1.Insight/RecordVerdict", "SA"},
      {"/mdm.v1.Insight/GetInspectionReport", "SA"},
      {"/mdm.v1.GoldenLifecycle/ListGoldenHistory", "RSA"},
      {"/mdm.v1.GoldenLifecycle/WatchChanges", "RSA"},
      {"/mdm.v1.GoldenLifecycle/ListConflicts", "RSA"},
      {"/mdm.v1.GoldenLifecycle/ExplainGoldenRecord", "RSA"},
      {"/mdm.v1.Admin/TrainModel", "A"},
      {"/mdm.v1.Admin/GetModel", "A"},
      {"/mdm.v1.Admin/ListModels", "A"},
      {"/mdm.v1.Admin/ActivateModel", "A"},
      {"/mdm.v1.Admin/DiffModel", "A"},
      {"/mdm.v1.Admin/CheckStore", "A"},
      {"/mdm.v1.Admin/BackupStore", "A"},
      {"/mdm.v1.Admin/GetSurvivorshipRules", "A"},
      {"/mdm.v1.Admin/SetSurvivorshipRules", "A"},
      {"/mdm.v1.Admin/ListAuditEvents", "A"},
  };
  return *table;
}

// The methods that change something (quality snapshots, samples and backups
// included): each call is audited, refused or not. Every other method of the
// table is a read and never is.
const std::set<std::string>& AuditedMethods() {
  static const auto* methods = new std::set<std::string>{
      "/mdm.v1.CustomerHub/UpsertRecord",
      "/mdm.v1.CustomerHub/IngestRecords",
      "/mdm.v1.CustomerHub/DeleteRecord",
      "/mdm.v1.Connectors/RegisterConnector",
      "/mdm.v1.Connectors/CommitCheckpoint",
      "/mdm.v1.Facts/IngestFacts",
      "/mdm.v1.Stewardship/MergeEntities",
      "/mdm.v1.Stewardship/SplitEntity",
      "/mdm.v1.Stewardship/AcceptReviewTask",
      "/mdm.v1.Stewardship/RejectReviewTask",
      "/mdm.v1.Stewardship/MarkDead",
      "/mdm.v1.Stewardship/Revive",
      "/mdm.v1.Insight/SetFlag",
      "/mdm.v1.Insight/GetQualityReport",
      "/mdm.v1.Insight/DrawSample",
      "/mdm.v1.Insight/RecordVerdict",
      "/mdm.v1.Admin/TrainModel",
      "/mdm.v1.Admin/ActivateModel",
      "/mdm.v1.Admin/BackupStore",
      "/mdm.v1.Admin/SetSurvivorshipRules",
  };
  return *methods;
}

// The services whose every method the table must name.
constexpr const char* kServices[] = {
    "mdm.v1.CustomerHub", "mdm.v1.Connectors", "mdm.v1.Facts",
    "mdm.v1.Stewardship", "mdm.v1.Insight",    "mdm.v1.GoldenLifecycle",
    "mdm.v1.Admin"};

// A request for `method` whose every source is "erp" and every connector id
// "erp-main" (one element in each repeated message field), so a connector of
// erp passes source binding and meets the handler.
std::string ErpRequest(const google::protobuf::MethodDescriptor& method) {
  std::unique_ptr<Message> m(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(method.input_type())
          ->New());
  std::function<void(Message*, int)> fill = [&](Message* msg, int depth) {
    const auto* desc = msg->GetDescriptor();
    const auto* refl = msg->GetReflection();
    for (int i = 0; i < desc->field_count(); ++i) {
      const FieldDescriptor* f = desc->field(i);
      if (f->name() == "source" && !f->is_repeated()) {
        refl->SetString(msg, f, "erp");
      } else if (f->name() == "connector_id") {
        refl->SetString(msg, f, "erp-main");
      } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
                 !f->is_map() && depth < 3 &&
                 f->message_type()->full_name().rfind("mdm.v1.", 0) == 0 &&
                 f->containing_oneof() == nullptr) {
        fill(f->is_repeated() ? refl->AddMessage(msg, f)
                              : refl->MutableMessage(msg, f),
             depth + 1);
      }
    }
  };
  fill(m.get(), 0);
  return m->SerializeAsString();
}

class AccessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Name one message of each file so the linker keeps their descriptors.
    v1::CommitCheckpointRequest::descriptor();
    v1::IngestFactsRequest::descriptor();
    v1::ListAuditEventsRequest::descriptor();
    v1::MergeEntitiesRequest::descriptor();
    v1::GetCustomerProfileRequest::descriptor();
    v1::WatchChangesRequest::descriptor();
    dir_ = new ScopedTempDir();
    auto gen = RunCommand({SourceDir() + "/scripts/gen-certs", dir_->path()});
    ASSERT_TRUE(gen.ok() && gen->exit_code == 0) << gen->err;
    // Two more tokens: a connector limited to 1 request per second (burst
    // 2), and a steward without the pii scope (gen-certs' steward has it).
    std::ifstream in(dir_->File("auth.json"));
    nlohmann::json auth = nlohmann::json::parse(in);
    auth["tokens"].push_back({{"name", "flood"},
                              {"role", "connector"},
                              {"source", "erp"},
                              {"sha256", access::Sha256Hex("flood-token")},
                              {"rate", {{"per_second", 1}, {"burst", 2}}}});
    auth["tokens"].push_back(
        {{"name", "steward-nopii"},
         {"role", "steward"},
         {"sha256", access::Sha256Hex("steward-nopii-token")}});
    std::ofstream(dir_->File("auth.json")) << auth.dump();
    std::ofstream(dir_->File("token.flood")) << "flood-token";
    std::ofstream(dir_->File("token.steward-nopii")) << "steward-nopii-token";
    HubProcess::Options options;
    options.extra_flags = {"--tls_cert=" + dir_->File("hub.pem"),
                           "--tls_key=" + dir_->File("hub.key"),
                           "--tls_client_ca=" + dir_->File("ca.pem"),
                           "--auth_config=" + dir_->File("auth.json")};
    auto hub = HubProcess::Start(dir_->path(), options);
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = hub->release();
    // One erp customer with every kind of PII, written by the admin.
    v1::UpsertRecordRequest req;
    auto* r = req.mutable_record();
    r->set_source("erp");
    r->set_source_record_id("E1");
    r->set_name("王小明");
    r->set_national_id("110101199003071233");
    r->set_birth_date("1990-03-07");
    r->add_phones("13800138000");
    r->add_emails("wang.xiaoming@example.com");
    v1::UpsertRecordResponse resp;
    grpc::ClientContext ctx;
    grpc::Status s = v1::CustomerHub::NewStub(Channel("admin"))
                         ->UpsertRecord(&ctx, req, &resp);
    ASSERT_TRUE(s.ok()) << Describe(s);
    golden_id_ = new std::string(resp.golden_id());
  }
  static void TearDownTestSuite() {
    delete hub_;
    delete dir_;
    delete golden_id_;
  }

  static std::string Token(const std::string& name) {
    auto t = client::LoadToken(dir_->File("token." + name));
    return t.ok() ? *t : "";
  }

  // A TLS channel with `token` (a gen-certs token name; "" for none) and,
  // when `client_cert` is set, the client certificate of that source.
  static std::shared_ptr<grpc::Channel> Channel(
      const std::string& token, const std::string& client_cert = "") {
    client::ClientSecurity sec;
    sec.ca_file = dir_->File("ca.pem");
    if (!token.empty()) sec.token = Token(token);
    if (!client_cert.empty()) {
      sec.cert_file = dir_->File("client-" + client_cert + ".pem");
      sec.key_file = dir_->File("client-" + client_cert + ".key");
    }
    auto creds = client::ChannelCredentials(sec);
    EXPECT_TRUE(creds.ok()) << creds.status();
    return grpc::CreateChannel(hub_->target(), *creds);
  }

  // Calls `method` with serialized `request` as one message.
  static grpc::Status Call(const std::shared_ptr<grpc::Channel>& channel,
                           const std::string& method,
                           const std::string& request) {
    grpc::GenericStub stub(channel);
    grpc::ClientContext ctx;
    // WatchChanges never ends on its own: a caller let in meets the
    // deadline, one refused is answered at once.
    const bool endless = method == "/mdm.v1.GoldenLifecycle/WatchChanges";
    ctx.set_deadline(
        std::chrono::system_clock::now() +
        (endless ? std::chrono::seconds(1) : std::chrono::seconds(10)));
    grpc::Slice slice(request);
    grpc::ByteBuffer in(&slice, 1), out;
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    grpc::Status status;
    stub.UnaryCall(&ctx, method, grpc::StubOptions(), &in, &out,
                   [&](grpc::Status s) {
                     std::lock_guard<std::mutex> lock(mu);
                     status = std::move(s);
                     done = true;
                     cv.notify_one();
                   });
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return done; });
    return status;
  }

  static ScopedTempDir* dir_;
  static HubProcess* hub_;
  static std::string* golden_id_;
};

ScopedTempDir* AccessTest::dir_ = nullptr;
HubProcess* AccessTest::hub_ = nullptr;
std::string* AccessTest::golden_id_ = nullptr;

const google::protobuf::MethodDescriptor& MethodOf(const std::string& path) {
  const std::string name = path.substr(1);  // "mdm.v1.Svc/Method"
  const size_t slash = name.find('/');
  const auto* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          name.substr(0, slash));
  return *service->FindMethodByName(name.substr(slash + 1));
}

TEST_F(AccessTest, EveryRpcRefusesCallsWithoutCredentials) {
  auto channel = Channel("");
  for (const auto& [method, roles] : ExpectedAccess()) {
    grpc::Status s = Call(channel, method, ErpRequest(MethodOf(method)));
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << method << ": " << Describe(s);
  }
}

TEST_F(AccessTest, EveryRpcRefusesAnUnknownToken) {
  client::ClientSecurity sec;
  sec.ca_file = dir_->File("ca.pem");
  sec.token = "not-a-token";
  auto channel =
      grpc::CreateChannel(hub_->target(), *client::ChannelCredentials(sec));
  for (const auto& [method, roles] : ExpectedAccess()) {
    EXPECT_EQ(Call(channel, method, "").error_code(),
              grpc::StatusCode::UNAUTHENTICATED)
        << method;
  }
}

TEST_F(AccessTest, EveryRpcAndRoleAsTheTableSays) {
  const std::map<char, std::string> tokens = {{'R', "reader"},
                                              {'C', "connector-erp"},
                                              {'S', "steward"},
                                              {'A', "admin"}};
  for (const auto& [letter, token] : tokens) {
    auto channel = Channel(token);
    for (const auto& [method, roles] : ExpectedAccess()) {
      grpc::Status s = Call(channel, method, ErpRequest(MethodOf(method)));
      const bool allowed = roles.find(letter) != std::string::npos;
      if (allowed) {
        EXPECT_NE(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << token << " " << method << ": " << Describe(s);
        EXPECT_NE(s.error_code(), grpc::StatusCode::UNAUTHENTICATED)
            << token << " " << method << ": " << Describe(s);
      } else {
        EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << token << " " << method << ": " << Describe(s);
      }
    }
  }
}

TEST_F(AccessTest, TableNamesEveryRpcOfEveryService) {
  for (const char* name : kServices) {
    const auto* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      const std::string path =
          absl::StrCat("/", name, "/", service->method(i)->name());
      EXPECT_EQ(ExpectedAccess().count(path), 1u) << path;
    }
  }
  for (const std::string& method : AuditedMethods()) {
    EXPECT_EQ(ExpectedAccess().count(method), 1u) << method;
  }
}

TEST_F(AccessTest, EveryMutationIsAuditedAndNoReadIs) {
  auto admin = Channel("admin");
  for (const auto& [method, roles] : ExpectedAccess()) {
    if (method != "/mdm.v1.Admin/ListAuditEvents") {
      Call(admin, method, ErpRequest(MethodOf(method)));
    }
  }
  v1::ListAuditEventsRequest req;
  req.set_principal("token:admin");
  req.set_page_size(1000);
  v1::ListAuditEventsResponse resp;
  grpc::ClientContext ctx;
  ASSERT_TRUE(
      v1::Admin::NewStub(admin)->ListAuditEvents(&ctx, req, &resp).ok());
  std::set<std::string> audited;
  for (const v1::AuditEvent& e : resp.events()) audited.insert(e.method());
  for (const auto& [method, roles] : ExpectedAccess()) {
    EXPECT_EQ(audited.count(method), AuditedMethods().count(method)) << method;
  }
}

// The same masking as GetGoldenRecord's wherever an answer carries PII: the
// customer profile, inspection samples, and the change feed (whose events
// carry ids and field names, never values).
TEST_F(AccessTest, PiiIsMaskedInProfilesSamplesAndChangeEvents) {
  const std::string clear_id = "110101199003071233";
  const std::string clear_phone = "13800138000";
  v1::GetCustomerProfileRequest get;
  get.set_golden_id(*golden_id_);
  v1::CustomerProfile profile;
  grpc::ClientContext a;
  ASSERT_TRUE(v1::Insight::NewStub(Channel("reader"))
                  ->GetCustomerProfile(&a, get, &profile)
                  .ok());
  EXPECT_EQ(profile.golden().national_id().value(), "110***********1233");
  EXPECT_EQ(profile.golden().birth_date().value(), "1990-**-**");
  EXPECT_EQ(profile.SerializeAsString().find(clear_phone), std::string::npos);

  // Samples are stewards' work: one without the pii scope, one with it.
  v1::DrawSampleRequest draw;
  draw.set_seed(1);
  draw.set_size(5);
  v1::DrawSampleResponse sample, sample_pii;
  grpc::ClientContext b, c;
  ASSERT_TRUE(v1::Insight::NewStub(Channel("steward-nopii"))
                  ->DrawSample(&b, draw, &sample)
                  .ok());
  ASSERT_TRUE(v1::Insight::NewStub(Channel("steward"))
                  ->DrawSample(&c, draw, &sample_pii)
                  .ok());
  ASSERT_GT(sample.customers_size(), 0);
  EXPECT_EQ(sample.SerializeAsString().find(clear_id), std::string::npos);
  EXPECT_NE(sample_pii.SerializeAsString().find(clear_id), std::string::npos);

  v1::WatchChangesRequest watch;
  grpc::ClientContext d;
  d.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  auto reader =
      v1::GoldenLifecycle::NewStub(Channel("reader"))->WatchChanges(&d, watch);
  v1::ChangeEvent event;
  int events = 0;
  while (reader->Read(&event)) {
    ++events;
    const std::string bytes = event.SerializeAsString();
    EXPECT_EQ(bytes.find(clear_id), std::string::npos);
    EXPECT_EQ(bytes.find(clear_phone), std::string::npos);
  }
  EXPECT_GT(events, 0);
}

v1::UpsertRecordRequest RecordOf(const std::string& source,
                                 const std::string& id) {
  v1::UpsertRecordRequest req;
  req.mutable_record()->set_source(source);
  req.mutable_record()->set_source_record_id(id);
  req.mutable_record()->set_name("李四");
  return req;
}

TEST_F(AccessTest, ConnectorTokenWritesOnlyItsOwnSource) {
  auto stub = v1::CustomerHub::NewStub(Channel("connector-erp"));
  v1::UpsertRecordResponse resp;
  grpc::ClientContext ok_ctx, bad_ctx;
  EXPECT_TRUE(stub->UpsertRecord(&ok_ctx, RecordOf("erp", "E2"), &resp).ok());
  grpc::Status s =
      stub->UpsertRecord(&bad_ctx, RecordOf("finance", "F2"), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << Describe(s);
  EXPECT_NE(s.error_message().find("record.source"), std::string::npos);
}

TEST_F(AccessTest, IngestStreamStopsAtTheFirstMessageOfAnotherSource) {
  auto stub = v1::CustomerHub::NewStub(Channel("connector-erp"));
  grpc::ClientContext ctx;
  auto stream = stub->IngestRecords(&ctx);
  v1::IngestRecordsRequest first, second;
  auto* item = first.add_items();
  item->set_sequence(1);
  *item->mutable_record() = RecordOf("erp", "E3").record();
  ASSERT_TRUE(stream->Write(first));
  v1::IngestRecordsResponse answer;
  ASSERT_TRUE(stream->Read(&answer));
  EXPECT_FALSE(answer.results(0).has_error());
  item = second.add_items();
  item->set_sequence(2);
  *item->mutable_record() = RecordOf("callcenter", "C3").record();
  stream->Write(second);
  stream->WritesDone();
  EXPECT_FALSE(stream->Read(&answer));
  grpc::Status s = stream->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << Describe(s);
  // Nothing of callcenter got in.
  grpc::ClientContext lookup_ctx;
  v1::LookupXrefRequest lookup;
  lookup.set_source("callcenter");
  lookup.set_source_record_id("C3");
  v1::Xref xref;
  EXPECT_EQ(v1::CustomerHub::NewStub(Channel("admin"))
                ->LookupXref(&lookup_ctx, lookup, &xref)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(AccessTest, ClientCertificateNamesTheConnectorAndBindsItsSource) {
  // No token: the certificate's CN "finance" is the principal.
  auto stub = v1::CustomerHub::NewStub(Channel("", "finance"));
  v1::UpsertRecordResponse resp;
  grpc::ClientContext ok_ctx, bad_ctx, read_ctx;
  grpc::Status ok =
      stub->UpsertRecord(&ok_ctx, RecordOf("finance", "F1"), &resp);
  EXPECT_TRUE(ok.ok()) << Describe(ok);
  EXPECT_EQ(
      stub->UpsertRecord(&bad_ctx, RecordOf("erp", "E9"), &resp).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  v1::GetGoldenRecordRequest get;
  get.set_golden_id(*golden_id_);
  v1::GoldenRecord g;
  EXPECT_EQ(stub->GetGoldenRecord(&read_ctx, get, &g).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AccessTest, PiiIsMaskedForReadersWithoutThePiiScope) {
  v1::GetGoldenRecordRequest get;
  get.set_golden_id(*golden_id_);
  v1::GoldenRecord masked, clear;
  grpc::ClientContext a, b;
  ASSERT_TRUE(v1::CustomerHub::NewStub(Channel("reader"))
                  ->GetGoldenRecord(&a, get, &masked)
                  .ok());
  ASSERT_TRUE(v1::CustomerHub::NewStub(Channel("reader-pii"))
                  ->GetGoldenRecord(&b, get, &clear)
                  .ok());
  EXPECT_EQ(masked.national_id().value(), "110***********1233");
  EXPECT_EQ(masked.birth_date().value(), "1990-**-**");
  ASSERT_GT(masked.phones_size(), 0);
  EXPECT_EQ(masked.phones(0).value().find("0013"), std::string::npos)
      << masked.phones(0).value();
  EXPECT_EQ(masked.full_name().value(), "王小明");
  EXPECT_EQ(clear.national_id().value(), "110101199003071233");
  EXPECT_EQ(clear.birth_date().value(), "1990-03-07");
}

TEST_F(AccessTest, MdmctlWithATokenFileSeesMaskedRecords) {
  auto run = RunCommand({MdmctlBinary(), "--hub", hub_->target(), "--ca",
                         dir_->File("ca.pem"), "--token-file",
                         dir_->File("token.reader"), "-o", "json", "get",
                         *golden_id_});
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->exit_code, 0) << run->err;
  EXPECT_NE(run->out.find("110***********1233"), std::string::npos) << run->out;
  EXPECT_EQ(run->out.find("110101199003071233"), std::string::npos);
  auto anonymous = RunCommand({MdmctlBinary(), "--hub", hub_->target(), "--ca",
                               dir_->File("ca.pem"), "get", *golden_id_});
  ASSERT_TRUE(anonymous.ok());
  EXPECT_NE(anonymous->exit_code, 0);
  EXPECT_NE(anonymous->err.find("UNAUTHENTICATED"), std::string::npos)
      << anonymous->err;
}

TEST_F(AccessTest, RateLimitedTokenGetsResourceExhaustedWithRetryInfo) {
  auto stub = v1::CustomerHub::NewStub(Channel("flood"));
  grpc::Status last;
  int refused = 0;
  for (int i = 0; i < 5; ++i) {
    grpc::ClientContext ctx;
    v1::UpsertRecordResponse resp;
    last =
        stub->UpsertRecord(&ctx, RecordOf("erp", absl::StrCat("R", i)), &resp);
    if (last.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
      ++refused;
      google::rpc::RetryInfo retry;
      bool has_retry = false;
      const google::rpc::Status rich = RichStatus(last);
      for (const auto& any : rich.details()) {
        has_retry = has_retry || any.UnpackTo(&retry);
      }
      EXPECT_TRUE(has_retry) << Describe(last);
      EXPECT_GT(retry.retry_delay().nanos() + retry.retry_delay().seconds(), 0);
    }
  }
  EXPECT_GE(refused, 2);  // burst 2 at 1/s: at most 3 of 5 pass
  // The reader is not slowed by the connector's limit.
  grpc::ClientContext ctx;
  v1::GetGoldenRecordRequest get;
  get.set_golden_id(*golden_id_);
  v1::GoldenRecord g;
  EXPECT_TRUE(v1::CustomerHub::NewStub(Channel("reader"))
                  ->GetGoldenRecord(&ctx, get, &g)
                  .ok());
}

TEST_F(AccessTest, ForgedVerdictMetadataIsIgnored) {
  auto stub = v1::CustomerHub::NewStub(Channel(""));
  grpc::ClientContext ctx;
  ctx.AddMetadata("x-mdm-verdict", "ok");
  ctx.AddMetadata("x-mdm-pii", "1");
  v1::UpsertRecordResponse resp;
  EXPECT_EQ(stub->UpsertRecord(&ctx, RecordOf("erp", "X1"), &resp).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AccessTest, PlaintextClientCannotTalkToTheTlsHub) {
  auto stub = v1::CustomerHub::NewStub(
      grpc::CreateChannel(hub_->target(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
  v1::GetGoldenRecordRequest get;
  get.set_golden_id(*golden_id_);
  v1::GoldenRecord g;
  EXPECT_FALSE(stub->GetGoldenRecord(&ctx, get, &g).ok());
}

TEST(AccessExposure, HubRefusesNonLoopbackAddressWithoutTlsAndTokens) {
  ScopedTempDir dir;
  auto run = RunCommand({HubBinary(), "--listen=0.0.0.0:0",
                         "--store=sqlite:" + dir.File("hub.db")});
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->exit_code, 1);
  EXPECT_NE((run->out + run->err).find("--insecure"), std::string::npos)
      << run->out << run->err;
}

}  // namespace
}  // namespace mdm::integration
