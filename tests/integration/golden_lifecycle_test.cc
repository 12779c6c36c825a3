// The golden record lifecycle against the real hub over gRPC: as-of reads
// answer what was returned at that time, a change-feed watch resumed after a
// hub restart misses and repeats nothing, and a survivorship rule change
// recomputes and versions golden records (and survives a restart).
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "mdm/v1/admin.grpc.pb.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "mdm/v1/lifecycle.grpc.pb.h"
#include "mdm/v1/stewardship.grpc.pb.h"
#include "tests/integration/change_feed.h"
#include "tests/integration/hub_process.h"

namespace mdm::integration {
namespace {

using google::protobuf::util::MessageDifferencer;
using google::protobuf::util::TimeUtil;
using ::testing::Contains;

class GoldenLifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto hub = HubProcess::Start(dir_.path());
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = std::move(*hub);
    Connect();
  }
  void TearDown() override {
    Disconnect();
    if (hub_ != nullptr && hub_->running()) {
      EXPECT_TRUE(hub_->Stop().ok());
    }
  }
  // Closes the test's channels, so a stopping hub need not wait for them to
  // notice (an idle client polls every 5 s).
  void Disconnect() {
    hub_stub_.reset();
    lifecycle_.reset();
    admin_.reset();
    steward_.reset();
  }
  void Connect() {
    auto channel = hub_->Connect();
    hub_stub_ = v1::CustomerHub::NewStub(channel);
    lifecycle_ = v1::GoldenLifecycle::NewStub(channel);
    admin_ = v1::Admin::NewStub(channel);
    steward_ = v1::Stewardship::NewStub(channel);
  }

  // Upserts a person; `seconds` is its updated_at (seconds since epoch).
  std::string Upsert(const std::string& source, const std::string& id,
                     const std::string& address, int64_t seconds) {
    v1::UpsertRecordRequest req;
    v1::SourceRecord* r = req.mutable_record();
    r->set_source(source);
    r->set_source_record_id(id);
    r->set_name("Zhang Wei Min");
    r->add_phones("+86 138 0013 8000");
    r->add_emails("zhang.weimin@example.cn");
    r->set_birth_date("1980-05-17");
    r->mutable_address()->set_address_line(address);
    *r->mutable_updated_at() = TimeUtil::SecondsToTimestamp(seconds);
    v1::UpsertRecordResponse resp;
    grpc::ClientContext ctx;
    grpc::Status s = hub_stub_->UpsertRecord(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.golden_id();
  }

  v1::GoldenRecord Get(const std::string& id,
                       const google::protobuf::Timestamp* as_of = nullptr) {
    v1::GetGoldenRecordRequest req;
    req.set_golden_id(id);
    if (as_of != nullptr) *req.mutable_as_of() = *as_of;
    v1::GoldenRecord g;
    grpc::ClientContext ctx;
    grpc::Status s = hub_stub_->GetGoldenRecord(&ctx, req, &g);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return g;
  }

  // Reads `n` events after `after` from a fresh watch, then cancels it.
  std::vector<v1::ChangeEvent> Watch(int64_t after, size_t n) {
    return ReadChanges(*lifecycle_, after, n, std::chrono::seconds(10));
  }

  ScopedTempDir dir_;
  std::unique_ptr<HubProcess> hub_;
  std::unique_ptr<v1::CustomerHub::Stub> hub_stub_;
  std::unique_ptr<v1::GoldenLifecycle::Stub> lifecycle_;
  std::unique_ptr<v1::Admin::Stub> admin_;
  std::unique_ptr<v1::Stewardship::Stub> steward_;
};

TEST_F(GoldenLifecycleTest, AsOfAnswersMatchWhatWasReturnedAtThatTime) {
  const std::string id = Upsert("erp", "E1", "1 Bund Road", 1000);
  const v1::GoldenRecord first = Get(id);
  const google::protobuf::Timestamp t1 = first.update_time();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_EQ(Upsert("callcenter", "C1", "99 Nanjing Road", 2000), id);
  const v1::GoldenRecord second = Get(id);
  const google::protobuf::Timestamp t2 = second.update_time();
  // Just before the second version was made: still the first.
  const google::protobuf::Timestamp between =
      t2 - TimeUtil::MicrosecondsToDuration(1);
  ASSERT_EQ(second.version(), first.version() + 1);
  ASSERT_EQ(second.xrefs_size(), 2);

  EXPECT_TRUE(MessageDifferencer::Equals(Get(id, &t1), first))
      << Get(id, &t1).DebugString() << " vs " << first.DebugString();
  EXPECT_TRUE(MessageDifferencer::Equals(Get(id, &between), first));
  EXPECT_TRUE(MessageDifferencer::Equals(Get(id, &t2), second));
  // Before it existed: NOT_FOUND.
  v1::GetGoldenRecordRequest req;
  req.set_golden_id(id);
  *req.mutable_as_of() = TimeUtil::SecondsToTimestamp(1);
  v1::GoldenRecord g;
  grpc::ClientContext ctx;
  EXPECT_EQ(hub_stub_->GetGoldenRecord(&ctx, req, &g).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // The CLI shows both versions, and `get --as-of` the first.
  auto history = hub_->Mdmctl({"history", id});
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->exit_code, 0) << history->err;
  EXPECT_THAT(history->out, ::testing::HasSubstr("Zhang Wei Min"));
  auto as_of = hub_->Mdmctl(
      {"get", id, "--as-of", TimeUtil::ToString(t1), "-o", "json"});
  ASSERT_TRUE(as_of.ok());
  EXPECT_EQ(as_of->exit_code, 0) << as_of->err;
  EXPECT_THAT(as_of->out, ::testing::HasSubstr("1 Bund Road"));
  EXPECT_THAT(as_of->out, ::testing::Not(::testing::HasSubstr("C1")));
}

// The client's wall clock at full precision. Not TimeUtil::GetCurrentTime():
// protobuf 3.21 fills it from time(), whole seconds, so "now" is up to a second
// in the past and as_of answers an older version (or NOT_FOUND) -- the cause
// of the NOT_FOUND this test once saw.
google::protobuf::Timestamp ClientNow() {
  return TimeUtil::NanosecondsToTimestamp(
      std::chrono::duration_cast<std::chrono::nanoseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count());
}

// The client's own clock, read right after an answer arrived, finds that
// answer: a version is stamped before its transaction commits and the answer
// is sent after it. Creations, updates and a merge.
TEST_F(GoldenLifecycleTest, AsOfWithClientClockReturnsWhatWasJustAnswered) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    const std::string n = std::to_string(i);
    v1::UpsertRecordRequest req;
    req.mutable_record()->set_source("erp");
    req.mutable_record()->set_source_record_id("E" + n);
    req.mutable_record()->set_name("Person Number " + std::to_string(i * 7919));
    v1::UpsertRecordResponse resp;
    grpc::ClientContext ctx;
    ASSERT_TRUE(hub_stub_->UpsertRecord(&ctx, req, &resp).ok());
    const v1::GoldenRecord created = Get(resp.golden_id());
    const google::protobuf::Timestamp t = ClientNow();
    EXPECT_TRUE(MessageDifferencer::Equals(Get(resp.golden_id(), &t), created))
        << "as of " << TimeUtil::ToString(t);
    ids.push_back(resp.golden_id());
  }
  const std::string id = Upsert("erp", "E0", "1 Bund Road", 2000);
  ASSERT_EQ(id, ids[0]);
  const v1::GoldenRecord updated = Get(id);
  const google::protobuf::Timestamp t_update = ClientNow();
  EXPECT_TRUE(MessageDifferencer::Equals(Get(id, &t_update), updated));

  v1::MergeEntitiesRequest merge;
  merge.set_survivor(ids[0]);
  merge.add_others(ids[1]);
  v1::StewardActionResponse merged;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(steward_->MergeEntities(&ctx, merge, &merged).ok());
  }
  const v1::GoldenRecord survivor = Get(id);
  const google::protobuf::Timestamp t_merge = ClientNow();
  ASSERT_EQ(survivor.xrefs_size(), 2);
  EXPECT_TRUE(MessageDifferencer::Equals(Get(id, &t_merge), survivor));
  // The merged-away id answers through its redirect, as a plain read does.
  EXPECT_TRUE(MessageDifferencer::Equals(Get(ids[1], &t_merge), survivor));
  // Just before the merge, both stood apart.
  EXPECT_EQ(Get(id, &t_update).xrefs_size(), 1);
}

TEST_F(GoldenLifecycleTest,
       WatchResumedAfterHubRestartMissesAndRepeatsNothing) {
  std::vector<std::string> created;
  for (int i = 0; i < 3; ++i) {
    v1::UpsertRecordRequest req;
    req.mutable_record()->set_source("erp");
    req.mutable_record()->set_source_record_id("W" + std::to_string(i));
    req.mutable_record()->set_name("Person Number " + std::to_string(i * 7919));
    v1::UpsertRecordResponse resp;
    grpc::ClientContext ctx;
    ASSERT_TRUE(hub_stub_->UpsertRecord(&ctx, req, &resp).ok());
    created.push_back(resp.golden_id());
  }
  std::vector<v1::ChangeEvent> before = Watch(0, 2);
  ASSERT_EQ(before.size(), 2u);
  EXPECT_EQ(before[0].sequence(), 1);
  EXPECT_EQ(before[1].sequence(), 2);

  Disconnect();
  ASSERT_TRUE(hub_->Restart().ok());
  Connect();
  const std::string late = Upsert("finance", "F9", "5 Garden Lane", 3000);

  std::vector<v1::ChangeEvent> after = Watch(before.back().sequence(), 2);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].sequence(), 3);
  EXPECT_EQ(after[0].golden_id(), created[2]);
  EXPECT_EQ(after[1].sequence(), 4);
  EXPECT_EQ(after[1].golden_id(), late);
  EXPECT_EQ(after[1].type(), v1::ChangeEvent::CREATED);
  // And nothing beyond: a watch after 4 delivers nothing within a second.
  v1::WatchChangesRequest req;
  req.set_after_sequence(4);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
  auto reader = lifecycle_->WatchChanges(&ctx, req);
  v1::ChangeEvent extra;
  EXPECT_FALSE(reader->Read(&extra)) << extra.DebugString();
  reader->Finish().IgnoreError();
}

TEST_F(GoldenLifecycleTest, RuleChangeRecomputesAndVersionsGoldenRecords) {
  const std::string id = Upsert("finance", "F1", "1 Bund Road", 1000);
  ASSERT_EQ(Upsert("callcenter", "C1", "99 Nanjing Road", 2000), id);
  const v1::GoldenRecord before = Get(id);
  ASSERT_EQ(before.address_line().value(), "99 Nanjing Road");

  v1::SetSurvivorshipRulesRequest req;
  req.set_rules_json(R"({"attributes": {"address_line":
      {"rule": "source_trust", "trust": ["finance"]}}})");
  v1::SetSurvivorshipRulesResponse resp;
  {
    grpc::ClientContext ctx;
    grpc::Status s = admin_->SetSurvivorshipRules(&ctx, req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  EXPECT_EQ(resp.recomputed_golden_records(), 1);
  const v1::GoldenRecord after = Get(id);
  EXPECT_EQ(after.address_line().value(), "1 Bund Road");
  EXPECT_EQ(after.address_line().lineage().rule(), "source_trust");
  EXPECT_EQ(after.version(), before.version() + 1);

  std::vector<v1::ChangeEvent> events = Watch(0, 3);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[2].type(), v1::ChangeEvent::UPDATED);
  EXPECT_THAT(events[2].changed_fields(), Contains("address_line"));

  // The two sources disagree on the address: a conflict, winner first; and
  // the explanation names the rule and both records' evidence.
  auto conflicts = hub_->Mdmctl({"conflicts"});
  ASSERT_TRUE(conflicts.ok());
  EXPECT_EQ(conflicts->exit_code, 0) << conflicts->err;
  EXPECT_THAT(conflicts->out, ::testing::HasSubstr("address_line"));
  EXPECT_THAT(conflicts->out, ::testing::HasSubstr("* 1 Bund Road"));
  auto explain = hub_->Mdmctl({"explain-golden", id});
  ASSERT_TRUE(explain.ok());
  EXPECT_EQ(explain->exit_code, 0) << explain->err;
  EXPECT_THAT(explain->out, ::testing::HasSubstr("source_trust[finance]"));
  EXPECT_THAT(explain->out, ::testing::HasSubstr("callcenter/C1"));

  // A bad rule is refused naming its path, and changes nothing.
  req.set_rules_json(R"({"attributes": {"address_line": {"rule": "newest"}}})");
  {
    grpc::ClientContext ctx;
    grpc::Status s = admin_->SetSurvivorshipRules(&ctx, req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(s.error_message(),
                ::testing::HasSubstr("rules.attributes.address_line.rule"));
  }

  // The rules survive a restart.
  Disconnect();
  ASSERT_TRUE(hub_->Restart().ok());
  Connect();
  EXPECT_EQ(Get(id).address_line().value(), "1 Bund Road");
  EXPECT_EQ(Get(id).version(), after.version());
  auto rules = hub_->Mdmctl({"rules", "get"});
  ASSERT_TRUE(rules.ok());
  EXPECT_THAT(rules->out, ::testing::HasSubstr("finance"));
}

}  // namespace
}  // namespace mdm::integration
