// Stewardship end to end: the real mdm-hub and mdmctl over gRPC on
// 127.0.0.1. Merge then split; a split (cannot-link) that survives re-ingest
// and a hub restarted with a far lower link threshold; cannot-links (from a
// split and a rejected review) that survive a trained and activated model, a
// survivorship rule change and replays; stale etags; request_id replays; a
// dead customer's new call-center record quarantined and reported in its
// ingest result; a dead customer out of every live view (search, resolve,
// segments, Pareto, profile lookups by phone or name) but readable by id;
// every steward action in the change feed as a typed event.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "mdm/v1/insight.grpc.pb.h"
#include "mdm/v1/lifecycle.grpc.pb.h"
#include "mdm/v1/stewardship.grpc.pb.h"
#include "tests/integration/change_feed.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/rpc_status.h"
#include "tests/integration/test_data.h"

namespace mdm::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

v1::SourceRecord Person(const std::string& source, const std::string& id,
                        const std::string& name, const std::string& phone) {
  v1::SourceRecord r;
  r.set_source(source);
  r.set_source_record_id(id);
  r.set_kind(v1::PERSON);
  r.set_name(name);
  if (!phone.empty()) r.add_phones(phone);
  r.mutable_updated_at()->set_seconds(1'700'000'000);
  return r;
}

v1::RecordRef Ref(const std::string& source, const std::string& id) {
  v1::RecordRef r;
  r.set_source(source);
  r.set_source_record_id(id);
  return r;
}

class StewardshipTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(HubProcess::Options()); }

  void Start(HubProcess::Options options) {
    hub_.reset();
    auto hub = HubProcess::Start(dir_.path(), std::move(options));
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = std::move(*hub);
    auto channel = hub_->Connect();
    ASSERT_NE(channel, nullptr) << hub_->Log();
    stub_ = v1::CustomerHub::NewStub(channel);
    steward_ = v1::Stewardship::NewStub(channel);
    insight_ = v1::Insight::NewStub(channel);
    lifecycle_ = v1::GoldenLifecycle::NewStub(channel);
  }

  // Closes the test's channels, so a stopping hub need not wait for them to
  // notice (an idle client polls every 5 s).
  void Disconnect() {
    stub_.reset();
    steward_.reset();
    insight_.reset();
    lifecycle_.reset();
  }

  v1::UpsertRecordResponse Upsert(const v1::SourceRecord& r) {
    grpc::ClientContext ctx;
    v1::UpsertRecordRequest req;
    *req.mutable_record() = r;
    v1::UpsertRecordResponse resp;
    grpc::Status s = stub_->UpsertRecord(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << Describe(s);
    return resp;
  }

  std::string UpsertId(const v1::SourceRecord& r) {
    return Upsert(r).golden_id();
  }

  std::string GoldenOf(const std::string& source, const std::string& id) {
    grpc::ClientContext ctx;
    v1::LookupXrefRequest req;
    req.set_source(source);
    req.set_source_record_id(id);
    v1::Xref x;
    grpc::Status s = stub_->LookupXref(&ctx, req, &x);
    EXPECT_TRUE(s.ok()) << Describe(s);
    return x.golden_id();
  }

  v1::GoldenRecord Get(const std::string& id) {
    grpc::ClientContext ctx;
    v1::GetGoldenRecordRequest req;
    req.set_golden_id(id);
    v1::GoldenRecord g;
    grpc::Status s = stub_->GetGoldenRecord(&ctx, req, &g);
    EXPECT_TRUE(s.ok()) << Describe(s);
    return g;
  }

  grpc::Status Merge(const v1::MergeEntitiesRequest& req,
                     v1::StewardActionResponse* resp) {
    grpc::ClientContext ctx;
    return steward_->MergeEntities(&ctx, req, resp);
  }

  // Two namesakes (same name and postcode, nothing else): one review task.
  v1::ListReviewQueueResponse NamesakesInReview() {
    for (const auto& [source, id] :
         {std::pair{"erp", "A"}, std::pair{"finance", "B"}}) {
      v1::SourceRecord r;
      r.set_source(source);
      r.set_source_record_id(id);
      r.set_name("张伟");
      r.mutable_address()->set_postal_code("100001");
      Upsert(r);
    }
    grpc::ClientContext ctx;
    v1::ListReviewQueueResponse queue;
    grpc::Status s =
        steward_->ListReviewQueue(&ctx, v1::ListReviewQueueRequest(), &queue);
    EXPECT_TRUE(s.ok()) << Describe(s);
    return queue;
  }

  CommandResult Ctl(const std::vector<std::string>& args) {
    auto r = hub_->Mdmctl(args);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : CommandResult{};
  }

  // Runs mdmctl and expects it to succeed.
  CommandResult CtlOk(const std::vector<std::string>& args) {
    CommandResult r = Ctl(args);
    EXPECT_EQ(r.exit_code, 0) << args.front() << ": " << r.err;
    return r;
  }

  void ImportSample() {
    for (const char* source : {"erp", "finance", "callcenter"}) {
      CtlOk({"import", "--source", source, SampleCsv(source)});
    }
  }

  // The active model's decision on a record pair, whatever the clusters.
  std::string ModelDecision(const v1::RecordRef& left,
                            const v1::RecordRef& right) {
    grpc::ClientContext ctx;
    v1::ExplainMatchRequest req;
    *req.mutable_left_record() = left;
    *req.mutable_right_record() = right;
    v1::ExplainMatchResponse resp;
    grpc::Status s = stub_->ExplainMatch(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << Describe(s);
    return resp.decision();
  }

  ScopedTempDir dir_;
  std::unique_ptr<HubProcess> hub_;
  std::unique_ptr<v1::CustomerHub::Stub> stub_;
  std::unique_ptr<v1::Stewardship::Stub> steward_;
  std::unique_ptr<v1::Insight::Stub> insight_;
  std::unique_ptr<v1::GoldenLifecycle::Stub> lifecycle_;
};

TEST_F(StewardshipTest, MdmctlMergeThenSplitRestoresTheOriginalRecords) {
  const std::string a =
      Upsert(Person("erp", "E1", "王小明", "13800138000")).golden_id();
  const std::string b =
      Upsert(Person("finance", "F1", "李四", "13900139000")).golden_id();
  ASSERT_NE(a, b);

  CommandResult merge = Ctl({"merge", a, b, "--reason", "same person"});
  ASSERT_EQ(merge.exit_code, 0) << merge.err;
  EXPECT_THAT(merge.out, HasSubstr("merged away: " + b));
  EXPECT_EQ(GoldenOf("finance", "F1"), a);

  CommandResult split = Ctl({"split", a, "--record", "finance/F1", "--etag",
                             Get(a).etag(), "--reason", "twins"});
  ASSERT_EQ(split.exit_code, 0) << split.err;
  const std::string fresh = GoldenOf("finance", "F1");
  EXPECT_NE(fresh, a);
  EXPECT_EQ(GoldenOf("erp", "E1"), a);
  EXPECT_EQ(Get(a).record_count(), 1);
  EXPECT_EQ(Get(fresh).record_count(), 1);
}

TEST_F(StewardshipTest, SplitSurvivesReingestAndALowerLinkThreshold) {
  Upsert(Person("erp", "E1", "王小明", "13800138000"));
  Upsert(Person("finance", "F1", "王曉明", "+86 138 0013 8000"));
  const std::string g = GoldenOf("erp", "E1");
  ASSERT_EQ(GoldenOf("finance", "F1"), g);
  CommandResult split = Ctl({"split", g, "--record", "finance/F1"});
  ASSERT_EQ(split.exit_code, 0) << split.err;

  // Re-ingest the same records, then a changed one and a bridging one.
  Upsert(Person("erp", "E1", "王小明", "13800138000"));
  Upsert(Person("finance", "F1", "王曉明", "+86 138 0013 8000"));
  v1::SourceRecord changed =
      Person("finance", "F1", "王曉明", "+86 138 0013 8000");
  changed.add_emails("wang@example.com");
  changed.mutable_updated_at()->set_seconds(1'700'000'100);
  Upsert(changed);
  Upsert(Person("callcenter", "C1", "Wang Xiaoming", "13800138000"));
  EXPECT_NE(GoldenOf("erp", "E1"), GoldenOf("finance", "F1"));

  Disconnect();
  ASSERT_TRUE(hub_->Stop().ok()) << hub_->Log();
  HubProcess::Options lax;
  lax.extra_flags = {"--link_threshold=1", "--review_threshold=0"};
  Start(lax);
  changed.add_emails("wang.xm@example.com");
  changed.mutable_updated_at()->set_seconds(1'700'000'200);
  Upsert(changed);
  Upsert(Person("callcenter", "C2", "王小明", "13800138000"));
  EXPECT_NE(GoldenOf("erp", "E1"), GoldenOf("finance", "F1"));
}

TEST_F(StewardshipTest, StaleEtagIsAbortedAndRequestIdReplayIsIdempotent) {
  const std::string a =
      Upsert(Person("erp", "E1", "王小明", "13800138000")).golden_id();
  const std::string b =
      Upsert(Person("finance", "F1", "李四", "13900139000")).golden_id();

  v1::MergeEntitiesRequest req;
  req.set_survivor(a);
  req.add_others(b);
  (*req.mutable_etags())[a] = "v999";
  v1::StewardActionResponse resp;
  EXPECT_EQ(Merge(req, &resp).error_code(), grpc::StatusCode::ABORTED);
  CommandResult stale = Ctl({"merge", a, b, "--etag", a + "=v999"});
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_THAT(stale.err, HasSubstr("ABORTED"));
  EXPECT_EQ(GoldenOf("finance", "F1"), b);

  (*req.mutable_etags())[a] = Get(a).etag();
  req.set_request_id("merge-42");
  v1::StewardActionResponse first;
  ASSERT_TRUE(Merge(req, &first).ok());
  const int64_t version = Get(a).version();
  v1::StewardActionResponse again;
  grpc::Status replay = Merge(req, &again);  // the etag is stale by now
  ASSERT_TRUE(replay.ok()) << Describe(replay);
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(Get(a).version(), version);

  req.mutable_note()->set_reason("different body");
  EXPECT_EQ(Merge(req, &again).error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(StewardshipTest, DeadCustomersNewCallCenterRecordIsQuarantined) {
  const std::string g =
      Upsert(Person("erp", "E1", "王小明", "13800138000")).golden_id();
  CommandResult mark = Ctl({"dead", "mark", g, "--why", "deceased", "--reason",
                            "death certificate"});
  ASSERT_EQ(mark.exit_code, 0) << mark.err;

  // Through the bulk stream connectors use: the result says why.
  grpc::ClientContext ctx;
  auto stream = stub_->IngestRecords(&ctx);
  v1::IngestRecordsRequest batch;
  v1::IngestItem* item = batch.add_items();
  item->set_sequence(7);
  *item->mutable_record() =
      Person("callcenter", "CC-1", "王小明", "138 0013 8000");
  ASSERT_TRUE(stream->Write(batch));
  v1::IngestRecordsResponse answer;
  ASSERT_TRUE(stream->Read(&answer));
  stream->WritesDone();
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_EQ(answer.results_size(), 1);
  EXPECT_EQ(answer.results(0).outcome(), v1::QUARANTINED);
  EXPECT_EQ(answer.results(0).golden_id(), g);
  EXPECT_EQ(answer.results(0).dead_reason(), v1::DECEASED);

  // Through mdmctl import: reported per row.
  const std::string csv = dir_.File("calls.csv");
  std::ofstream(csv) << "source_record_id,name,phones\nCC-2,王小明,"
                        "13800138000\n";
  CommandResult import = Ctl({"import", "--source", "callcenter", csv});
  EXPECT_THAT(import.err, HasSubstr("quarantined"));
  EXPECT_THAT(import.out, HasSubstr("quarantined: 1"));

  CommandResult held = Ctl({"quarantine", "list"});
  ASSERT_EQ(held.exit_code, 0) << held.err;
  EXPECT_THAT(held.out, HasSubstr("CC-1"));
  EXPECT_THAT(held.out, HasSubstr("CC-2"));
  EXPECT_THAT(held.out, HasSubstr("deceased"));
  CommandResult shown = Ctl({"get", g});
  EXPECT_THAT(shown.out, HasSubstr("DEAD: deceased"));
  CommandResult search = Ctl({"search", "--phone", "13800138000"});
  EXPECT_THAT(search.out, ::testing::Not(HasSubstr(g)));

  ASSERT_EQ(Ctl({"dead", "revive", g}).exit_code, 0);
  EXPECT_THAT(Ctl({"dead", "list"}).out, ::testing::Not(HasSubstr(g)));
  EXPECT_EQ(Upsert(Person("callcenter", "CC-1", "王小明", "138 0013 8000"))
                .golden_id(),
            g);
}

TEST_F(StewardshipTest, ReviewQueueCarriesExplanationsAndRejectClosesTask) {
  const v1::ListReviewQueueResponse queue = NamesakesInReview();
  ASSERT_EQ(queue.items_size(), 1);
  EXPECT_EQ(queue.items(0).explanation().decision(), "review");
  EXPECT_GT(queue.items(0).explanation().comparisons_size(), 0);

  CommandResult list = Ctl({"review", "list"});
  EXPECT_THAT(list.out, HasSubstr(queue.items(0).task_id()));
  CommandResult reject = Ctl({"review", "reject", queue.items(0).task_id(),
                              "--reason", "different people"});
  ASSERT_EQ(reject.exit_code, 0) << reject.err;
  EXPECT_THAT(Ctl({"review", "list"}).out,
              ::testing::Not(HasSubstr(queue.items(0).task_id())));
}

TEST_F(StewardshipTest, AcceptedReviewMergesThePair) {
  const v1::ListReviewQueueResponse queue = NamesakesInReview();
  ASSERT_EQ(queue.items_size(), 1);
  CommandResult accept = Ctl({"review", "accept", queue.items(0).task_id()});
  ASSERT_EQ(accept.exit_code, 0) << accept.err;
  EXPECT_EQ(GoldenOf("erp", "A"), GoldenOf("finance", "B"));
}

// Bad steward and lifecycle input is refused before anything happens, naming
// the field (a BadRequest violation; a ResourceInfo for NOT_FOUND).
TEST_F(StewardshipTest, BadStewardInputIsRefusedNamingTheField) {
  const std::string g = UpsertId(Person("erp", "E1", "王小明", "13800138000"));
  auto field_of = [](const grpc::Status& s) {
    return absl::StrCat(s.error_code(), " ", NamedField(s));
  };
  v1::StewardActionResponse resp;
  {
    v1::MergeEntitiesRequest req;
    req.set_survivor(g);
    EXPECT_EQ(field_of(Merge(req, &resp)), "3 others");
    req.add_others("G999");
    EXPECT_EQ(field_of(Merge(req, &resp)), "5 others[0]");
    req.set_survivor("");
    EXPECT_EQ(field_of(Merge(req, &resp)), "3 survivor");
  }
  {
    grpc::ClientContext ctx;
    v1::SplitEntityRequest req;
    req.set_golden_id(g);
    EXPECT_EQ(field_of(steward_->SplitEntity(&ctx, req, &resp)), "3 records");
  }
  {
    grpc::ClientContext ctx;
    v1::MarkDeadRequest req;
    req.set_golden_id(g);
    EXPECT_EQ(field_of(steward_->MarkDead(&ctx, req, &resp)), "3 reason");
  }
  {
    grpc::ClientContext ctx;
    v1::DecideReviewTaskRequest req;
    req.set_task_id("no-such-task");
    EXPECT_EQ(field_of(steward_->RejectReviewTask(&ctx, req, &resp)),
              "3 task_id");
  }
  {
    grpc::ClientContext ctx;
    v1::GetGoldenRecordRequest req;
    req.set_golden_id(g);
    req.mutable_as_of()->set_seconds(1);
    v1::GoldenRecord out;
    EXPECT_EQ(field_of(stub_->GetGoldenRecord(&ctx, req, &out)), "5 as_of");
  }
  {
    grpc::ClientContext ctx;
    v1::WatchChangesRequest req;
    req.set_after_sequence(-1);
    auto reader = lifecycle_->WatchChanges(&ctx, req);
    v1::ChangeEvent e;
    EXPECT_FALSE(reader->Read(&e));
    EXPECT_EQ(field_of(reader->Finish()), "3 after_sequence");
  }
  EXPECT_EQ(Get(g).version(), 1);  // nothing happened
}

TEST_F(StewardshipTest, CannotLinkSurvivesRetrainingRuleChangeAndReplays) {
  ImportSample();
  // A split keeps two records of one real customer apart (the sample's truth
  // says they are the same person: the model links them).
  const std::string g = GoldenOf("erp", "C10023");
  ASSERT_EQ(GoldenOf("finance", "FIN-8812"), g);
  CtlOk({"split", g, "--record", "finance/FIN-8812", "--reason", "twins"});
  // A rejected review keeps two namesakes apart.
  for (const char* source : {"erp", "finance"}) {
    v1::SourceRecord r = Person(source, "NS-1", "欧阳修远", "");
    r.mutable_address()->set_postal_code("999077");
    Upsert(r);
  }
  v1::ListReviewQueueResponse queue;
  {
    grpc::ClientContext ctx;
    v1::ListReviewQueueRequest req;
    req.set_page_size(200);
    grpc::Status s = steward_->ListReviewQueue(&ctx, req, &queue);
    ASSERT_TRUE(s.ok()) << Describe(s);
  }
  auto task = std::find_if(queue.items().begin(), queue.items().end(),
                           [](const auto& item) {
                             return item.task().source_record_id() == "NS-1";
                           });
  ASSERT_NE(task, queue.items().end()) << queue.DebugString();
  CtlOk({"review", "reject", task->task_id(), "--reason", "namesakes"});

  auto apart = [&](const std::string& when) {
    EXPECT_NE(GoldenOf("erp", "C10023"), GoldenOf("finance", "FIN-8812"))
        << when;
    EXPECT_NE(GoldenOf("erp", "NS-1"), GoldenOf("finance", "NS-1")) << when;
  };

  // Train a model on the stored records with a link threshold low enough
  // that it links both pairs, and activate it.
  CommandResult train =
      CtlOk({"model", "train", "--seed", "3", "--random-pairs", "20000",
             "--link-threshold", "0", "--review-threshold", "-5"});
  EXPECT_THAT(train.out, HasSubstr("model 1"));
  CtlOk({"model", "activate", "1"});
  ASSERT_EQ(ModelDecision(Ref("finance", "FIN-8812"), Ref("erp", "C10023")),
            "link");
  ASSERT_EQ(ModelDecision(Ref("finance", "NS-1"), Ref("erp", "NS-1")), "link");
  apart("after activation");

  // Replays, a changed record and records that would bridge each pair.
  auto replay_and_bridge = [&](int round) {
    ImportSample();
    v1::SourceRecord changed =
        Person("finance", "FIN-8812", "王曉明", "0086-138-0013-8000");
    changed.set_national_id("110105198503120311");
    changed.set_birth_date("1985-03-12");
    changed.mutable_updated_at()->set_seconds(1'800'000'000 + round);
    Upsert(changed);
    v1::SourceRecord bridge =
        Person("callcenter", "BRIDGE-" + std::to_string(round), "王小明",
               "+86 138 0013 8000");
    bridge.set_national_id("110105198503120311");
    Upsert(bridge);
    v1::SourceRecord namesake =
        Person("callcenter", "NS-" + std::to_string(round), "欧阳修远", "");
    namesake.mutable_address()->set_postal_code("999077");
    Upsert(namesake);
  };
  replay_and_bridge(1);
  apart("after replays under the trained model");

  // A survivorship rule change recomputes every golden record; then replay.
  const std::string rules = dir_.File("rules.json");
  std::ofstream(rules)
      << R"({"attributes": {"full_name": {"rule": "source_trust",)"
      << R"( "trust": ["finance"]}}})";
  CtlOk({"rules", "set", rules});
  apart("after a rule change");
  replay_and_bridge(2);
  apart("after a rule change and replays");
}

TEST_F(StewardshipTest, DeadCustomerLeavesLiveViewsButStaysReadable) {
  const std::string dead =
      UpsertId(Person("erp", "E1", "王小明", "13800138000"));
  const std::string live = UpsertId(Person("erp", "L1", "李四", "13900139000"));
  ASSERT_NE(dead, live);
  CtlOk({"dead", "mark", dead, "--why", "deceased", "--reason", "certificate"});

  {  // search
    grpc::ClientContext ctx;
    v1::SearchCustomersRequest req;
    req.set_phone("138 0013 8000");
    v1::SearchCustomersResponse resp;
    ASSERT_TRUE(stub_->SearchCustomers(&ctx, req, &resp).ok());
    EXPECT_EQ(resp.customers_size(), 0);
  }
  {  // resolve
    grpc::ClientContext ctx;
    v1::ResolveIdentityRequest req;
    *req.mutable_record() = Person("", "", "王小明", "13800138000");
    v1::ResolveIdentityResponse resp;
    ASSERT_TRUE(stub_->ResolveIdentity(&ctx, req, &resp).ok());
    for (const v1::Candidate& c : resp.candidates()) {
      EXPECT_NE(c.golden_id(), dead);
    }
  }
  // Profile lookups by phone or name find no live customer.
  for (int by_name = 0; by_name < 2; ++by_name) {
    grpc::ClientContext ctx;
    v1::GetCustomerProfileRequest req;
    if (by_name) {
      req.set_name("王小明");
    } else {
      req.set_phone("13800138000");
    }
    v1::CustomerProfile resp;
    EXPECT_EQ(insight_->GetCustomerProfile(&ctx, req, &resp).error_code(),
              grpc::StatusCode::NOT_FOUND)
        << resp.golden().golden_id();
  }
  {  // segments: neither bought anything, only the live one is a prospect
    grpc::ClientContext ctx;
    v1::ListSegmentRequest req;
    req.set_segment("prospect");
    v1::ListSegmentResponse resp;
    ASSERT_TRUE(insight_->ListSegment(&ctx, req, &resp).ok());
    ASSERT_EQ(resp.customers_size(), 1);
    EXPECT_EQ(resp.customers(0).golden_id(), live);
  }
  {  // Pareto counts live customers only
    grpc::ClientContext ctx;
    v1::ParetoView resp;
    ASSERT_TRUE(
        insight_->GetParetoView(&ctx, v1::GetParetoViewRequest(), &resp).ok());
    EXPECT_EQ(resp.customers(), 1);
  }
  {  // by id it stays readable, marked dead
    grpc::ClientContext ctx;
    v1::GetCustomerProfileRequest req;
    req.set_golden_id(dead);
    v1::CustomerProfile resp;
    grpc::Status s = insight_->GetCustomerProfile(&ctx, req, &resp);
    ASSERT_TRUE(s.ok()) << Describe(s);
    EXPECT_EQ(resp.golden().dead().reason(), v1::DECEASED);
  }
  EXPECT_THAT(CtlOk({"segment", "prospect"}).out, Not(HasSubstr(dead)));
  EXPECT_THAT(CtlOk({"profile", dead}).out, HasSubstr("DEAD: deceased"));

  // Revived, it is back in every view.
  CtlOk({"dead", "revive", dead});
  EXPECT_THAT(CtlOk({"segment", "prospect"}).out, HasSubstr(dead));
  EXPECT_THAT(CtlOk({"search", "--phone", "13800138000"}).out, HasSubstr(dead));
}

TEST_F(StewardshipTest, StewardActionsEmitTypedEventsWithTheirFields) {
  const std::string a = UpsertId(Person("erp", "E1", "王小明", "13800138000"));
  const std::string b =
      UpsertId(Person("finance", "F1", "李四", "13900139000"));
  const std::string c = UpsertId(Person("erp", "X1", "赵六", "13700137000"));
  const std::string d = UpsertId(Person("erp", "E2", "钱七", "13600136000"));
  ASSERT_EQ(UpsertId(Person("finance", "F2", "钱七", "13600136000")), d);

  CtlOk({"merge", a, b, "--reason", "same person"});
  CtlOk({"split", a, "--record", "finance/F1", "--reason", "twins"});
  const std::string split_out = GoldenOf("finance", "F1");
  ASSERT_NE(split_out, a);
  {
    grpc::ClientContext ctx;
    v1::DeleteRecordRequest req;
    req.set_source("erp");
    req.set_source_record_id("X1");
    v1::DeleteRecordResponse resp;
    ASSERT_TRUE(stub_->DeleteRecord(&ctx, req, &resp).ok());
  }
  CtlOk({"dead", "mark", split_out, "--why", "deceased", "--reason",
         "certificate"});
  CtlOk({"dead", "mark", "--record", "finance/F2", "--why", "fraud"});
  const std::string dead_record = GoldenOf("finance", "F2");
  ASSERT_NE(dead_record, d);
  CtlOk({"dead", "revive", split_out});

  const std::vector<v1::ChangeEvent> events =
      ReadChanges(*lifecycle_, 0, 0, std::chrono::milliseconds(1500));
  // In sequence order, none missing or repeated.
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].sequence(), static_cast<int64_t>(i + 1));
  }
  auto find = [&](v1::ChangeEvent::Type type,
                  const std::string& golden_id) -> const v1::ChangeEvent* {
    for (const v1::ChangeEvent& e : events) {
      if (e.type() == type && e.golden_id() == golden_id) return &e;
    }
    ADD_FAILURE() << v1::ChangeEvent::Type_Name(type) << " " << golden_id;
    return nullptr;
  };
  if (auto* e = find(v1::ChangeEvent::MERGED, a)) {
    EXPECT_EQ(e->from_id(), b);
  }
  if (auto* e = find(v1::ChangeEvent::SPLIT, a)) {
    EXPECT_EQ(e->from_id(), a);
    EXPECT_THAT(e->into_ids(), ::testing::ElementsAre(split_out));
  }
  if (auto* e = find(v1::ChangeEvent::RECORD_MOVED, split_out)) {
    EXPECT_EQ(e->from_id(), a);
    EXPECT_EQ(e->record().source(), "finance");
    EXPECT_EQ(e->record().source_record_id(), "F1");
  }
  if (auto* e = find(v1::ChangeEvent::DELETED, c)) {
    EXPECT_GT(e->version(), 0);
  }
  if (auto* e = find(v1::ChangeEvent::MARKED_DEAD, split_out)) {
    EXPECT_EQ(e->reason(), "deceased: certificate");
  }
  if (auto* e = find(v1::ChangeEvent::MARKED_DEAD, dead_record)) {
    EXPECT_EQ(e->reason(), "fraud");
    EXPECT_EQ(e->record().source_record_id(), "F2");
  }
  find(v1::ChangeEvent::REVIVED, split_out);
  for (const v1::ChangeEvent& e : events) {
    EXPECT_GT(e.time().seconds(), 0) << e.DebugString();
  }

  // mdmctl watch prints the same events, one a line, with their details.
  CommandResult watch =
      CtlOk({"watch", "--max", std::to_string(events.size())});
  EXPECT_THAT(watch.out, HasSubstr("MERGED"));
  EXPECT_THAT(watch.out, HasSubstr(b + " -> " + a));
  EXPECT_THAT(watch.out, HasSubstr(a + " -> " + split_out));
  EXPECT_THAT(watch.out, HasSubstr("finance/F1 from " + a));
  EXPECT_THAT(watch.out, HasSubstr("fraud (finance/F2)"));
  EXPECT_THAT(watch.out, HasSubstr("REVIVED"));
  EXPECT_EQ(std::count(watch.out.begin(), watch.out.end(), '\n'),
            static_cast<long>(events.size()));
}

}  // namespace
}  // namespace mdm::integration
