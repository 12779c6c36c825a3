// Several resolution services (as several hub replicas would run them) on one
// real MariaDB database: what one writes, the others see before deciding, and
// a race lost at commit is resolved again instead of splitting a customer.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "hub/common/clock.h"
#include "hub/service/resolution_service.h"
#include "hub/store/forwarding_store.h"
#include "hub/store/mysql_store.h"
#include "tests/unit/store/mysql_test_server.h"

namespace mdm::service {
namespace {

constexpr int64_t kSecond = 1'000'000;

std::string FreshDatabase() {
  static std::atomic<int> counter{0};
  return absl::StrCat("mdm_r", getpid(), "_", counter.fetch_add(1));
}

std::unique_ptr<MysqlStore> OpenStore(const std::string& database) {
  absl::StatusOr<testing::MysqlTestServer> server =
      testing::MysqlTestServer::FromEnv();
  EXPECT_TRUE(server.ok()) << server.status();
  if (!server.ok()) return nullptr;
  MysqlOptions o;
  o.servers = {{server->host, server->port}};
  o.user = server->user;
  o.password = server->password;
  o.database = database;
  o.pool_size = 3;
  auto store = MysqlStore::Open(o);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

// A real store that runs a hook once, just before its next commit: the moment
// another hub's write must land to make this one lose the race.
class RacingStore final : public ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;
  void BeforeNextApply(std::function<void()> hook) { hook_ = std::move(hook); }

  using Store::Apply;
  absl::Status Apply(absl::Span<const ChangeSet> changes,
                     absl::Span<const Guard> guards) override {
    if (hook_) std::exchange(hook_, nullptr)();
    return ForwardingStore::Apply(changes, guards);
  }

 private:
  std::function<void()> hook_;
};

SourceRecord Rec(std::string source, std::string id, std::string name,
                 std::vector<std::string> phones,
                 std::vector<std::string> emails = {}) {
  SourceRecord r;
  r.key = {std::move(source), std::move(id)};
  r.name = std::move(name);
  r.phones = std::move(phones);
  r.emails = std::move(emails);
  r.updated_at_us = 1'700'000'000 * kSecond;
  return r;
}

std::unique_ptr<ResolutionService> Service(Store* store, const Clock* clock) {
  auto service = ResolutionService::Create(store, clock, {});
  EXPECT_TRUE(service.ok()) << service.status();
  return service.ok() ? *std::move(service) : nullptr;
}

UpsertResult MustUpsert(ResolutionService& s, const SourceRecord& r) {
  absl::StatusOr<UpsertResult> res = s.Upsert(r);
  EXPECT_TRUE(res.ok()) << res.status();
  return res.ok() ? *res : UpsertResult{};
}

// Record keys grouped by golden id, as a set of groups: comparable between
// runs whose ids differ.
std::set<std::set<std::string>> Partition(Store& store) {
  std::map<std::string, std::set<std::string>> by_golden;
  RecordKey after;
  while (true) {
    absl::StatusOr<std::vector<Xref>> page = store.ListXrefs(after, 500);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok() || page->empty()) break;
    for (const Xref& x : *page) {
      by_golden[x.golden_id].insert(
          absl::StrCat(x.record.source, "/", x.record.source_record_id));
    }
    after = page->back().record;
  }
  std::set<std::set<std::string>> out;
  for (auto& [id, keys] : by_golden) out.insert(std::move(keys));
  return out;
}

class ReplicaResolutionTest : public ::testing::Test {
 protected:
  // Two hubs on one fresh database.
  void OpenTwoHubs() {
    const std::string db = FreshDatabase();
    store_a_ = OpenStore(db);
    store_b_ = OpenStore(db);
    ASSERT_TRUE(store_a_ && store_b_);
    a_ = Service(store_a_.get(), &clock_);
    b_ = Service(store_b_.get(), &clock_);
    ASSERT_TRUE(a_ && b_);
  }

  ManualClock clock_{1'700'000'000 * kSecond};
  std::unique_ptr<MysqlStore> store_a_, store_b_;
  std::unique_ptr<ResolutionService> a_, b_;
};

TEST_F(ReplicaResolutionTest, HubSeesWhatAnotherHubWroteBeforeDeciding) {
  ASSERT_NO_FATAL_FAILURE(OpenTwoHubs());
  ResolutionService& a = *a_;
  ResolutionService& b = *b_;

  UpsertResult first =
      MustUpsert(a, Rec("erp", "1", "王小明", {"+86 138 0013 8000"}));
  // B loaded its cache before A wrote; it must still link, not create.
  UpsertResult second =
      MustUpsert(b, Rec("finance", "1", "王曉明", {"0086 138 0013 8000"},
                        {"xiaoming@example.cn"}));
  EXPECT_EQ(second.outcome, Outcome::kLinked);
  EXPECT_EQ(second.golden_id, first.golden_id);
  // A links a record that shares only the e-mail B wrote.
  UpsertResult third = MustUpsert(
      a, Rec("callcenter", "9", "Wang Xiaoming", {}, {"XiaoMing@example.cn"}));
  EXPECT_EQ(third.golden_id, first.golden_id);

  // Reads on B answer from what A wrote last.
  absl::StatusOr<ResolutionService::Resolution> found =
      b.Resolve(Rec("", "", "", {}, {"xiaoming@example.cn"}), 5);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_FALSE(found->candidates.empty());
  EXPECT_EQ(found->candidates.front().golden_id, first.golden_id);
  EXPECT_EQ(found->candidates.front().golden.members.size(), 3u);
}

TEST_F(ReplicaResolutionTest, StewardDecisionsOnOneHubBindTheOther) {
  ASSERT_NO_FATAL_FAILURE(OpenTwoHubs());
  ResolutionService& a = *a_;
  ResolutionService& b = *b_;
  const std::string g =
      MustUpsert(a, Rec("erp", "1", "王小明", {"+86 138 0013 8000"})).golden_id;
  MustUpsert(a, Rec("finance", "1", "王曉明", {"13800138000"}));

  // A splits the pair; B, whose rules were loaded before, keeps it apart.
  absl::StatusOr<StewardResult> split = a.SplitEntity(
      {.golden_id = g,
       .records = {{"finance", "1"}},
       .etag = "",
       .context = {.author = "ann", .reason = "", .request_id = ""}});
  ASSERT_TRUE(split.ok()) << split.status();
  SourceRecord changed =
      Rec("finance", "1", "王曉明", {"13800138000"}, {"wang@example.cn"});
  changed.updated_at_us += kSecond;
  EXPECT_EQ(MustUpsert(b, changed).golden_id, split->entities[1].golden_id);

  // A marks the customer dead; B quarantines a new record of it.
  ASSERT_TRUE(
      a.MarkDead({.golden_id = g,
                  .record = {},
                  .reason = DeadReason::kDeceased,
                  .note = "",
                  .context = {.author = "ann", .reason = "", .request_id = ""}})
          .ok());
  UpsertResult call =
      MustUpsert(b, Rec("callcenter", "5", "王小明", {"13800138000"}));
  EXPECT_EQ(call.outcome, Outcome::kQuarantined);
  EXPECT_EQ(call.golden_id, g);
}

TEST_F(ReplicaResolutionTest, RaceLostAtCommitIsResolvedAgain) {
  const std::string db = FreshDatabase();
  auto racing = std::make_unique<RacingStore>(OpenStore(db));
  std::unique_ptr<MysqlStore> store_b = OpenStore(db);
  ASSERT_TRUE(store_b);
  auto a = Service(racing.get(), &clock_);
  auto b = Service(store_b.get(), &clock_);
  ASSERT_TRUE(a && b);

  // B commits the same customer between A's decision and A's commit.
  UpsertResult from_b;
  racing->BeforeNextApply([&] {
    from_b = MustUpsert(*b, Rec("finance", "7", "李娜", {"13912345678"}));
  });
  UpsertResult from_a =
      MustUpsert(*a, Rec("erp", "7", "李娜", {"+86 139 1234 5678"}));

  EXPECT_EQ(from_b.outcome, Outcome::kCreated);
  EXPECT_EQ(from_a.outcome, Outcome::kLinked);
  EXPECT_EQ(from_a.golden_id, from_b.golden_id);
  EXPECT_EQ(a->GetStats().guard_conflicts, 1);
  absl::StatusOr<Store::Stats> stats = store_b->GetStats();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->records, 2);
  EXPECT_EQ(stats->entities, 1);
}

// Customers with three records each (one per source) plus loners; every
// record sent to one of two hubs, a quarter of them to both.
std::vector<SourceRecord> Customers(int n) {
  std::vector<SourceRecord> out;
  const char* surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄"};
  for (int i = 0; i < n; ++i) {
    const std::string phone = absl::StrCat("13", 100000000 + i * 7919);
    const char* given[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊",
                           "军", "洋", "勇", "艳", "杰", "娟", "涛", "明"};
    const std::string name =
        absl::StrCat(surnames[i % 8], given[i % 16], given[(i / 16) % 16]);
    out.push_back(Rec("erp", absl::StrCat("E", i), name, {phone}));
    out.push_back(Rec("finance", absl::StrCat("F", i), name, {phone},
                      {absl::StrCat("c", i, "@example.cn")}));
    out.push_back(Rec("callcenter", absl::StrCat("C", i), name, {},
                      {absl::StrCat("C", i, "@Example.cn")}));
  }
  return out;
}

TEST_F(ReplicaResolutionTest, TwoHubsIngestingOverlappingDataAgreeWithOneHub) {
  const std::vector<SourceRecord> records = Customers(150);

  // Reference: one hub, everything in order.
  std::unique_ptr<MysqlStore> single = OpenStore(FreshDatabase());
  ASSERT_TRUE(single);
  {
    auto hub = Service(single.get(), &clock_);
    ASSERT_TRUE(hub);
    ASSERT_TRUE(hub->UpsertBatch(records).ok());
  }

  ASSERT_NO_FATAL_FAILURE(OpenTwoHubs());
  ResolutionService& a = *a_;
  ResolutionService& b = *b_;
  std::vector<SourceRecord> to_a, to_b;
  std::mt19937 rng(7);
  for (size_t i = 0; i < records.size(); ++i) {
    const int where = static_cast<int>(rng() % 4);  // 0: both
    if (where != 1) to_a.push_back(records[i]);
    if (where != 2) to_b.push_back(records[i]);
  }
  std::shuffle(to_a.begin(), to_a.end(), rng);
  std::shuffle(to_b.begin(), to_b.end(), rng);
  auto ingest = [](ResolutionService& hub,
                   const std::vector<SourceRecord>& rs) {
    for (size_t i = 0; i < rs.size(); i += 20) {
      const size_t n = std::min<size_t>(20, rs.size() - i);
      auto res = hub.UpsertBatch(absl::MakeConstSpan(rs).subspan(i, n));
      ASSERT_TRUE(res.ok()) << res.status();
      for (const auto& r : *res) ASSERT_TRUE(r.ok()) << r.status();
    }
  };
  std::thread ta([&] { ingest(a, to_a); });
  std::thread tb([&] { ingest(b, to_b); });
  ta.join();
  tb.join();

  const std::set<std::set<std::string>> expected = Partition(*single);
  EXPECT_EQ(expected.size(), 150u);
  EXPECT_EQ(Partition(*store_a_), expected);
  absl::StatusOr<Store::Stats> stats = store_a_->GetStats();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->records, static_cast<int64_t>(records.size()));
  EXPECT_EQ(stats->entities, 150);
  std::cout << "guard conflicts: hub A " << a.GetStats().guard_conflicts
            << ", hub B " << b.GetStats().guard_conflicts << "\n";
}

}  // namespace
}  // namespace mdm::service
