#include "tests/unit/store/side_store_contract_test.h"

#include <stdlib.h>

#include <filesystem>

#include "tests/unit/store/store_test_util.h"

namespace mdm::testing {

void SideStoreTest::SetUp() {
  std::string tmpl =
      (std::filesystem::path(::testing::TempDir()) / "side-XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  dir_ = tmpl;
}

void SideStoreTest::TearDown() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

namespace {

// --- CheckpointStore --------------------------------------------------------

CheckpointCommit CommitOf(std::string id, std::string position,
                          int64_t expected_generation, int64_t now_us) {
  CheckpointCommit c;
  c.id = std::move(id);
  c.position = std::move(position);
  c.expected_generation = expected_generation;
  c.counters = {.records_read = 10,
                .records_sent = 9,
                .records_acknowledged = 8,
                .records_rejected = 1};
  c.lag_ms = 250;
  c.now_us = now_us;
  return c;
}

TEST_P(CheckpointStoreContractTest, RegisterCreatesAnEmptyCheckpointOnce) {
  auto store = Must(GetParam().checkpoints(dir_));
  EXPECT_EQ(Must(store->Get("erp-main")), std::nullopt);
  ConnectorState first = Must(store->Register("erp-main", "erp", 1000));
  EXPECT_EQ(first.id, "erp-main");
  EXPECT_EQ(first.source, "erp");
  EXPECT_EQ(first.generation, 0);
  EXPECT_EQ(first.position, "");
  EXPECT_EQ(first.registered_at_us, 1000);
  EXPECT_EQ(first.counters, ConnectorCounters{});
  // Registering again (a restarted connector) changes nothing.
  EXPECT_EQ(Must(store->Register("erp-main", "erp", 2000)), first);
  EXPECT_EQ(Must(store->Get("erp-main")), first);
}

TEST_P(CheckpointStoreContractTest, RegisterForAnotherSourceIsRefused) {
  auto store = Must(GetParam().checkpoints(dir_));
  MDM_ASSERT_OK(store->Register("c1", "erp", 1));
  EXPECT_EQ(store->Register("c1", "finance", 2).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Must(store->Get("c1"))->source, "erp");
}

TEST_P(CheckpointStoreContractTest, CommitIsCompareAndSetOnTheGeneration) {
  auto store = Must(GetParam().checkpoints(dir_));
  MDM_ASSERT_OK(store->Register("c1", "erp", 1));
  ConnectorState after = Must(store->Commit(CommitOf("c1", "pos-1", 0, 50)));
  EXPECT_EQ(after.generation, 1);
  EXPECT_EQ(after.position, "pos-1");
  EXPECT_EQ(after.committed_at_us, 50);
  EXPECT_EQ(after.counters.records_read, 10);
  EXPECT_EQ(after.counters.records_rejected, 1);
  EXPECT_EQ(after.lag_ms, 250);

  // A second instance still at generation 0 is refused; nothing changes.
  absl::StatusOr<ConnectorState> stale =
      store->Commit(CommitOf("c1", "pos-other", 0, 60));
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(Must(store->Get("c1")), after);

  EXPECT_EQ(Must(store->Commit(CommitOf("c1", "pos-2", 1, 70))).generation, 2);
}

TEST_P(CheckpointStoreContractTest, CommitOfAnUnknownConnectorIsNotFound) {
  auto store = Must(GetParam().checkpoints(dir_));
  EXPECT_EQ(store->Commit(CommitOf("nobody", "p", 0, 1)).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_P(CheckpointStoreContractTest, BinaryPositionSurvivesReopen) {
  const std::string position("\x00\xff\xfe{\"file\":1}\n", 14);
  {
    auto store = Must(GetParam().checkpoints(dir_));
    MDM_ASSERT_OK(store->Register("cc", "callcenter", 1));
    MDM_ASSERT_OK(store->Commit(CommitOf("cc", position, 0, 2)));
  }
  auto reopened = Must(GetParam().checkpoints(dir_));
  std::optional<ConnectorState> got = Must(reopened->Get("cc"));
  ASSERT_NE(got, std::nullopt);
  EXPECT_EQ(got->position, position);
  EXPECT_EQ(got->generation, 1);
}

TEST_P(CheckpointStoreContractTest, LastErrorKeepsTheTimeItWasReported) {
  auto store = Must(GetParam().checkpoints(dir_));
  MDM_ASSERT_OK(store->Register("c1", "erp", 1));
  CheckpointCommit failing = CommitOf("c1", "p1", 0, 100);
  failing.last_error = "source unavailable: connection refused";
  ConnectorState s = Must(store->Commit(failing));
  EXPECT_EQ(s.last_error, failing.last_error);
  EXPECT_EQ(s.last_error_at_us, 100);
  // A clean commit clears the message; when it happened stays on record.
  s = Must(store->Commit(CommitOf("c1", "p2", 1, 200)));
  EXPECT_EQ(s.last_error, "");
  EXPECT_EQ(s.last_error_at_us, 100);
}

TEST_P(CheckpointStoreContractTest, ListPagesInIdOrder) {
  auto store = Must(GetParam().checkpoints(dir_));
  for (const char* id : {"finance", "callcenter", "erp"}) {
    MDM_ASSERT_OK(store->Register(id, id, 1));
  }
  std::vector<ConnectorState> page = Must(store->List("", 2));
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, "callcenter");
  EXPECT_EQ(page[1].id, "erp");
  page = Must(store->List("erp", 2));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, "finance");
  EXPECT_EQ(store->List("", 0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// --- FactStore ---------------------------------------------------------------

Fact Txn(std::string record_id, std::string fact_id) {
  Fact f;
  f.record = {"finance", std::move(record_id)};
  f.fact_id = std::move(fact_id);
  f.category = FactCategory::kTransaction;
  f.occurred_at_us = 1700000000000000;
  f.kind = "invoice";
  f.amount = "1280.50";
  f.currency = "CNY";
  return f;
}

Fact FullInteraction() {
  Fact f;
  f.record = {"callcenter", "CC-7"};
  f.fact_id = "call/2024-05-01/17";
  f.category = FactCategory::kInteraction;
  f.occurred_at_us = 1714550400123456;
  f.channel = "phone";
  f.topic = "账单查询";
  f.outcome = "resolved";
  f.complaint = true;
  f.attributes = {{"agent", "张丽"}, {"duration_s", "184"}};
  return f;
}

std::vector<Fact> AllOf(FactStore& store, const std::string& source,
                        const std::string& record = "") {
  return Must(store.List(source, record, "", 1000));
}

TEST_P(FactStoreContractTest, FactsRoundTripEveryFieldAcrossReopen) {
  Fact txn = Txn("FIN-1", "invoice/1");
  txn.profit = "-3.25";
  txn.status = "overdue";
  txn.due_at_us = 1701000000000000;
  txn.attributes = {{"days_overdue", "31"}};
  {
    auto store = Must(GetParam().facts(dir_));
    MDM_ASSERT_OK(store->Put({txn, FullInteraction()}));
  }
  auto store = Must(GetParam().facts(dir_));
  EXPECT_EQ(AllOf(*store, "finance"), std::vector<Fact>{txn});
  EXPECT_EQ(AllOf(*store, "callcenter"), std::vector<Fact>{FullInteraction()});
  EXPECT_TRUE(AllOf(*store, "erp").empty());
}

TEST_P(FactStoreContractTest, PutReplacesByKeySoReplaysAreHarmless) {
  auto store = Must(GetParam().facts(dir_));
  Fact open = Txn("FIN-1", "invoice/1");
  open.status = "open";
  MDM_ASSERT_OK(store->Put({open}));
  MDM_ASSERT_OK(store->Put({open}));
  Fact overdue = open;
  overdue.status = "overdue";
  MDM_ASSERT_OK(store->Put({overdue}));
  EXPECT_EQ(AllOf(*store, "finance"), std::vector<Fact>{overdue});
}

TEST_P(FactStoreContractTest, ListFiltersByRecordAndPagesByFactId) {
  auto store = Must(GetParam().facts(dir_));
  MDM_ASSERT_OK(store->Put({Txn("FIN-2", "c"), Txn("FIN-1", "b"),
                            Txn("FIN-1", "a"), Txn("FIN-2", "d")}));
  std::vector<Fact> one = AllOf(*store, "finance", "FIN-1");
  ASSERT_EQ(one.size(), 2u);
  EXPECT_EQ(one[0].fact_id, "a");
  EXPECT_EQ(one[1].fact_id, "b");
  std::vector<Fact> page = Must(store->List("finance", "", "b", 1));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].fact_id, "c");
  EXPECT_EQ(store->List("finance", "", "", 0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_P(FactStoreContractTest, AnInvalidFactStoresNothingOfItsBatch) {
  auto store = Must(GetParam().facts(dir_));
  Fact bad_text = Txn("FIN-1", "x");
  bad_text.topic = "bad \xff";
  Fact no_id = Txn("FIN-1", "");
  EXPECT_EQ(store->Put({Txn("FIN-1", "ok"), bad_text}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->Put({Txn("FIN-1", "ok"), no_id}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(AllOf(*store, "finance").empty());
}

}  // namespace
}  // namespace mdm::testing
