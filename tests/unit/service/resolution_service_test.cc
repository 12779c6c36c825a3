#include "hub/service/resolution_service.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "hub/common/errors.h"
#include "hub/store/sqlite_store.h"

namespace mdm::service {
namespace {

constexpr int64_t kSecond = 1'000'000;

class ResolutionServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("mdm_service_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Open();
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  // (Re)opens store and service, as a restart of the hub does.
  void Open() {
    service_.reset();
    store_.reset();
    auto store = SqliteStore::Open((dir_ / "hub.db").string());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    auto service = ResolutionService::Create(store_.get(), &clock_, {});
    ASSERT_TRUE(service.ok()) << service.status();
    service_ = *std::move(service);
  }

  UpsertResult Upsert(const SourceRecord& r) {
    auto res = service_->Upsert(r);
    EXPECT_TRUE(res.ok()) << res.status();
    return res.ok() ? *res : UpsertResult{};
  }

  static SourceRecord Rec(std::string source, std::string id, std::string name,
                          std::vector<std::string> phones, int64_t t) {
    SourceRecord r;
    r.key = {std::move(source), std::move(id)};
    r.name = std::move(name);
    r.phones = std::move(phones);
    r.updated_at_us = t;
    return r;
  }

  std::filesystem::path dir_;
  ManualClock clock_{1'700'000'000 * kSecond};
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<ResolutionService> service_;
};

TEST_F(ResolutionServiceTest,
       SameCustomerFromThreeSourcesBecomesOneGoldenRecord) {
  UpsertResult a =
      Upsert(Rec("erp", "C1", "王小明", {"+86 138 0013 8000"}, 1 * kSecond));
  UpsertResult b = Upsert(
      Rec("finance", "F1", "王曉明", {"0086-138-0013-8000"}, 2 * kSecond));
  UpsertResult c = Upsert(
      Rec("callcenter", "CC1", "Wang Xiaoming", {"13800138000"}, 3 * kSecond));
  EXPECT_EQ(a.outcome, Outcome::kCreated);
  EXPECT_EQ(b.outcome, Outcome::kLinked);
  EXPECT_EQ(c.outcome, Outcome::kLinked);
  EXPECT_EQ(a.golden_id, b.golden_id);
  EXPECT_EQ(a.golden_id, c.golden_id);

  auto g = service_->GetGolden(a.golden_id);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->members.size(), 3u);
  EXPECT_EQ(g->full_name->value, "Wang Xiaoming");  // newest
  EXPECT_EQ(g->full_name->lineage.record.source, "callcenter");
  ASSERT_EQ(g->phones.size(), 1u);
  EXPECT_EQ(g->phones[0].support, 3);
  EXPECT_EQ(g->version, 3);
}

TEST_F(ResolutionServiceTest, CommonNameWithDifferentDetailsStaysSeparate) {
  SourceRecord a = Rec("erp", "C1", "王伟", {"13800138000"}, kSecond);
  a.birth_date = "1980-01-02";
  SourceRecord b = Rec("erp", "C2", "王伟", {"13900139000"}, kSecond);
  b.birth_date = "1975-06-30";
  EXPECT_NE(Upsert(a).golden_id, Upsert(b).golden_id);
}

TEST_F(ResolutionServiceTest, ReplayChangesNothingAndOlderDataNeverOverwrites) {
  SourceRecord r = Rec("erp", "C1", "王小明", {"13800138000"}, 10 * kSecond);
  UpsertResult first = Upsert(r);
  UpsertResult replay = Upsert(r);
  EXPECT_EQ(replay.outcome, Outcome::kUnchanged);
  EXPECT_EQ(replay.golden_id, first.golden_id);
  EXPECT_EQ(replay.golden_version, first.golden_version);

  SourceRecord older = r;
  older.name = "王大明";
  older.updated_at_us = 5 * kSecond;
  EXPECT_EQ(Upsert(older).outcome, Outcome::kStale);
  EXPECT_EQ(service_->GetGolden(first.golden_id)->full_name->value, "王小明");
  EXPECT_EQ(service_->GetGolden(first.golden_id)->version,
            first.golden_version);
}

TEST_F(ResolutionServiceTest, BridgingRecordMergesAndOldIdRedirects) {
  UpsertResult a = Upsert(Rec("erp", "C1", "Li Na", {"13800138000"}, kSecond));
  SourceRecord other = Rec("finance", "F1", "Li Na", {}, kSecond);
  other.emails = {"lina@example.com"};
  UpsertResult b = Upsert(other);
  ASSERT_NE(a.golden_id, b.golden_id);

  SourceRecord bridge =
      Rec("callcenter", "CC1", "李娜", {"138 0013 8000"}, 2 * kSecond);
  bridge.emails = {"LiNa@Example.com"};
  UpsertResult c = Upsert(bridge);
  EXPECT_EQ(c.outcome, Outcome::kMerged);
  EXPECT_EQ(c.golden_id, a.golden_id);  // the older id survives
  EXPECT_EQ(c.merged_ids, std::vector<std::string>{b.golden_id});

  auto via_old = service_->GetGolden(b.golden_id);
  ASSERT_TRUE(via_old.ok());
  EXPECT_EQ(via_old->golden_id, a.golden_id);
  EXPECT_EQ(via_old->merged_ids, std::vector<std::string>{b.golden_id});
  EXPECT_EQ(service_->LookupXref({"finance", "F1"})->golden_id, a.golden_id);
}

TEST_F(ResolutionServiceTest, UpdatedRecordThatNoLongerMatchesSplitsOff) {
  UpsertResult a =
      Upsert(Rec("erp", "C1", "Zhang San", {"13800138000"}, kSecond));
  UpsertResult b =
      Upsert(Rec("crm", "K1", "Zhang San", {"13800138000"}, kSecond));
  ASSERT_EQ(a.golden_id, b.golden_id);
  UpsertResult moved =
      Upsert(Rec("crm", "K1", "Chen Jie", {"13700137000"}, 2 * kSecond));
  EXPECT_EQ(moved.outcome, Outcome::kUpdated);
  EXPECT_NE(moved.golden_id, a.golden_id);
  EXPECT_EQ(service_->GetGolden(a.golden_id)->members.size(), 1u);
}

TEST_F(ResolutionServiceTest, DeleteRecomputesThenDeletesTheEntity) {
  UpsertResult a =
      Upsert(Rec("erp", "C1", "Zhang San", {"13800138000"}, kSecond));
  Upsert(Rec("crm", "K1", "张三", {"13800138000"}, 2 * kSecond));
  auto d1 = service_->Delete({"crm", "K1"}, 3 * kSecond);
  ASSERT_TRUE(d1.ok()) << d1.status();
  EXPECT_FALSE(d1->entity_deleted);
  EXPECT_EQ(service_->GetGolden(a.golden_id)->full_name->value, "Zhang San");

  auto d2 = service_->Delete({"erp", "C1"}, 3 * kSecond);
  ASSERT_TRUE(d2.ok());
  EXPECT_TRUE(d2->entity_deleted);
  auto gone = service_->GetGolden(a.golden_id);
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(gone.status().message().find("deleted"), absl::string_view::npos);

  // Deleting again is harmless; an unknown record is NotFound.
  EXPECT_TRUE(service_->Delete({"erp", "C1"}, 0).ok());
  EXPECT_EQ(service_->Delete({"erp", "nope"}, 0).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(ResolutionServiceTest, RetractedRecordIsNotResurrectedByOlderUpsert) {
  SourceRecord r = Rec("erp", "C1", "Zhang San", {"13800138000"}, 5 * kSecond);
  Upsert(r);
  ASSERT_TRUE(service_->Delete(r.key, 6 * kSecond).ok());
  EXPECT_EQ(Upsert(r).outcome, Outcome::kStale);
  r.updated_at_us = 7 * kSecond;
  EXPECT_EQ(Upsert(r).outcome, Outcome::kCreated);
}

TEST_F(ResolutionServiceTest, DeletionOlderThanLastUpdateIsIgnored) {
  SourceRecord r = Rec("erp", "C1", "Zhang San", {"13800138000"}, 5 * kSecond);
  UpsertResult a = Upsert(r);
  auto d = service_->Delete(r.key, 4 * kSecond);
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->entity_deleted);
  EXPECT_TRUE(service_->LookupXref(r.key).ok());
  EXPECT_EQ(service_->LookupXref(r.key)->golden_id, a.golden_id);
}

TEST_F(ResolutionServiceTest, BadRecordFailsAloneInABatch) {
  std::vector<SourceRecord> batch = {
      Rec("erp", "C1", "Zhang San", {}, kSecond),
      Rec("erp", "", "No Id", {}, kSecond),
      Rec("erp", "C3", "Li Si", {}, kSecond),
  };
  auto results = service_->UpsertBatch(batch);
  ASSERT_TRUE(results.ok());
  EXPECT_TRUE((*results)[0].ok());
  EXPECT_EQ((*results)[1].status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf((*results)[1].status()), "record.source_record_id");
  EXPECT_TRUE((*results)[2].ok());
}

TEST_F(ResolutionServiceTest, UnparseableValuesAreKeptWarnedAndNotMatched) {
  SourceRecord r = Rec("erp", "C1", "Zhang San", {"12345"}, kSecond);
  r.birth_date = "1985-13-40";
  UpsertResult res = Upsert(r);
  ASSERT_EQ(res.warnings.size(), 2u);
  EXPECT_EQ(res.warnings[0].field, "birth_date");
  EXPECT_EQ(res.warnings[1].field, "phones[0]");
  auto stored = service_->ListEntityRecords(res.golden_id, {}, 10);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ((*stored)[0].record.birth_date, "1985-13-40");  // raw value kept
  EXPECT_FALSE(service_->GetGolden(res.golden_id)->birth_date.has_value());
}

TEST_F(ResolutionServiceTest, RestartGivesIdenticalAnswers) {
  std::vector<std::string> ids;
  ids.push_back(
      Upsert(Rec("erp", "C1", "王小明", {"13800138000"}, kSecond)).golden_id);
  ids.push_back(Upsert(Rec("finance", "F1", "王曉明", {"13800138000"}, kSecond))
                    .golden_id);
  ids.push_back(
      Upsert(Rec("erp", "C2", "李娜", {"13900139000"}, kSecond)).golden_id);
  auto before = service_->GetGolden(ids[0]);
  auto xrefs_before = service_->ListXrefs({}, 100);
  Open();
  EXPECT_EQ(*service_->GetGolden(ids[0]), *before);
  EXPECT_EQ(*service_->ListXrefs({}, 100), *xrefs_before);
  // The index came back too: a new matching record links, a new id is fresh.
  UpsertResult again = Upsert(
      Rec("callcenter", "CC1", "Wang Xiaoming", {"13800138000"}, 2 * kSecond));
  EXPECT_EQ(again.golden_id, ids[0]);
  UpsertResult fresh = Upsert(
      Rec("callcenter", "CC2", "Zhou Jie", {"13600136000"}, 2 * kSecond));
  EXPECT_GT(fresh.golden_id, ids[2]);
}

TEST_F(ResolutionServiceTest, FailedCommitLeavesNoTrace) {
  Upsert(Rec("erp", "C1", "王小明", {"13800138000"}, kSecond));
  store_->TEST_FailNextApplyAfter(0);
  auto failed = service_->UpsertBatch(std::vector<SourceRecord>{
      Rec("finance", "F1", "王小明", {"13800138000"}, kSecond)});
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(service_->LookupXref({"finance", "F1"}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->GetStats().records, 1u);
  // The same record goes in fine afterwards.
  EXPECT_EQ(
      Upsert(Rec("finance", "F1", "王小明", {"13800138000"}, kSecond)).outcome,
      Outcome::kLinked);
}

TEST_F(ResolutionServiceTest, PipelinedBatchesCommitInSubmissionOrder) {
  std::vector<int> order;
  absl::Mutex mu;
  absl::Notification all_done;
  constexpr int kBatches = 20;
  for (int i = 0; i < kBatches; ++i) {
    std::vector<SourceRecord> batch = {Rec("erp", "C" + std::to_string(i),
                                           "Zhang San", {"13800138000"},
                                           (i + 1) * kSecond)};
    service_->SubmitBatch(batch, [&, i](auto results) {
      EXPECT_TRUE(results.ok()) << results.status();
      bool last;
      {
        absl::MutexLock lock(&mu);
        order.push_back(i);
        last = order.size() == kBatches;
      }
      // Outside the lock: the test thread may destroy `mu` once notified.
      if (last) all_done.Notify();
    });
  }
  ASSERT_TRUE(all_done.WaitForNotificationWithTimeout(absl::Seconds(30)));
  std::vector<int> expected(kBatches);
  for (int i = 0; i < kBatches; ++i) expected[i] = i;
  EXPECT_EQ(order, expected);
  // Each batch built on the previous ones: one customer with every record.
  auto x = service_->LookupXref({"erp", "C0"});
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(service_->GetGolden(x->golden_id)->members.size(),
            static_cast<size_t>(kBatches));
}

TEST_F(ResolutionServiceTest,
       BatchResolvedOnTopOfAFailedCommitIsResolvedAgain) {
  UpsertResult c1 =
      Upsert(Rec("erp", "C1", "王小明", {"13800138000"}, kSecond));
  store_->TEST_FailNextApplyAfter(0);
  absl::Notification first_done, second_done;
  absl::Status first, second;
  service_->SubmitBatch(
      std::vector<SourceRecord>{
          Rec("finance", "F1", "王小明", {"13800138000"}, kSecond)},
      [&](auto r) {
        first = r.status();
        first_done.Notify();
      });
  service_->SubmitBatch(
      std::vector<SourceRecord>{
          Rec("callcenter", "CC1", "Wang Xiaoming", {"13800138000"}, kSecond)},
      [&](auto r) {
        second = r.status();
        second_done.Notify();
      });
  first_done.WaitForNotification();
  second_done.WaitForNotification();
  EXPECT_FALSE(first.ok());
  EXPECT_EQ(service_->LookupXref({"finance", "F1"}).status().code(),
            absl::StatusCode::kNotFound);
  // Whether or not the second batch was resolved on top of the failed one,
  // it lands whole, on what the store holds.
  EXPECT_TRUE(second.ok()) << second;
  auto cc = service_->LookupXref({"callcenter", "CC1"});
  ASSERT_TRUE(cc.ok()) << cc.status();
  EXPECT_EQ(cc->golden_id, c1.golden_id);
  EXPECT_EQ(service_->GetStats().records, 2u);
  auto g = service_->GetGolden(c1.golden_id);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->members.size(), 2u);
}

TEST_F(ResolutionServiceTest, DoubtfulPairIsKeptApartAsAReviewTask) {
  auto rec = [](std::string source, std::string id,
                std::vector<std::string> phones) {
    SourceRecord r = Rec(std::move(source), std::move(id), "张伟",
                         std::move(phones), kSecond);
    r.address.postal_code = "100001";
    return r;
  };
  // Same name and postcode, nothing else: in the review band.
  UpsertResult a = Upsert(rec("erp", "A", {}));
  UpsertResult b = Upsert(rec("finance", "B", {}));
  EXPECT_EQ(b.outcome, Outcome::kCreated);
  EXPECT_NE(a.golden_id, b.golden_id);
  auto open = service_->ListReviewTasks(std::nullopt, 10);
  ASSERT_TRUE(open.ok()) << open.status();
  ASSERT_EQ(open->size(), 1u);
  const OpenReview& task = open->front();
  EXPECT_EQ(task.task.record, (RecordKey{"finance", "B"}));
  EXPECT_EQ(task.record_golden_id, b.golden_id);
  EXPECT_EQ(task.candidate_golden_id, a.golden_id);
  EXPECT_GE(task.task.score, 8.0);
  EXPECT_LT(task.task.score, 12.0);
  EXPECT_EQ(*service_->ReviewQueueSize(), 1);

  // Both sides learn the same phone: the pair links, the task is settled.
  clock_.Advance(kSecond);
  Upsert(rec("erp", "A", {"13900001111"}));
  UpsertResult b2 = Upsert(rec("finance", "B", {"13900001111"}));
  EXPECT_EQ(b2.golden_id, a.golden_id);
  open = service_->ListReviewTasks(std::nullopt, 10);
  ASSERT_TRUE(open.ok()) << open.status();
  EXPECT_TRUE(open->empty());
}

TEST_F(ResolutionServiceTest, ResolveRanksCandidatesWithoutChangingAnything) {
  UpsertResult a = Upsert(Rec("erp", "C1", "王小明", {"13800138000"}, kSecond));
  Upsert(Rec("erp", "C2", "王小红", {"13900139000"}, kSecond));
  SourceRecord probe;
  probe.name = "Wang Xiaoming";
  probe.phones = {"+86 138-0013-8000"};
  auto r = service_->Resolve(probe, 5);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_FALSE(r->candidates.empty());
  EXPECT_EQ(r->candidates[0].golden_id, a.golden_id);
  EXPECT_TRUE(r->candidates[0].link);
  EXPECT_GT(r->candidates[0].probability, 0.9);
  EXPECT_EQ(service_->GetStats().records, 2u);
}

TEST_F(ResolutionServiceTest, SearchFindsByAnyScriptPhoneFormatAndPages) {
  UpsertResult a = Upsert(Rec("erp", "C1", "王小明", {"13800138000"}, kSecond));
  SourceRecord other = Rec("erp", "C2", "王小明", {"13900139000"}, kSecond);
  other.birth_date = "1990-01-01";
  SourceRecord first_again =
      Rec("erp", "C3", "王小明", {"13700137000"}, kSecond);
  first_again.birth_date = "1970-05-05";
  UpsertResult b = Upsert(other);
  Upsert(first_again);

  auto by_phone = service_->Search({.phone = "+86 138 0013 8000"}, "", 10);
  ASSERT_TRUE(by_phone.ok());
  ASSERT_EQ(by_phone->customers.size(), 1u);
  EXPECT_EQ(by_phone->customers[0].golden_id, a.golden_id);

  auto by_name = service_->Search({.name = "XIAOMING WANG"}, "", 2);
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(by_name->customers.size(), 2u);
  EXPECT_TRUE(by_name->more);
  auto next = service_->Search({.name = "王曉明"},
                               by_name->customers.back().golden_id, 2);
  EXPECT_EQ(next->customers.size(), 1u);
  EXPECT_FALSE(next->more);

  auto both =
      service_->Search({.name = "王小明", .phone = "13900139000"}, "", 10);
  ASSERT_EQ(both->customers.size(), 1u);
  EXPECT_EQ(both->customers[0].golden_id, b.golden_id);

  auto bad = service_->Search({.phone = "abc"}, "", 10);
  EXPECT_EQ(FieldOf(bad.status()), "phone");
  EXPECT_EQ(FieldOf(service_->Search({}, "", 10).status()), "name");
}

}  // namespace
}  // namespace mdm::service
