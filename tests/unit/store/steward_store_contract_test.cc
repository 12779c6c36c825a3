// The stewardship tables of every Store (ChangeSet::steward and its reads),
// as part of the shared contract suite: SQLite here, MariaDB in
// mysql_store_test.
#include "hub/store/store.h"
#include "tests/unit/store/store_contract_test.h"
#include "tests/unit/store/store_test_util.h"

namespace mdm::testing {
namespace {

LinkConstraint Link(RecordKey a, RecordKey b, LinkKind kind) {
  return {.a = std::move(a),
          .b = std::move(b),
          .kind = kind,
          .author = "ann",
          .reason = "checked",
          .created_at_us = 7};
}

QuarantinedRecord Held(const std::string& id) {
  QuarantinedRecord q;
  q.record.key = {"callcenter", id};
  q.record.name = "王小明";
  q.record.phones = {"13800138000"};
  q.golden_id = "G1";
  q.reason = DeadReason::kDeceased;
  q.quarantined_at_us = 9;
  return q;
}

TEST_P(StoreContractTest, StewardRowsRoundTripAndSurviveReopen) {
  const LinkConstraint must =
      Link({"erp", "A"}, {"finance", "B"}, LinkKind::kMustLink);
  const DeadMark dead{.golden_id = "G1",
                      .reason = DeadReason::kDeceased,
                      .note = "certificate",
                      .author = "ann",
                      .marked_at_us = 8};
  ChangeSet cs;
  cs.steward.put_constraints = {must};
  cs.steward.put_dead = {dead};
  cs.steward.quarantine = {Held("C2"), Held("C1")};
  cs.steward.request = StewardRequest{.request_id = "r1",
                                      .body_hash = ~uint64_t{0},
                                      .result = "G1 v2\n",
                                      .created_at_us = 5};
  ASSERT_TRUE(store_->Apply({cs}).ok());
  Reopen();

  StewardState state = Must(store_->LoadStewardState());
  EXPECT_EQ(state.constraints, std::vector<LinkConstraint>{must});
  EXPECT_EQ(state.dead, std::vector<DeadMark>{dead});
  EXPECT_EQ(Must(store_->GetStewardRequest("r1")), cs.steward.request);
  EXPECT_EQ(Must(store_->GetStewardRequest("r2")), std::nullopt);
  std::vector<QuarantinedRecord> page = Must(store_->ListQuarantine({}, 1));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].record.key.source_record_id, "C1");
  EXPECT_EQ(page[0].record.name, "王小明");
  EXPECT_EQ(page[0].reason, DeadReason::kDeceased);
  page = Must(store_->ListQuarantine(page[0].record.key, 10));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].record.key.source_record_id, "C2");

  // The newest decision on a pair replaces the older one; revive removes.
  ChangeSet next;
  next.steward.put_constraints = {
      Link({"erp", "A"}, {"finance", "B"}, LinkKind::kCannotLink)};
  next.steward.revive = {"G1"};
  ASSERT_TRUE(store_->Apply({next}).ok());
  state = Must(store_->LoadStewardState());
  ASSERT_EQ(state.constraints.size(), 1u);
  EXPECT_EQ(state.constraints[0].kind, LinkKind::kCannotLink);
  EXPECT_TRUE(state.dead.empty());
}

TEST_P(StoreContractTest, ReusedStewardRequestIdFailsTheWholeApply) {
  ChangeSet first;
  first.steward.request = StewardRequest{
      .request_id = "r1", .body_hash = 1, .result = "\n", .created_at_us = 1};
  ASSERT_TRUE(store_->Apply({first}).ok());
  ChangeSet again = first;
  again.steward.put_dead = {{.golden_id = "G9",
                             .reason = DeadReason::kFraud,
                             .note = "",
                             .author = "ann",
                             .marked_at_us = 2}};
  EXPECT_FALSE(store_->Apply({again}).ok());
  EXPECT_TRUE(Must(store_->LoadStewardState()).dead.empty());
}

}  // namespace
}  // namespace mdm::testing
