// The store contract for the golden record lifecycle: history versions,
// as-of reads, the change feed, conflicts and settings, derived inside
// Apply() so every writer gets them and a rolled-back change leaves none.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/store/store_contract_test.h"
#include "tests/unit/store/store_test_util.h"

namespace mdm::testing {
namespace {

using ::testing::ElementsAre;

GoldenRecord Version(std::string id, int64_t version, int64_t time_us,
                     std::vector<RecordKey> members, std::string name) {
  GoldenRecord g = Entity(std::move(id), version);
  g.update_time_us = time_us;
  g.create_time_us = time_us;
  g.members = std::move(members);
  g.full_name.emplace();
  g.full_name->value = name;
  g.full_name->normalized = name;
  return g;
}

ChangeSet EntityChange(std::vector<GoldenRecord> entities, int64_t time_us) {
  ChangeSet c;
  c.upsert_entities = std::move(entities);
  c.time_us = time_us;
  return c;
}

std::vector<ChangeEventType> Types(const std::vector<ChangeEvent>& events) {
  std::vector<ChangeEventType> out;
  for (const ChangeEvent& e : events) out.push_back(e.type);
  return out;
}

std::vector<int64_t> Sequences(const std::vector<ChangeEvent>& events) {
  std::vector<int64_t> out;
  for (const ChangeEvent& e : events) out.push_back(e.sequence);
  return out;
}

const RecordKey kR1{"erp", "1"};
const RecordKey kR2{"crm", "2"};

TEST_P(StoreContractTest, HistoryKeepsEveryVersionAndAsOfAnswersAsThen) {
  MDM_ASSERT_OK(
      store_->Apply({EntityChange({Version("G1", 1, 100, {kR1}, "Li")}, 100)}));
  MDM_ASSERT_OK(store_->Apply(
      {EntityChange({Version("G1", 2, 200, {kR1, kR2}, "Li Lei")}, 200)}));
  ChangeSet del;
  del.delete_entities = {"G1"};
  del.time_us = 300;
  MDM_ASSERT_OK(store_->Apply({del}));

  EXPECT_FALSE(Must(store_->GetEntityAsOf("G1", 99)).has_value());
  std::optional<GoldenRecord> v1 = Must(store_->GetEntityAsOf("G1", 150));
  ASSERT_TRUE(v1.has_value());
  EXPECT_EQ(v1->version, 1);
  EXPECT_THAT(v1->members, ElementsAre(kR1));  // the xref as it stood
  std::optional<GoldenRecord> v2 = Must(store_->GetEntityAsOf("G1", 200));
  ASSERT_TRUE(v2.has_value());
  EXPECT_EQ(v2->full_name->value, "Li Lei");
  EXPECT_THAT(v2->members, ElementsAre(kR1, kR2));
  EXPECT_FALSE(Must(store_->GetEntityAsOf("G1", 300)).has_value());

  std::vector<GoldenRecord> all = Must(store_->ListEntityHistory("G1", 0, 10));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].version, 3);  // the deletion, newest first
  EXPECT_TRUE(all[0].members.empty());
  EXPECT_EQ(all[0].update_time_us, 300);
  EXPECT_EQ(all[1].version, 2);
  EXPECT_EQ(all[2].version, 1);
  std::vector<GoldenRecord> page = Must(store_->ListEntityHistory("G1", 2, 10));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].version, 1);
  EXPECT_TRUE(Must(store_->ListEntityHistory("G9", 0, 10)).empty());
}

TEST_P(StoreContractTest, UnchangedVersionAddsNoHistoryAndNoEvent) {
  GoldenRecord g = Version("G1", 1, 100, {kR1}, "Li");
  MDM_ASSERT_OK(store_->Apply({EntityChange({g}, 100)}));
  MDM_ASSERT_OK(store_->Apply({EntityChange({g}, 150)}));
  EXPECT_EQ(Must(store_->ListEntityHistory("G1", 0, 10)).size(), 1u);
  EXPECT_EQ(Must(store_->ListChangeEvents(0, 10)).size(), 1u);
}

TEST_P(StoreContractTest, ChangeEventsAreDerivedAndNumberedInCommitOrder) {
  MDM_ASSERT_OK(store_->Apply(
      {EntityChange({Version("G1", 1, 100, {kR1, kR2}, "Li")}, 100),
       EntityChange({Version("G2", 1, 100, {{"fin", "3"}}, "Wu")}, 100)}));
  // kR2 leaves G1 for a new entity G3; G1 gets a new name.
  MDM_ASSERT_OK(
      store_->Apply({EntityChange({Version("G1", 2, 200, {kR1}, "Li Lei"),
                                   Version("G3", 1, 200, {kR2}, "Han")},
                                  200)}));
  // G2 merged into G1.
  ChangeSet merge =
      EntityChange({Version("G1", 3, 300, {kR1, {"fin", "3"}}, "Li Lei")}, 300);
  merge.redirects = {{"G2", "G1"}};
  merge.delete_entities = {"G2"};
  // A typed event the store cannot derive.
  ChangeEvent dead;
  dead.type = ChangeEventType::kMarkedDead;
  dead.golden_id = "G3";
  dead.reason = "deceased";
  merge.events = {dead};
  MDM_ASSERT_OK(store_->Apply({merge}));

  std::vector<ChangeEvent> events = Must(store_->ListChangeEvents(0, 100));
  EXPECT_THAT(
      Types(events),
      ElementsAre(ChangeEventType::kCreated, ChangeEventType::kCreated,
                  ChangeEventType::kUpdated, ChangeEventType::kCreated,
                  ChangeEventType::kRecordMoved, ChangeEventType::kUpdated,
                  ChangeEventType::kMerged, ChangeEventType::kMarkedDead));
  EXPECT_THAT(Sequences(events), ElementsAre(1, 2, 3, 4, 5, 6, 7, 8));
  EXPECT_THAT(events[2].changed_fields, ElementsAre("full_name", "members"));
  EXPECT_EQ(events[2].version, 2);
  EXPECT_EQ(events[4].record, kR2);
  EXPECT_EQ(events[4].from_id, "G1");
  EXPECT_EQ(events[4].golden_id, "G3");
  EXPECT_EQ(events[6].from_id, "G2");
  EXPECT_EQ(events[6].golden_id, "G1");
  EXPECT_EQ(events[7].reason, "deceased");
  EXPECT_EQ(events[7].time_us, 300);

  // Resuming after 5, across a reopen, and numbering goes on from there.
  Reopen();
  EXPECT_THAT(Sequences(Must(store_->ListChangeEvents(5, 2))),
              ElementsAre(6, 7));
  ChangeSet del;
  del.delete_entities = {"G3"};
  MDM_ASSERT_OK(store_->Apply({del}));
  std::vector<ChangeEvent> tail = Must(store_->ListChangeEvents(8, 10));
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(tail[0].sequence, 9);
  EXPECT_EQ(tail[0].type, ChangeEventType::kDeleted);
  EXPECT_EQ(tail[0].version, 2);
}

TEST_P(StoreContractTest, RolledBackApplyLeavesNoHistoryAndNoEvents) {
  store_->TEST_FailNextApplyAfter(1);
  EXPECT_FALSE(store_
                   ->Apply({EntityChange({Version("G1", 1, 1, {kR1}, "A")}, 1),
                            EntityChange({Version("G2", 1, 1, {kR2}, "B")}, 1)})
                   .ok());
  EXPECT_TRUE(Must(store_->ListChangeEvents(0, 10)).empty());
  EXPECT_TRUE(Must(store_->ListEntityHistory("G1", 0, 10)).empty());
  MDM_ASSERT_OK(
      store_->Apply({EntityChange({Version("G1", 1, 1, {kR1}, "A")}, 1)}));
  EXPECT_THAT(Sequences(Must(store_->ListChangeEvents(0, 10))),
              ElementsAre(1));  // no gap left by the rolled-back one
}

TEST_P(StoreContractTest, ConflictsAreListedAcrossEntitiesAndReplaced) {
  auto with_conflicts = [](std::string id, std::vector<std::string> attrs) {
    GoldenRecord g = Version(std::move(id), 1, 1, {kR1}, "x");
    for (std::string& a : attrs) {
      AttributeConflict& c = g.conflicts.emplace_back();
      c.attribute = std::move(a);
      c.values = {{.value = "A", .sources = {"erp"}, .records = {kR1}},
                  {.value = "B", .sources = {"fin"}, .records = {kR2}}};
    }
    return g;
  };
  MDM_ASSERT_OK(
      store_->Apply({EntityChange({with_conflicts("G1", {"city", "full_name"}),
                                   with_conflicts("G2", {"birth_date"})},
                                  1)}));
  std::vector<EntityConflict> first = Must(store_->ListConflicts({}, 2));
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].golden_id, "G1");
  EXPECT_EQ(first[0].conflict.attribute, "city");
  EXPECT_EQ(first[0].conflict.values[1].sources,
            std::vector<std::string>{"fin"});
  EXPECT_EQ(first[0].conflict.values[1].records, std::vector<RecordKey>{kR2});
  std::vector<EntityConflict> rest = Must(store_->ListConflicts(first[1], 10));
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].golden_id, "G2");

  GoldenRecord resolved = with_conflicts("G1", {});
  resolved.version = 2;
  ChangeSet next = EntityChange({resolved}, 2);
  next.delete_entities = {"G2"};
  MDM_ASSERT_OK(store_->Apply({next}));
  EXPECT_TRUE(Must(store_->ListConflicts({}, 10)).empty());
}

TEST_P(StoreContractTest, SettingsAreWrittenWithTheChangeAndKept) {
  EXPECT_FALSE(Must(store_->GetSetting("rules")).has_value());
  ChangeSet c;
  c.settings = {{"rules", "{\"a\": 1}"}};
  MDM_ASSERT_OK(store_->Apply({c}));
  c.settings = {{"rules", "{\"a\": 2}"}};
  MDM_ASSERT_OK(store_->Apply({c}));
  Reopen();
  EXPECT_EQ(Must(store_->GetSetting("rules")), "{\"a\": 2}");
}

}  // namespace
}  // namespace mdm::testing
