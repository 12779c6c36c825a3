#include "hub/match/entity_scoring.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "hub/match/blocking.h"

namespace mdm::match {
namespace {

IndexedRecord Make(const std::string& id, const std::string& golden,
                   const std::string& name, const std::string& dob,
                   const std::string& phone) {
  StoredRecord s;
  s.record.key = {"erp", id};
  s.record.name = name;
  s.record.birth_date = dob;
  s.record.phones = {phone};
  s.golden_id = golden;
  IndexedRecord r;
  r.Keep(s);
  r.features = normalize::ExtractFeatures(s.record).features;
  r.keys = IndexKeys(r.features);
  return r;
}

// Pairs around every birth-date level (exact, swapped, one digit, two adjacent
// digits transposed, same month, mismatch) and every name level.
std::vector<IndexedRecord> Records() {
  return {Make("1", "G1", "王小明", "1985-03-12", "13800138000"),
          Make("2", "G1", "Wang Xiaoming", "1985-12-03", "13800138000"),
          Make("3", "G2", "王晓明", "1985-03-13", "13800138000"),
          Make("4", "G3", "Xiaoming Wang", "1985-03-21", "13900139000"),
          Make("5", "G4", "Wang Xiaomin", "1985-03-30", "13800138000"),
          Make("6", "G5", "李娜", "1970-01-01", "13800138000")};
}

TEST(EntityScoringTest, DecisionScoreEqualsTheItemizedTotal) {
  const ScoringModel m;
  const std::vector<IndexedRecord> rs = Records();
  for (const IndexedRecord& a : rs) {
    for (const IndexedRecord& b : rs) {
      const PairScore full = ScorePair(a.features, b.features, m,
                                       m.review_threshold, m.link_threshold);
      EXPECT_EQ(DecisionScore(a.features, MakeComparisonView(a.features),
                              b.features, MakeComparisonView(b.features), m,
                              m.review_threshold, m.link_threshold),
                full.total)
          << a.Stored().record.name << " / " << b.Stored().record.name;
    }
  }
}

TEST(EntityScoringTest, TransposedBirthDateDigitsAreOneKeyingError) {
  const ScoringModel m;
  const std::vector<IndexedRecord> rs = Records();
  const PairScore s = ScorePair(rs[0].features, rs[3].features, m);
  bool found = false;
  for (const FieldScore& f : s.fields) {
    if (std::string(f.field) == "birth_date") {
      found = true;
      EXPECT_STREQ(f.level, "one_digit");
    }
  }
  EXPECT_TRUE(found);
}

TEST(EntityScoringTest, EachEntityKeepsItsBestMemberBestFirst) {
  const ScoringModel m;
  std::vector<IndexedRecord> rs = Records();
  MatchIndex index;
  const normalize::RecordFeatures probe = rs[0].features;
  const RecordKey self = rs[0].key;
  const std::vector<std::string> query = QueryKeys(probe);
  for (IndexedRecord& r : rs) index.Put(std::move(r));

  const std::vector<EntityScore> full =
      ScoreEntities(index, probe, query, &self, m, nullptr, false);
  ASSERT_FALSE(full.empty());
  for (size_t i = 1; i < full.size(); ++i) {
    EXPECT_GE(full[i - 1].best.total, full[i].best.total);
  }
  for (const EntityScore& e : full) {
    double best = -1e9;
    for (const IndexedRecord* member : index.Members(e.golden_id)) {
      if (member->key == self) continue;
      best = std::max(best, ScorePair(probe, member->features, m).total);
    }
    EXPECT_EQ(e.best.total, best) << e.golden_id;
    EXPECT_FALSE(e.best.fields.empty());
  }

  // Deciding gives the entities at or above the review threshold, on the
  // same side of each threshold, without the breakdown.
  const std::vector<EntityScore> decided =
      ScoreEntities(index, probe, query, &self, m, nullptr, true);
  const size_t in_band_or_above = std::count_if(
      full.begin(), full.end(),
      [&](const EntityScore& e) { return e.best.total >= m.review_threshold; });
  ASSERT_GT(in_band_or_above, 0u);
  ASSERT_LT(in_band_or_above, full.size());  // some are left out
  ASSERT_EQ(decided.size(), in_band_or_above);
  for (const EntityScore& d : decided) {
    EXPECT_TRUE(d.best.fields.empty());
    for (const EntityScore& f : full) {
      if (f.golden_id != d.golden_id) continue;
      EXPECT_EQ(d.best.total >= m.link_threshold,
                f.best.total >= m.link_threshold);
      EXPECT_EQ(d.best.total >= m.review_threshold,
                f.best.total >= m.review_threshold);
    }
  }
}

}  // namespace
}  // namespace mdm::match
