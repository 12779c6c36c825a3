#include "hub/match/match_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "hub/match/blocking.h"

namespace mdm::match {
namespace {

IndexedRecord Make(const std::string& id, const std::string& golden,
                   const std::string& phone) {
  StoredRecord s;
  s.record.key = {"erp", id};
  s.record.phones = {phone};
  s.golden_id = golden;
  IndexedRecord r;
  r.Keep(s);
  r.features = normalize::ExtractFeatures(s.record).features;
  r.keys = IndexKeys(r.features);
  return r;
}

std::vector<std::string> Ids(const std::vector<const IndexedRecord*>& rs) {
  std::vector<std::string> out;
  for (const auto* r : rs) out.push_back(r->key.source_record_id);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(MatchIndexTest, CandidatesShareAKeyAndExcludeSelf) {
  MatchIndex index;
  index.Put(Make("1", "G1", "13800138000"));
  index.Put(Make("2", "G2", "+86 13800138000"));
  index.Put(Make("3", "G3", "13900139000"));
  RecordKey self{"erp", "1"};
  auto got =
      index.Candidates(IndexKeys(index.Find(self)->features), &self, nullptr);
  EXPECT_EQ(Ids(got), std::vector<std::string>{"2"});
}

TEST(MatchIndexTest, PutReplacesAndRemoveForgets) {
  MatchIndex index;
  index.Put(Make("1", "G1", "13800138000"));
  index.Put(Make("1", "G1", "13900139000"));  // phone changed
  EXPECT_EQ(index.size(), 1u);
  EXPECT_TRUE(index.Lookup("ph:+8613800138000").empty());
  EXPECT_EQ(index.Lookup("ph:+8613900139000").size(), 1u);
  index.Remove({"erp", "1"});
  EXPECT_EQ(index.size(), 0u);
  EXPECT_EQ(index.entity_count(), 0u);
  EXPECT_TRUE(index.Lookup("ph:+8613900139000").empty());
}

TEST(MatchIndexTest, SetEntityMovesMembership) {
  MatchIndex index;
  index.Put(Make("1", "G1", "13800138000"));
  index.Put(Make("2", "G2", "13800138000"));
  index.SetEntity({"erp", "2"}, "G1");
  EXPECT_EQ(Ids(index.Members("G1")), (std::vector<std::string>{"1", "2"}));
  EXPECT_TRUE(index.Members("G2").empty());
  EXPECT_EQ(index.entity_count(), 1u);
}

TEST(MatchIndexTest, OversizedBlocksAreSkippedAndCounted) {
  MatchIndex index(/*max_block_size=*/2);
  for (int i = 0; i < 3; ++i) {
    index.Put(Make(std::to_string(i), "G" + std::to_string(i), "13800138000"));
  }
  BlockingStats stats;
  auto got = index.Candidates({"ph:+8613800138000"}, nullptr, &stats);
  EXPECT_TRUE(got.empty());
  EXPECT_EQ(stats.oversized_blocks_skipped, 1);
  // Search is not capped.
  EXPECT_EQ(index.Lookup("ph:+8613800138000").size(), 3u);
}

TEST(MatchIndexTest, FreedSlotsAreReused) {
  MatchIndex index;
  index.Put(Make("1", "G1", "13800138000"));
  index.Remove({"erp", "1"});
  index.Put(Make("2", "G2", "13900139000"));
  EXPECT_EQ(index.size(), 1u);
  EXPECT_NE(index.Find({"erp", "2"}), nullptr);
  EXPECT_EQ(index.Find({"erp", "1"}), nullptr);
}

// Random puts (new records, records moving entity), entity changes and
// removals agree with a plain map of entity -> record ids after every step:
// an entity's first record leaving, a middle one, the last one.
TEST(MatchIndexTest, MembershipAgreesWithAPlainMapUnderRandomChanges) {
  MatchIndex index;
  std::map<std::string, std::string> entity_of;  // record id -> golden id
  std::mt19937 rng(5);
  for (int step = 0; step < 3000; ++step) {
    const std::string id = std::to_string(rng() % 40);
    const std::string golden = "G" + std::to_string(rng() % 8);
    const RecordKey key{"erp", id};
    switch (rng() % 3) {
      case 0:
        index.Put(
            Make(id, golden, "1380013" + std::to_string(8000 + rng() % 4)));
        entity_of[id] = golden;
        break;
      case 1:
        index.SetEntity(key, golden);
        if (entity_of.contains(id)) entity_of[id] = golden;
        break;
      default:
        index.Remove(key);
        entity_of.erase(id);
    }
    std::map<std::string, std::vector<std::string>> want;
    for (const auto& [r, g] : entity_of) want[g].push_back(r);
    ASSERT_EQ(index.entity_count(), want.size()) << "step " << step;
    ASSERT_EQ(index.size(), entity_of.size()) << "step " << step;
    for (int g = 0; g < 8; ++g) {
      const std::string gid = "G" + std::to_string(g);
      std::vector<std::string> expected = want[gid];
      std::sort(expected.begin(), expected.end());
      ASSERT_EQ(Ids(index.Members(gid)), expected)
          << gid << " at step " << step;
    }
  }
  std::vector<std::string> ids = index.EntityIds();
  std::sort(ids.begin(), ids.end());
  std::set<std::string> want;
  for (const auto& [r, g] : entity_of) want.insert(g);
  EXPECT_EQ(ids, std::vector<std::string>(want.begin(), want.end()));
}

// The key and entity tables find records through the index's own storage:
// a moved index still finds them.
TEST(MatchIndexTest, AMovedIndexStillFindsItsRecords) {
  MatchIndex index;
  index.Put(Make("1", "G1", "13800138000"));
  index.Put(Make("2", "G1", "13900139000"));
  MatchIndex moved = std::move(index);
  EXPECT_NE(moved.Find({"erp", "1"}), nullptr);
  EXPECT_EQ(Ids(moved.Members("G1")), (std::vector<std::string>{"1", "2"}));
  moved.Put(Make("3", "G1", "13700137000"));
  EXPECT_EQ(moved.Members("G1").size(), 3u);
}

}  // namespace
}  // namespace mdm::match
