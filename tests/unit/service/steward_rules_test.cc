// The pure parts of stewardship: the in-memory rule set and the stored form
// of a steward answer.
#include "hub/service/steward_rules.h"

#include <gtest/gtest.h>

#include "hub/service/steward_types.h"

namespace mdm::service {
namespace {

const RecordKey kA{"erp", "A"};
const RecordKey kB{"finance", "B"};
const RecordKey kC{"callcenter", "C"};

TEST(StewardRulesTest, NewestDecisionOnAPairWins) {
  StewardRules rules;
  rules.Put(StewardRules::Pair(kB, kA, LinkKind::kMustLink));
  EXPECT_EQ(rules.MustLinked(kA), std::vector<RecordKey>{kB});
  rules.Put(StewardRules::Pair(kA, kB, LinkKind::kCannotLink));
  EXPECT_TRUE(rules.MustLinked(kA).empty());
  EXPECT_TRUE(rules.AnyCannotLink({kA}, {kC, kB}));
  EXPECT_FALSE(rules.AnyCannotLink({kC}, {kA, kB}));
}

TEST(StewardRulesTest, PairIsOrderedAndLoadReplacesEverything) {
  const LinkConstraint c = StewardRules::Pair(kB, kA, LinkKind::kCannotLink);
  EXPECT_EQ(c.a, kA);
  EXPECT_EQ(c.b, kB);
  StewardRules rules;
  rules.PutDead({.golden_id = "G1",
                 .reason = DeadReason::kFraud,
                 .note = "",
                 .author = "ann",
                 .marked_at_us = 1});
  rules.Load({.constraints = {c}, .dead = {}});
  EXPECT_EQ(rules.Dead("G1"), nullptr);
  EXPECT_TRUE(rules.AnyCannotLink({kB}, {kA}));
}

TEST(StewardTypesTest, StoredAnswerRoundTripsWithEmptyEtags) {
  StewardResult r;
  r.entities = {{"G1", "v3"}, {"G2", ""}};
  r.merged_ids = {"G5", "G7"};
  auto back = DecodeStewardResult(EncodeStewardResult(r));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, r);
  EXPECT_FALSE(DecodeStewardResult("G1").ok());
}

}  // namespace
}  // namespace mdm::service
