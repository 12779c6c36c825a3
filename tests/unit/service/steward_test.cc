// Stewardship on the resolution service over a real SQLite store: merge,
// split, constraints that bind later automatic decisions (replays, updates,
// bridging records, a restart with a lower link threshold), etags,
// request_id idempotency, review decisions and the dead registry.
#include <gtest/gtest.h>

#include <filesystem>

#include "hub/service/resolution_service.h"
#include "hub/store/sqlite_store.h"

namespace mdm::service {
namespace {

constexpr int64_t kSecond = 1'000'000;

class StewardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("mdm_steward_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Open({});
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  // (Re)opens store and service, as a restart of the hub does.
  void Open(ServiceOptions options) {
    service_.reset();
    store_.reset();
    auto store = SqliteStore::Open((dir_ / "hub.db").string());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    auto service =
        ResolutionService::Create(store_.get(), &clock_, std::move(options));
    ASSERT_TRUE(service.ok()) << service.status();
    service_ = *std::move(service);
  }

  UpsertResult Upsert(const SourceRecord& r) {
    auto res = service_->Upsert(r);
    EXPECT_TRUE(res.ok()) << res.status();
    return res.ok() ? *res : UpsertResult{};
  }

  std::string GoldenOf(const RecordKey& key) {
    auto x = service_->LookupXref(key);
    EXPECT_TRUE(x.ok()) << x.status();
    return x.ok() ? x->golden_id : "";
  }

  std::vector<RecordKey> Members(const std::string& golden_id) {
    auto g = service_->GetGolden(golden_id);
    EXPECT_TRUE(g.ok()) << g.status();
    return g.ok() ? g->members : std::vector<RecordKey>{};
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

  static StewardContext Note(std::string request_id = "") {
    return {.author = "ann",
            .reason = "checked by phone",
            .request_id = request_id};
  }

  // Two records of one customer (same phone, the name in two scripts).
  void LinkedPair() {
    Upsert(Rec("erp", "E1", "王小明", {"+86 138 0013 8000"}, 1 * kSecond));
    Upsert(Rec("finance", "F1", "王曉明", {"13800138000"}, 2 * kSecond));
    ASSERT_EQ(GoldenOf(e1_), GoldenOf(f1_));
  }

  const RecordKey e1_{"erp", "E1"};
  const RecordKey f1_{"finance", "F1"};
  std::filesystem::path dir_;
  ManualClock clock_{1'700'000'000 * kSecond};
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<ResolutionService> service_;
};

TEST_F(StewardTest, MergeThenSplitRestoresTheOriginalCustomersRecords) {
  const std::string a =
      Upsert(Rec("erp", "E1", "王小明", {"13800138000"}, kSecond)).golden_id;
  const std::string b =
      Upsert(Rec("finance", "F1", "李四", {"13900139000"}, kSecond)).golden_id;
  ASSERT_NE(a, b);

  auto merged = service_->MergeEntities(
      {.survivor = a, .others = {b}, .etags = {}, .context = Note()});
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(merged->entities.front().golden_id, a);
  EXPECT_EQ(merged->merged_ids, std::vector<std::string>{b});
  EXPECT_EQ(GoldenOf(f1_), a);
  EXPECT_EQ(service_->GetGolden(b)->golden_id, a);  // redirect

  auto split = service_->SplitEntity({.golden_id = a,
                                      .records = {f1_},
                                      .etag = merged->entities.front().etag,
                                      .context = Note()});
  ASSERT_TRUE(split.ok()) << split.status();
  ASSERT_EQ(split->entities.size(), 2u);
  const std::string fresh = split->entities[1].golden_id;
  EXPECT_NE(fresh, a);
  EXPECT_NE(fresh, b);
  EXPECT_EQ(Members(a), std::vector<RecordKey>{e1_});
  EXPECT_EQ(Members(fresh), std::vector<RecordKey>{f1_});
}

TEST_F(StewardTest, SplitKeepsRecordsApartAfterReplayUpdateBridgeAndRestart) {
  LinkedPair();
  const std::string g = GoldenOf(e1_);
  auto split = service_->SplitEntity(
      {.golden_id = g, .records = {f1_}, .etag = "", .context = Note()});
  ASSERT_TRUE(split.ok()) << split.status();
  const std::string fresh = split->entities[1].golden_id;

  // Replay of the same data: nothing moves.
  EXPECT_EQ(Upsert(Rec("finance", "F1", "王曉明", {"13800138000"}, 2 * kSecond))
                .outcome,
            Outcome::kUnchanged);
  // A real update is resolved again, and still may not join E1.
  SourceRecord changed =
      Rec("finance", "F1", "王曉明", {"13800138000"}, 3 * kSecond);
  changed.emails = {"wang@example.com"};
  EXPECT_EQ(Upsert(changed).golden_id, fresh);
  // A third record matching both may join one of them, never bridge them.
  Upsert(
      Rec("callcenter", "C1", "Wang Xiaoming", {"13800138000"}, 4 * kSecond));
  EXPECT_NE(GoldenOf(e1_), GoldenOf(f1_));

  // A restart with a far lower link threshold: the decision still holds.
  ServiceOptions lax;
  lax.model.link_threshold = 1;
  lax.model.review_threshold = 0;
  Open(lax);
  changed.updated_at_us = 5 * kSecond;
  changed.emails = {"wang.xm@example.com"};
  Upsert(changed);
  Upsert(Rec("callcenter", "C2", "王小明", {"13800138000"}, 6 * kSecond));
  EXPECT_NE(GoldenOf(e1_), GoldenOf(f1_));
}

TEST_F(StewardTest, MergedRecordsStayTogetherWhenOneNoLongerMatches) {
  const std::string a =
      Upsert(Rec("erp", "E1", "王小明", {"13800138000"}, kSecond)).golden_id;
  const std::string b =
      Upsert(Rec("finance", "F1", "李四", {"13900139000"}, kSecond)).golden_id;
  ASSERT_TRUE(
      service_
          ->MergeEntities(
              {.survivor = a, .others = {b}, .etags = {}, .context = Note()})
          .ok());
  // Without the must-link this update would split F1 off again.
  Upsert(Rec("finance", "F1", "李四", {"13700137000"}, 2 * kSecond));
  EXPECT_EQ(GoldenOf(f1_), a);
}

TEST_F(StewardTest, StaleEtagIsAbortedAndChangesNothing) {
  const std::string a =
      Upsert(Rec("erp", "E1", "王小明", {"13800138000"}, kSecond)).golden_id;
  const std::string b =
      Upsert(Rec("finance", "F1", "李四", {"13900139000"}, kSecond)).golden_id;
  auto merged = service_->MergeEntities(
      {.survivor = a, .others = {b}, .etags = {{a, "v0"}}, .context = Note()});
  EXPECT_TRUE(absl::IsAborted(merged.status())) << merged.status();
  EXPECT_EQ(GoldenOf(f1_), b);
  auto split = service_->SplitEntity(
      {.golden_id = a, .records = {e1_}, .etag = "v9", .context = Note()});
  EXPECT_TRUE(absl::IsAborted(split.status())) << split.status();
}

TEST_F(StewardTest, RequestIdReplayAnswersTheSameWithoutASecondEffect) {
  const std::string a =
      Upsert(Rec("erp", "E1", "王小明", {"13800138000"}, kSecond)).golden_id;
  const std::string b =
      Upsert(Rec("finance", "F1", "李四", {"13900139000"}, kSecond)).golden_id;
  MergeRequest request{
      .survivor = a, .others = {b}, .etags = {}, .context = Note("req-1")};
  auto first = service_->MergeEntities(request);
  ASSERT_TRUE(first.ok()) << first.status();
  const int64_t version = service_->GetGolden(a)->version;

  auto again = service_->MergeEntities(request);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, *first);
  EXPECT_EQ(service_->GetGolden(a)->version, version);

  MergeRequest other = request;
  other.context.reason = "something else";
  EXPECT_TRUE(absl::IsAlreadyExists(service_->MergeEntities(other).status()));

  Open({});  // the answer is kept in the store
  auto after_restart = service_->MergeEntities(request);
  ASSERT_TRUE(after_restart.ok()) << after_restart.status();
  EXPECT_EQ(*after_restart, *first);
}

TEST_F(StewardTest, RejectedReviewLeavesTheQueueAndStaysApart) {
  SourceRecord x = Rec("erp", "A", "张伟", {}, kSecond);
  x.address.postal_code = "100001";
  SourceRecord y = x;
  y.key = {"finance", "B"};
  Upsert(x);
  Upsert(y);
  auto before = service_->ListReviewTasks(std::nullopt, 10);
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->size(), 1u);
  const OpenReview task = before->front();

  auto kept = service_->KeepApart({.record = task.task.record,
                                   .golden_id = task.candidate_golden_id,
                                   .context = Note()});
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_TRUE(service_->ListReviewTasks(std::nullopt, 10)->empty());

  // Even at a threshold that would link them now.
  ServiceOptions lax;
  lax.model.link_threshold = 1;
  lax.model.review_threshold = 0;
  Open(lax);
  y.updated_at_us = 2 * kSecond;
  y.gender = Gender::kMale;
  Upsert(y);
  EXPECT_NE(GoldenOf(x.key), GoldenOf(y.key));
}

TEST_F(StewardTest, DeadCustomerQuarantinesNewRecordsUntilRevived) {
  const std::string g =
      Upsert(Rec("erp", "E1", "王小明", {"13800138000"}, kSecond)).golden_id;
  auto dead = service_->MarkDead({.golden_id = g,
                                  .record = {},
                                  .reason = DeadReason::kDeceased,
                                  .note = "death certificate",
                                  .context = Note()});
  ASSERT_TRUE(dead.ok()) << dead.status();

  SourceRecord call =
      Rec("callcenter", "C1", "王小明", {"13800138000"}, 2 * kSecond);
  UpsertResult r = Upsert(call);
  EXPECT_EQ(r.outcome, Outcome::kQuarantined);
  EXPECT_EQ(r.golden_id, g);
  EXPECT_EQ(r.dead_reason, DeadReason::kDeceased);
  EXPECT_FALSE(service_->LookupXref(call.key).ok());  // not live
  auto held = service_->ListQuarantine({}, 10);
  ASSERT_TRUE(held.ok()) << held.status();
  ASSERT_EQ(held->size(), 1u);
  EXPECT_EQ(held->front().record.key, call.key);
  EXPECT_EQ(held->front().golden_id, g);

  // Out of the live views, still readable.
  EXPECT_TRUE(
      service_->Search({.phone = "13800138000"}, "", 10)->customers.empty());
  EXPECT_TRUE(service_->GetGolden(g).ok());
  EXPECT_TRUE(service_->DeadMarkOf(g)->has_value());
  ASSERT_EQ(service_->ListDead().size(), 1u);

  Open({});  // the registry is persistent
  EXPECT_EQ(Upsert(call).outcome, Outcome::kQuarantined);
  ASSERT_TRUE(service_->Revive({.golden_id = g, .context = Note()}).ok());
  EXPECT_FALSE(service_->DeadMarkOf(g)->has_value());
  EXPECT_EQ(Upsert(call).golden_id, g);
}

TEST_F(StewardTest, DeadRecordIsSplitOutOfItsCustomerFirst) {
  LinkedPair();
  const std::string g = GoldenOf(e1_);
  auto dead = service_->MarkDead({.golden_id = "",
                                  .record = f1_,
                                  .reason = DeadReason::kInvalidData,
                                  .note = "",
                                  .context = Note()});
  ASSERT_TRUE(dead.ok()) << dead.status();
  const std::string gone = dead->entities.front().golden_id;
  EXPECT_NE(gone, g);
  EXPECT_EQ(Members(g), std::vector<RecordKey>{e1_});
  EXPECT_FALSE(service_->DeadMarkOf(g)->has_value());
  EXPECT_TRUE(service_->DeadMarkOf(gone)->has_value());
}

TEST_F(StewardTest, SplitRefusesForeignOrAllRecords) {
  LinkedPair();
  const std::string g = GoldenOf(e1_);
  auto all = service_->SplitEntity(
      {.golden_id = g, .records = {e1_, f1_}, .etag = "", .context = Note()});
  EXPECT_TRUE(absl::IsFailedPrecondition(all.status())) << all.status();
  auto foreign = service_->SplitEntity({.golden_id = g,
                                        .records = {{"erp", "nope"}},
                                        .etag = "",
                                        .context = Note()});
  EXPECT_TRUE(absl::IsInvalidArgument(foreign.status())) << foreign.status();
  EXPECT_EQ(GoldenOf(f1_), g);
}

}  // namespace
}  // namespace mdm::service
