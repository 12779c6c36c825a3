// Stewardship end to end: the real mdm-hub and mdmctl over gRPC on
// 127.0.0.1. Merge then split; a split (cannot-link) that survives re-ingest
// and a hub restarted with a far lower link threshold; stale etags; request_id
// replays; a dead customer's new call-center record quarantined and reported
// in its ingest result.
#include <fstream>
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "mdm/v1/stewardship.grpc.pb.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/rpc_status.h"

namespace mdm::integration {
namespace {

using ::testing::HasSubstr;

v1::SourceRecord Person(const std::string& source, const std::string& id,
                        const std::string& name, const std::string& phone) {
  v1::SourceRecord r;
  r.set_source(source);
  r.set_source_record_id(id);
  r.set_kind(v1::PERSON);
  r.set_name(name);
  r.add_phones(phone);
  r.mutable_updated_at()->set_seconds(1'700'000'000);
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

  ScopedTempDir dir_;
  std::unique_ptr<HubProcess> hub_;
  std::unique_ptr<v1::CustomerHub::Stub> stub_;
  std::unique_ptr<v1::Stewardship::Stub> steward_;
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

}  // namespace
}  // namespace mdm::integration
