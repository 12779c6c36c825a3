#include "tests/unit/store/store_contract_test.h"

#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/unit/store/store_test_util.h"

namespace mdm::testing {

void StoreContractTest::SetUp() {
  std::string tmpl =
      (std::filesystem::path(::testing::TempDir()) / "store-XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  dir_ = tmpl;
  store_ = Must(GetParam().open(dir_));
}

void StoreContractTest::TearDown() {
  store_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void StoreContractTest::Reopen() {
  store_.reset();
  store_ = Must(GetParam().open(dir_));
}

namespace {

std::vector<Xref> AllXrefs(Store& store, int page) {
  std::vector<Xref> all;
  RecordKey after;
  while (true) {
    std::vector<Xref> got = Must(store.ListXrefs(after, page));
    all.insert(all.end(), got.begin(), got.end());
    if (static_cast<int>(got.size()) < page) return all;
    after = got.back().record;
  }
}

TEST_P(StoreContractTest, EmptyStoreAnswersNothing) {
  RecordKey key{"erp", "1"};
  EXPECT_EQ(Must(store_->GetRecord(key)), std::nullopt);
  EXPECT_EQ(Must(store_->GetTombstone(key)), std::nullopt);
  EXPECT_EQ(Must(store_->GetEntity("G1")), std::nullopt);
  EXPECT_EQ(Must(store_->ResolveRedirect("G1")), std::nullopt);
  EXPECT_FALSE(Must(store_->IsEntityDeleted("G1")));
  EXPECT_TRUE(Must(store_->ListEntityRecords("G1", {}, 10)).empty());
  EXPECT_TRUE(Must(store_->ListXrefs({}, 10)).empty());
  EXPECT_EQ(Must(store_->GetGuardVersions({1, 2})),
            (std::vector<int64_t>{0, 0}));
  EXPECT_TRUE(Must(store_->ListBlockPostings(7)).empty());
  Store::Stats stats = Must(store_->GetStats());
  EXPECT_EQ(stats.records, 0);
  EXPECT_EQ(stats.entities, 0);
  MDM_EXPECT_OK(store_->Apply({}));
}

TEST_P(StoreContractTest, RecordRoundTripsEveryField) {
  StoredRecord full = FullRecord();
  StoredRecord bare = Rec("erp", "bare", "G2");
  bare.record.name.clear();
  MDM_ASSERT_OK(store_->Apply({Upserts({full, bare})}));
  EXPECT_EQ(Must(store_->GetRecord(full.record.key)), full);
  EXPECT_EQ(Must(store_->GetRecord(bare.record.key)), bare);
  EXPECT_EQ(Must(store_->ListEntityRecords(full.golden_id, {}, 10)),
            std::vector<StoredRecord>{full});
}

TEST_P(StoreContractTest, EntityRoundTripsEveryField) {
  GoldenRecord full = FullEntity();
  GoldenRecord bare = Entity("G-bare", 0);
  MDM_ASSERT_OK(store_->Apply({Upserts({}, {full, bare})}));
  EXPECT_EQ(Must(store_->GetEntity(full.golden_id)), full);
  EXPECT_EQ(Must(store_->GetEntity(bare.golden_id)), bare);
  EXPECT_EQ(Must(store_->GetStats()).entities, 2);
}

TEST_P(StoreContractTest, UpsertReplacesByKeyAndLaterChangeSetWins) {
  StoredRecord a = Rec("erp", "1", "G1");
  StoredRecord b = Rec("erp", "1", "G2");
  b.record.name = "second";
  GoldenRecord e1 = Entity("G1", 1), e2 = Entity("G1", 2);
  MDM_ASSERT_OK(store_->Apply({Upserts({a}, {e1}), Upserts({b}, {e2})}));
  EXPECT_EQ(Must(store_->GetRecord(a.record.key)), b);
  EXPECT_EQ(Must(store_->GetEntity("G1")), e2);
  EXPECT_TRUE(Must(store_->ListEntityRecords("G1", {}, 10)).empty());
  EXPECT_EQ(Must(store_->GetStats()).records, 1);
}

TEST_P(StoreContractTest, ApplyIsAllOrNothing) {
  MDM_ASSERT_OK(store_->Apply({Upserts({Rec("erp", "0", "G0")})}));
  ChangeSet first = Upserts({Rec("erp", "1", "G1")}, {Entity("G1")});
  first.redirects = {{"G9", "G1"}};
  first.record_blocks = {{11, 12}};
  ChangeSet second;
  second.delete_records = {Tomb({"erp", "0"}, "G0")};
  second.delete_entities = {"G0"};
  // An empty key part is invalid: the third change set must sink the first two.
  ChangeSet bad = Upserts({Rec("erp", "", "G3")});

  absl::Status status = store_->Apply({first, second, bad});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;

  EXPECT_EQ(Must(store_->GetRecord({"erp", "1"})), std::nullopt);
  EXPECT_NE(Must(store_->GetRecord({"erp", "0"})), std::nullopt);
  EXPECT_EQ(Must(store_->GetTombstone({"erp", "0"})), std::nullopt);
  EXPECT_EQ(Must(store_->GetEntity("G1")), std::nullopt);
  EXPECT_FALSE(Must(store_->IsEntityDeleted("G0")));
  EXPECT_EQ(Must(store_->ResolveRedirect("G9")), std::nullopt);
  EXPECT_TRUE(Must(store_->ListBlockPostings(11)).empty());
  EXPECT_EQ(Must(store_->GetStats()).records, 1);

  // The store is usable afterwards.
  MDM_ASSERT_OK(store_->Apply({first}));
  EXPECT_NE(Must(store_->GetRecord({"erp", "1"})), std::nullopt);
}

TEST_P(StoreContractTest, InvalidInputsAreRejected) {
  std::vector<ChangeSet> bad(5);
  bad[0].upsert_records = {Rec("", "1", "G1")};
  bad[1].upsert_records = {Rec("erp", "1", "")};
  bad[2].upsert_entities = {Entity("")};
  bad[3].redirects = {{"G1", "G1"}};
  bad[4].delete_records = {Tomb({"erp", ""}, "G1")};
  for (const ChangeSet& c : bad) {
    EXPECT_EQ(store_->Apply({c}).code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(Must(store_->GetStats()).records, 0);
}

TEST_P(StoreContractTest, DeleteLeavesTombstoneAndReUpsertClearsIt) {
  StoredRecord r = Rec("crm", "7", "G1");
  MDM_ASSERT_OK(store_->Apply({Upserts({r, Rec("crm", "8", "G1")})}));
  RecordTombstone t = Tomb(r.record.key, "G1", 99);
  ChangeSet del;
  del.delete_records = {t};
  MDM_ASSERT_OK(store_->Apply({del}));

  EXPECT_EQ(Must(store_->GetRecord(r.record.key)), std::nullopt);
  EXPECT_EQ(Must(store_->GetTombstone(r.record.key)), t);
  EXPECT_EQ(Must(store_->ListEntityRecords("G1", {}, 10)).size(), 1u);
  EXPECT_EQ(AllXrefs(*store_, 10).size(), 1u);
  EXPECT_EQ(Must(store_->GetStats()).records, 1);

  // A newer retraction replaces the tombstone.
  t.deleted_at_us = 120;
  del.delete_records = {t};
  MDM_ASSERT_OK(store_->Apply({del}));
  EXPECT_EQ(Must(store_->GetTombstone(r.record.key)), t);

  MDM_ASSERT_OK(store_->Apply({Upserts({r})}));
  EXPECT_EQ(Must(store_->GetRecord(r.record.key)), r);
  EXPECT_EQ(Must(store_->GetTombstone(r.record.key)), std::nullopt);
}

TEST_P(StoreContractTest, DeletesApplyAfterUpsertsWithinOneChangeSet) {
  StoredRecord r = Rec("crm", "7", "G1");
  ChangeSet c = Upserts({r}, {Entity("G1")});
  c.delete_records = {Tomb(r.record.key, "G1")};
  c.delete_entities = {"G1"};
  MDM_ASSERT_OK(store_->Apply({c}));
  EXPECT_EQ(Must(store_->GetRecord(r.record.key)), std::nullopt);
  EXPECT_NE(Must(store_->GetTombstone(r.record.key)), std::nullopt);
  EXPECT_EQ(Must(store_->GetEntity("G1")), std::nullopt);
  EXPECT_TRUE(Must(store_->IsEntityDeleted("G1")));
}

TEST_P(StoreContractTest, DeletedEntityIsHiddenAndCanComeBack) {
  MDM_ASSERT_OK(store_->Apply({Upserts({}, {Entity("G1"), Entity("G2")})}));
  ChangeSet del;
  del.delete_entities = {"G1"};
  MDM_ASSERT_OK(store_->Apply({del}));
  EXPECT_EQ(Must(store_->GetEntity("G1")), std::nullopt);
  EXPECT_TRUE(Must(store_->IsEntityDeleted("G1")));
  EXPECT_FALSE(Must(store_->IsEntityDeleted("G2")));
  EXPECT_FALSE(Must(store_->IsEntityDeleted("G-never")));
  EXPECT_EQ(Must(store_->GetStats()).entities, 1);

  GoldenRecord back = Entity("G1", 5);
  MDM_ASSERT_OK(store_->Apply({Upserts({}, {back})}));
  EXPECT_EQ(Must(store_->GetEntity("G1")), back);
  EXPECT_FALSE(Must(store_->IsEntityDeleted("G1")));
  EXPECT_EQ(Must(store_->GetStats()).entities, 2);
}

TEST_P(StoreContractTest, RedirectChainsResolveToTheEnd) {
  ChangeSet c;
  c.redirects = {{"A", "B"}, {"B", "C"}};
  MDM_ASSERT_OK(store_->Apply({c}));
  EXPECT_EQ(Must(store_->ResolveRedirect("A")), "C");
  EXPECT_EQ(Must(store_->ResolveRedirect("B")), "C");
  EXPECT_EQ(Must(store_->ResolveRedirect("C")), std::nullopt);

  // C merged into D later; B repointed straight to D.
  c.redirects = {{"C", "D"}, {"B", "D"}};
  MDM_ASSERT_OK(store_->Apply({c}));
  EXPECT_EQ(Must(store_->ResolveRedirect("A")), "D");
  EXPECT_EQ(Must(store_->ResolveRedirect("C")), "D");
}

TEST_P(StoreContractTest, RedirectChainOf64HopsResolvesAndCycleIsInternal) {
  ChangeSet c;
  for (int i = 0; i < 64; ++i) {
    c.redirects.emplace_back(absl::StrCat("L", i), absl::StrCat("L", i + 1));
  }
  c.redirects.emplace_back("X", "Y");
  c.redirects.emplace_back("Y", "Z");
  c.redirects.emplace_back("Z", "X");
  MDM_ASSERT_OK(store_->Apply({c}));
  EXPECT_EQ(Must(store_->ResolveRedirect("L0")), "L64");

  absl::StatusOr<std::optional<std::string>> cycle =
      store_->ResolveRedirect("X");
  EXPECT_EQ(cycle.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(cycle.status().message().find("cycle"), std::string::npos);

  c = ChangeSet();
  c.redirects = {{"L64", "L65"}};  // 65 hops: treated as a cycle
  MDM_ASSERT_OK(store_->Apply({c}));
  EXPECT_EQ(store_->ResolveRedirect("L0").status().code(),
            absl::StatusCode::kInternal);
}

TEST_P(StoreContractTest, ListEntityRecordsPaginatesByKey) {
  // Bytewise key order: upper case before lower case, ASCII before Chinese.
  std::vector<RecordKey> keys = {{"erp", "10"}, {"erp", "9"}, {"ERP", "x"},
                                 {"crm", "中"}, {"crm", "a"}, {"crm", "a0"}};
  std::vector<StoredRecord> records;
  for (const RecordKey& k : keys) {
    records.push_back(Rec(k.source, k.source_record_id, "G1"));
    records.push_back(Rec(k.source + "-other", k.source_record_id, "G2"));
  }
  MDM_ASSERT_OK(store_->Apply({Upserts(records)}));
  std::sort(keys.begin(), keys.end());

  auto page = [&](const RecordKey& after, int limit) {
    std::vector<RecordKey> got;
    for (const StoredRecord& r :
         Must(store_->ListEntityRecords("G1", after, limit))) {
      EXPECT_EQ(r.golden_id, "G1");
      got.push_back(r.record.key);
    }
    return got;
  };
  using Keys = std::vector<RecordKey>;
  EXPECT_EQ(page({}, 100), keys);
  EXPECT_EQ(page({}, 6), keys);
  EXPECT_EQ(page({}, 2), Keys(keys.begin(), keys.begin() + 2));
  EXPECT_EQ(page(keys[1], 2), Keys(keys.begin() + 2, keys.begin() + 4));
  EXPECT_EQ(page(keys[3], 10), Keys(keys.begin() + 4, keys.end()));
  EXPECT_TRUE(page(keys.back(), 10).empty());
  // `after` need not exist: strictly greater keys follow.
  EXPECT_EQ(page({"crm", "a00"}, 10), Keys(keys.begin() + 3, keys.end()));
  EXPECT_EQ(page({"crm", ""}, 1), Keys(keys.begin() + 1, keys.begin() + 2));
  EXPECT_EQ(page({"zzz", ""}, 10), Keys());
  EXPECT_TRUE(Must(store_->ListEntityRecords("G-none", {}, 10)).empty());
}

TEST_P(StoreContractTest, ListXrefsPagesCoverEveryLiveRecordOnce) {
  std::vector<StoredRecord> records;
  std::set<std::pair<RecordKey, std::string>> want;
  for (int i = 0; i < 57; ++i) {
    StoredRecord r = Rec(i % 3 == 0 ? "erp" : "crm", absl::StrCat("r", i),
                         absl::StrCat("G", i % 7));
    records.push_back(r);
    if (i % 5 != 0) want.insert({r.record.key, r.golden_id});
  }
  ChangeSet del;
  for (int i = 0; i < 57; i += 5) {
    del.delete_records.push_back(Tomb(records[i].record.key));
  }
  MDM_ASSERT_OK(store_->Apply({Upserts(records), del}));

  for (int page : {1, 7, 45, 1000}) {
    std::vector<Xref> all = AllXrefs(*store_, page);
    ASSERT_EQ(all.size(), want.size()) << "page " << page;
    EXPECT_TRUE(std::is_sorted(
        all.begin(), all.end(),
        [](const Xref& a, const Xref& b) { return a.record < b.record; }));
    std::set<std::pair<RecordKey, std::string>> got;
    for (const Xref& x : all) got.insert({x.record, x.golden_id});
    EXPECT_EQ(got, want);
  }
}

TEST_P(StoreContractTest, ForEachRecordSeesAllLiveAndNoDeleted) {
  std::set<RecordKey> live;
  for (int batch = 0; batch < 5; ++batch) {
    std::vector<StoredRecord> records;
    for (int i = 0; i < 500; ++i) {
      records.push_back(Rec("erp", absl::StrCat(batch, "-", i), "G1"));
      live.insert(records.back().record.key);
    }
    MDM_ASSERT_OK(store_->Apply({Upserts(records)}));
  }
  ChangeSet del;
  for (int i = 0; i < 500; i += 3) {
    RecordKey k{"erp", absl::StrCat("2-", i)};
    del.delete_records.push_back(Tomb(k, "G1"));
    live.erase(k);
  }
  MDM_ASSERT_OK(store_->Apply({del}));

  std::multiset<RecordKey> seen;
  MDM_ASSERT_OK(store_->ForEachRecord([&](const StoredRecord& r) {
    seen.insert(r.record.key);
    EXPECT_EQ(r.record.name, "n-" + r.record.key.source_record_id);
    return absl::OkStatus();
  }));
  EXPECT_EQ(seen, std::multiset<RecordKey>(live.begin(), live.end()));

  int calls = 0;
  absl::Status stop = store_->ForEachRecord([&](const StoredRecord&) {
    return ++calls == 3 ? absl::CancelledError("enough") : absl::OkStatus();
  });
  EXPECT_EQ(stop.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(calls, 3);
}

TEST_P(StoreContractTest, ReservedEntityIdsNeverOverlap) {
  EXPECT_EQ(Must(store_->ReserveEntityIds(10)), 1);
  EXPECT_EQ(Must(store_->ReserveEntityIds(5)), 11);
  EXPECT_EQ(Must(store_->ReserveEntityIds(1)), 16);
  EXPECT_EQ(store_->ReserveEntityIds(0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_P(StoreContractTest, GuardsBumpOnlyWhenEveryExpectedVersionHolds) {
  const RecordKey key{"erp", "1"};
  MDM_ASSERT_OK(store_->Apply(
      {Upserts({Rec("erp", "1", "G1")})},
      {{.id = 5, .expected = 0}, {.id = ~uint64_t{0}, .expected = 0}}));
  EXPECT_EQ(Must(store_->GetGuardVersions({5, ~uint64_t{0}, 6})),
            (std::vector<int64_t>{1, 1, 0}));

  // A writer that saw version 0 of guard 5 lost the race: nothing applied.
  ChangeSet late = Upserts({Rec("erp", "1", "G2")});
  absl::Status s = store_->Apply(
      {late}, {{.id = 6, .expected = 0}, {.id = 5, .expected = 0}});
  EXPECT_EQ(s.code(), absl::StatusCode::kAborted) << s;
  EXPECT_EQ(Must(store_->GetRecord(key))->golden_id, "G1");
  EXPECT_EQ(Must(store_->GetGuardVersions({5, 6})),
            (std::vector<int64_t>{1, 0}));

  // With the current versions it goes through.
  MDM_ASSERT_OK(store_->Apply(
      {late}, {{.id = 6, .expected = 0}, {.id = 5, .expected = 1}}));
  EXPECT_EQ(Must(store_->GetRecord(key))->golden_id, "G2");
  std::map<uint64_t, int64_t> all;
  MDM_ASSERT_OK(store_->ForEachGuard([&](uint64_t id, int64_t v) {
    all[id] = v;
    return absl::OkStatus();
  }));
  EXPECT_EQ(all,
            (std::map<uint64_t, int64_t>{{5, 2}, {6, 1}, {~uint64_t{0}, 1}}));

  EXPECT_EQ(
      store_->Apply({}, {{.id = 5, .expected = 2}, {.id = 5, .expected = 2}})
          .code(),
      absl::StatusCode::kInvalidArgument);
}

TEST_P(StoreContractTest, BlockPostingsFollowRecordUpsertsAndRetractions) {
  ChangeSet first = Upserts({Rec("erp", "1", "G1"), Rec("erp", "2", "G1")});
  first.record_blocks = {{100, 200}, {200}};
  MDM_ASSERT_OK(store_->Apply({first}));
  EXPECT_EQ(Must(store_->ListBlockPostings(200)),
            (std::vector<RecordKey>{{"erp", "1"}, {"erp", "2"}}));

  // New keys replace the old ones; upserts without blocks leave them alone.
  ChangeSet moved = Upserts({Rec("erp", "1", "G1")});
  moved.record_blocks = {{300}};
  ChangeSet untouched = Upserts({Rec("erp", "2", "G3")});
  MDM_ASSERT_OK(store_->Apply({moved, untouched}));
  EXPECT_TRUE(Must(store_->ListBlockPostings(100)).empty());
  EXPECT_EQ(Must(store_->ListBlockPostings(200)),
            (std::vector<RecordKey>{{"erp", "2"}}));
  EXPECT_EQ(Must(store_->ListBlockPostings(300)),
            (std::vector<RecordKey>{{"erp", "1"}}));

  ChangeSet gone;
  gone.delete_records = {Tomb({"erp", "2"}, "G3")};
  MDM_ASSERT_OK(store_->Apply({gone}));
  EXPECT_TRUE(Must(store_->ListBlockPostings(200)).empty());

  ChangeSet mismatched = Upserts({Rec("erp", "9", "G9")});
  mismatched.record_blocks = {{1}, {2}};
  EXPECT_EQ(store_->Apply({mismatched}).code(),
            absl::StatusCode::kInvalidArgument);
}

// Everything a reader can ask, gathered to compare two stores.
struct Answers {
  std::vector<std::optional<StoredRecord>> records;
  std::vector<std::optional<RecordTombstone>> tombstones;
  std::vector<std::optional<GoldenRecord>> entities;
  std::vector<bool> deleted;
  std::vector<std::optional<std::string>> redirects;
  std::vector<Xref> xrefs;
  std::vector<StoredRecord> g1_records;
  std::vector<int64_t> guards;
  std::vector<RecordKey> postings;
  int64_t record_count = 0, entity_count = 0;
  bool operator==(const Answers&) const = default;
};

Answers Ask(Store& store) {
  Answers a;
  for (const RecordKey& k : {RecordKey{"erp", "客户-0001"},
                             RecordKey{"erp", "2"}, RecordKey{"crm", "3"}}) {
    a.records.push_back(Must(store.GetRecord(k)));
    a.tombstones.push_back(Must(store.GetTombstone(k)));
  }
  for (const char* id : {"G-000001", "G2", "G3", "G4"}) {
    a.entities.push_back(Must(store.GetEntity(id)));
    a.deleted.push_back(Must(store.IsEntityDeleted(id)));
    a.redirects.push_back(Must(store.ResolveRedirect(id)));
  }
  a.xrefs = AllXrefs(store, 2);
  a.g1_records = Must(store.ListEntityRecords("G-000001", {}, 100));
  a.guards = Must(store.GetGuardVersions({1, 2}));
  a.postings = Must(store.ListBlockPostings(42));
  Store::Stats stats = Must(store.GetStats());
  a.record_count = stats.records;
  a.entity_count = stats.entities;
  return a;
}

TEST_P(StoreContractTest, StateSurvivesCloseAndReopen) {
  ChangeSet c = Upserts(
      {FullRecord(), Rec("erp", "2", "G2"), Rec("crm", "3", "G-000001")},
      {FullEntity(), Entity("G2"), Entity("G3")});
  c.record_blocks = {{42}, {42}, {}};
  ChangeSet d;
  d.delete_records = {Tomb({"erp", "2"}, "G2", 5)};
  d.delete_entities = {"G2"};
  d.redirects = {{"G3", "G4"}, {"G4", "G-000001"}};
  MDM_ASSERT_OK(store_->Apply({c, d}, {{.id = 2, .expected = 0}}));

  Answers before = Ask(*store_);
  Reopen();
  Answers after = Ask(*store_);
  EXPECT_TRUE(before == after);
  EXPECT_EQ(after.guards, (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(after.postings, (std::vector<RecordKey>{{"erp", "客户-0001"}}));
  EXPECT_EQ(after.record_count, 2);
  EXPECT_EQ(after.entity_count, 2);
  EXPECT_EQ(after.redirects[2], "G-000001");
  EXPECT_TRUE(after.deleted[1]);
}

TEST_P(StoreContractTest, ReadersSeeWholeAppliesWhileAWriterRuns) {
  constexpr int kBatches = 30, kPerBatch = 40;
  std::atomic<bool> done{false};
  std::atomic<int> reads{0};
  auto reader = [&] {
    int64_t last = 0;
    while (!done.load()) {
      absl::StatusOr<Store::Stats> stats = store_->GetStats();
      ASSERT_TRUE(stats.ok()) << stats.status();
      // Each Apply adds a whole batch of records and one entity.
      EXPECT_EQ(stats->records % kPerBatch, 0);
      EXPECT_EQ(stats->records / kPerBatch, stats->entities);
      EXPECT_GE(stats->records, last);
      last = stats->records;
      absl::StatusOr<std::vector<Xref>> page = store_->ListXrefs({}, 5);
      ASSERT_TRUE(page.ok()) << page.status();
      reads.fetch_add(1);
    }
  };
  std::thread r1(reader), r2(reader);
  for (int b = 0; b < kBatches; ++b) {
    std::vector<StoredRecord> records;
    std::string golden = absl::StrCat("G", b);
    for (int i = 0; i < kPerBatch; ++i) {
      records.push_back(Rec("erp", absl::StrCat(b, "/", i), golden));
    }
    absl::Status s = store_->Apply({Upserts(records, {Entity(golden)})});
    EXPECT_TRUE(s.ok()) << s;
  }
  done.store(true);
  r1.join();
  r2.join();
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(Must(store_->GetStats()).records, kBatches * kPerBatch);
}

}  // namespace
TEST_P(StoreContractTest, InjectedFailureRollsBackEarlierChangeSets) {
  Store* store = store_.get();
  ChangeSet a = Upserts({Rec("a", "1", "G1")}, {Entity("G1")});
  a.record_blocks = {{9}};
  ChangeSet b;
  b.redirects = {{"G0", "G1"}};
  store->TEST_FailNextApplyAfter(2);  // after both ran their SQL
  EXPECT_EQ(store->Apply({a, b}, {{.id = 4, .expected = 0}}).code(),
            absl::StatusCode::kInternal);
  EXPECT_EQ(Must(store->GetRecord({"a", "1"})), std::nullopt);
  EXPECT_EQ(Must(store->GetEntity("G1")), std::nullopt);
  EXPECT_EQ(Must(store->ResolveRedirect("G0")), std::nullopt);
  EXPECT_TRUE(Must(store->ListBlockPostings(9)).empty());
  EXPECT_EQ(Must(store->GetGuardVersions({4})), std::vector<int64_t>{0});
  // The hook fires once.
  MDM_ASSERT_OK(store->Apply({a, b}));
  EXPECT_EQ(Must(store->ResolveRedirect("G0")), "G1");
}

}  // namespace mdm::testing
