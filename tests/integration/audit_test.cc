// The audit trail end to end: the real mdm-hub over TLS with the tokens
// scripts/gen-certs makes. Mutations by two principals are recorded with
// their principal, method, target, request id and outcome; a refused
// mutation is recorded too; reads are not; only admins may list the trail;
// `mdmctl audit` filters it; the rows survive a restart of the hub.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "clients/credentials/channel_credentials.h"
#include "mdm/v1/admin.grpc.pb.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/rpc_status.h"

namespace mdm::integration {
namespace {

constexpr char kUpsert[] = "/mdm.v1.CustomerHub/UpsertRecord";
constexpr char kDelete[] = "/mdm.v1.CustomerHub/DeleteRecord";

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto gen = RunCommand({SourceDir() + "/scripts/gen-certs", dir_.path()});
    ASSERT_TRUE(gen.ok() && gen->exit_code == 0) << gen->err;
    HubProcess::Options options;
    options.extra_flags = {"--tls_cert=" + dir_.File("hub.pem"),
                           "--tls_key=" + dir_.File("hub.key"),
                           "--tls_client_ca=" + dir_.File("ca.pem"),
                           "--auth_config=" + dir_.File("auth.json")};
    auto hub = HubProcess::Start(dir_.path(), options);
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = *std::move(hub);
  }

  std::shared_ptr<grpc::Channel> Channel(const std::string& token) {
    client::ClientSecurity sec;
    sec.ca_file = dir_.File("ca.pem");
    auto t = client::LoadToken(dir_.File("token." + token));
    EXPECT_TRUE(t.ok()) << t.status();
    sec.token = t.ok() ? *t : "";
    auto creds = client::ChannelCredentials(sec);
    EXPECT_TRUE(creds.ok()) << creds.status();
    return grpc::CreateChannel(hub_->target(), *creds);
  }

  grpc::Status Upsert(const std::string& token, const std::string& source,
                      const std::string& id, const std::string& request_id) {
    v1::UpsertRecordRequest req;
    req.mutable_record()->set_source(source);
    req.mutable_record()->set_source_record_id(id);
    req.mutable_record()->set_name("张三");
    req.set_request_id(request_id);
    v1::UpsertRecordResponse resp;
    grpc::ClientContext ctx;
    return v1::CustomerHub::NewStub(Channel(token))
        ->UpsertRecord(&ctx, req, &resp);
  }

  // Every event, as the admin sees it.
  std::vector<v1::AuditEvent> Trail() {
    auto admin = v1::Admin::NewStub(Channel("admin"));
    std::vector<v1::AuditEvent> out;
    v1::ListAuditEventsRequest req;
    req.set_page_size(2);  // several pages
    do {
      v1::ListAuditEventsResponse resp;
      grpc::ClientContext ctx;
      grpc::Status s = admin->ListAuditEvents(&ctx, req, &resp);
      EXPECT_TRUE(s.ok()) << Describe(s);
      if (!s.ok()) break;
      out.insert(out.end(), resp.events().begin(), resp.events().end());
      req.set_page_token(resp.next_page_token());
    } while (!req.page_token().empty());
    return out;
  }

  ScopedTempDir dir_;
  std::unique_ptr<HubProcess> hub_;
};

TEST_F(AuditTest, MutationsAndRefusalsAreRecordedReadsAreNot) {
  ASSERT_TRUE(Upsert("connector-erp", "erp", "E1", "req-erp-1").ok());
  ASSERT_TRUE(Upsert("steward", "crm", "K1", "req-steward-1").ok());
  // A reader may not write: refused, and recorded as refused.
  EXPECT_EQ(Upsert("reader", "erp", "E2", "req-reader-1").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  {  // A delete without a request_id field value: the header's id is used.
    v1::DeleteRecordRequest del;
    del.set_source("erp");
    del.set_source_record_id("E1");
    v1::DeleteRecordResponse resp;
    grpc::ClientContext ctx;
    ctx.AddMetadata("x-request-id", "hdr-7");
    ASSERT_TRUE(v1::CustomerHub::NewStub(Channel("connector-erp"))
                    ->DeleteRecord(&ctx, del, &resp)
                    .ok());
  }
  {  // A read: not recorded.
    v1::LookupXrefRequest lookup;
    lookup.set_source("crm");
    lookup.set_source_record_id("K1");
    v1::Xref xref;
    grpc::ClientContext ctx;
    ASSERT_TRUE(v1::CustomerHub::NewStub(Channel("reader"))
                    ->LookupXref(&ctx, lookup, &xref)
                    .ok());
  }

  std::vector<v1::AuditEvent> trail = Trail();
  ASSERT_EQ(trail.size(), 4u);
  EXPECT_EQ(trail[0].principal(), "token:connector-erp");
  EXPECT_EQ(trail[0].method(), kUpsert);
  EXPECT_EQ(trail[0].target(), "erp/E1");
  EXPECT_EQ(trail[0].request_id(), "req-erp-1");
  EXPECT_EQ(trail[0].code_name(), "OK");
  EXPECT_EQ(trail[1].principal(), "token:steward");
  EXPECT_EQ(trail[1].target(), "crm/K1");
  EXPECT_EQ(trail[1].code(), 0);
  EXPECT_EQ(trail[2].principal(), "token:reader");
  EXPECT_EQ(trail[2].method(), kUpsert);
  EXPECT_EQ(trail[2].code_name(), "PERMISSION_DENIED");
  EXPECT_EQ(trail[2].target(), "erp/E2");
  EXPECT_EQ(trail[3].method(), kDelete);
  EXPECT_EQ(trail[3].request_id(), "hdr-7");
  EXPECT_EQ(trail[3].code_name(), "OK");
  for (size_t i = 1; i < trail.size(); ++i) {
    EXPECT_GT(trail[i].id(), trail[i - 1].id());
    EXPECT_GE(trail[i].time().seconds(), trail[i - 1].time().seconds());
  }

  // Only admins read the trail, and listing it is no mutation.
  v1::ListAuditEventsRequest req;
  v1::ListAuditEventsResponse resp;
  grpc::ClientContext ctx;
  EXPECT_EQ(v1::Admin::NewStub(Channel("steward"))
                ->ListAuditEvents(&ctx, req, &resp)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Trail().size(), 4u);
}

TEST_F(AuditTest, MdmctlFiltersAndTheTrailSurvivesARestart) {
  ASSERT_TRUE(Upsert("connector-erp", "erp", "E1", "r1").ok());
  ASSERT_TRUE(Upsert("admin", "crm", "K1", "r2").ok());
  ASSERT_TRUE(hub_->Restart().ok());
  ASSERT_TRUE(Upsert("connector-erp", "erp", "E2", "r3").ok());

  auto run =
      RunCommand({MdmctlBinary(), "--hub", hub_->target(), "--ca",
                  dir_.File("ca.pem"), "--token-file", dir_.File("token.admin"),
                  "audit", "--principal", "token:connector-erp", "--method",
                  "CustomerHub/UpsertRecord", "--since", "2020-01-01"});
  ASSERT_TRUE(run.ok());
  ASSERT_EQ(run->exit_code, 0) << run->err;
  // Both of the connector's upserts, one from before the restart; not the
  // admin's.
  EXPECT_NE(run->out.find("erp/E1"), std::string::npos) << run->out;
  EXPECT_NE(run->out.find("erp/E2"), std::string::npos) << run->out;
  EXPECT_EQ(run->out.find("crm/K1"), std::string::npos) << run->out;
  EXPECT_EQ(Trail().size(), 3u);

  auto future =
      RunCommand({MdmctlBinary(), "--hub", hub_->target(), "--ca",
                  dir_.File("ca.pem"), "--token-file", dir_.File("token.admin"),
                  "-o", "json", "audit", "--since", "2999-01-01"});
  ASSERT_TRUE(future.ok());
  EXPECT_EQ(future->exit_code, 0) << future->err;
  EXPECT_EQ(future->out, "");
}

}  // namespace
}  // namespace mdm::integration
