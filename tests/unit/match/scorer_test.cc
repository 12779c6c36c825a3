#include "hub/match/scorer.h"

#include <gtest/gtest.h>

namespace mdm::match {
namespace {

normalize::RecordFeatures Features(const SourceRecord& r) {
  return normalize::ExtractFeatures(r).features;
}

SourceRecord Person(std::string name, std::string dob = "",
                    std::vector<std::string> phones = {}) {
  SourceRecord r;
  r.key = {"erp", "1"};
  r.name = std::move(name);
  r.birth_date = std::move(dob);
  r.phones = std::move(phones);
  return r;
}

const FieldScore* Field(const PairScore& s, const std::string& field) {
  for (const auto& f : s.fields) {
    if (field == f.field) return &f;
  }
  return nullptr;
}

TEST(ScorerTest, SameChineseNameAndPhoneInAnyFormatLinks) {
  ScoringModel m;
  PairScore s = ScorePair(Features(Person("王小明", "", {"+86 138 0013 8000"})),
                          Features(Person("王小明", "", {"13800138000"})), m);
  EXPECT_GE(s.total, m.link_threshold);
  ASSERT_NE(Field(s, "phone"), nullptr);
  EXPECT_STREQ(Field(s, "phone")->level, "shared");
  EXPECT_STREQ(Field(s, "name")->level, "exact");
}

TEST(ScorerTest, TraditionalPinyinAndReorderedNamesMeetThroughKeys) {
  ScoringModel m;
  auto han = Features(Person("王小明"));
  for (const char* other :
       {"王曉明", "Wang Xiaoming", "XIAOMING WANG", "王晓明"}) {
    PairScore s = ScorePair(han, Features(Person(other)), m);
    ASSERT_NE(Field(s, "name"), nullptr) << other;
    EXPECT_GE(Field(s, "name")->weight, m.name_key) << other;
  }
}

TEST(ScorerTest, SameCommonNameWithDifferentBirthDateAndPhoneStaysApart) {
  ScoringModel m;
  PairScore s =
      ScorePair(Features(Person("王伟", "1980-01-02", {"13800138000"})),
                Features(Person("王伟", "1975-06-30", {"13900139000"})), m);
  EXPECT_LT(s.total, m.link_threshold);
  EXPECT_STREQ(Field(s, "birth_date")->level, "mismatch");
}

TEST(ScorerTest, DayMonthSwapIsPartialEvidence) {
  ScoringModel m;
  PairScore s = ScorePair(Features(Person("Ann Lee", "1990-03-07")),
                          Features(Person("Ann Lee", "1990-07-03")), m);
  EXPECT_STREQ(Field(s, "birth_date")->level, "day_month_swapped");
  EXPECT_DOUBLE_EQ(Field(s, "birth_date")->weight, m.dob_swapped);
}

TEST(ScorerTest, DifferentValidResidentIdsAreStrongEvidenceAgainst) {
  ScoringModel m;
  SourceRecord a = Person("王小明", "", {"13800138000"});
  SourceRecord b = a;
  a.national_id = "11010519491231002X";
  b.national_id = "110105198001011238";  // another valid resident id
  auto fa = Features(a), fb = Features(b);
  ASSERT_TRUE(fa.national_id && fb.national_id);
  PairScore checked = ScorePair(fa, fb, m);
  EXPECT_STREQ(Field(checked, "national_id")->level, "checked_mismatch");
  EXPECT_LT(checked.total, m.link_threshold);
  // A one-character typo in an opaque id is weak evidence for.
  SourceRecord c = Person("Ann Lee"), d = Person("Ann Lee");
  c.national_id = "5304218";
  d.national_id = "5304219";
  PairScore s = ScorePair(Features(c), Features(d), m);
  EXPECT_STREQ(Field(s, "national_id")->level, "one_edit");
}

TEST(ScorerTest, PersonNeverMatchesOrganization) {
  ScoringModel m;
  SourceRecord a = Person("华为", "", {"13800138000"});
  SourceRecord b = a;
  b.kind = Kind::kOrganization;
  EXPECT_LT(ScorePair(Features(a), Features(b), m).total, m.link_threshold);
}

TEST(ScorerTest, OnlyFieldsBothRecordsCarryAreCompared) {
  ScoringModel m;
  PairScore s = ScorePair(Features(Person("Ann Lee", "1990-03-07")),
                          Features(Person("Ann Lee")), m);
  EXPECT_EQ(Field(s, "birth_date"), nullptr);
  EXPECT_EQ(Field(s, "phone"), nullptr);
}

TEST(ScorerTest, ProbabilityGrowsWithScore) {
  ScoringModel m;
  EXPECT_LT(MatchProbability(0, m), 0.01);
  EXPECT_GT(MatchProbability(30, m), 0.99);
  EXPECT_NEAR(MatchProbability(-m.prior_log2, m), 0.5, 1e-9);
}

TEST(ScorerTest, NicknameIsItsOwnLevelInBothDirections) {
  ScoringModel m;
  const auto bob = Features(Person("Bob Smith", "1970-05-01"));
  const auto robert = Features(Person("Robert Smith", "1970-05-01"));
  for (const PairScore& s :
       {ScorePair(bob, robert, m), ScorePair(robert, bob, m)}) {
    ASSERT_NE(Field(s, "name"), nullptr);
    EXPECT_STREQ(Field(s, "name")->level, "nickname");
    EXPECT_EQ(Field(s, "name")->weight, m.name_nickname);
  }
  EXPECT_EQ(ScorePair(bob, robert, m).total, ScorePair(robert, bob, m).total);
  // The hand-set weights: a nickname and the birth date alone reach review,
  // not link; one more agreeing field links.
  EXPECT_LT(ScorePair(bob, robert, m).total, m.link_threshold);
  EXPECT_GE(ScorePair(bob, robert, m).total, m.review_threshold);
}

TEST(ScorerTest, DifferentGivenNamesAreNotNicknames) {
  ScoringModel m;
  PairScore s = ScorePair(Features(Person("Bill Smith", "1970-05-01")),
                          Features(Person("Robert Smith", "1970-05-01")), m);
  ASSERT_NE(Field(s, "name"), nullptr);
  EXPECT_STRNE(Field(s, "name")->level, "nickname");
}

}  // namespace
TEST(ScorerTest, BandScoringIsExactInsideAndStopsEarlyOutside) {
  const ScoringModel m;
  const double low = m.review_threshold, high = m.link_threshold;
  SourceRecord a = Person("张伟"), b = Person("张伟");
  a.address.postal_code = b.address.postal_code = "100001";
  // Same name and postcode only: inside the band, so scored in full.
  const auto fa = Features(a), fb = Features(b);
  PairScore full = ScorePair(fa, fb, m);
  ASSERT_GE(full.total, low);
  ASSERT_LT(full.total, high);
  PairScore banded = ScorePair(fa, fb, m, low, high);
  EXPECT_TRUE(banded.complete);
  EXPECT_EQ(banded.total, full.total);

  // A shared phone and e-mail on top settle the link before the differing
  // names are compared.
  a.phones = b.phones = {"13800138000"};
  a.emails = b.emails = {"zhang.wei@example.com"};
  b.name = "张薇";
  PairScore link = ScorePair(Features(a), Features(b), m, low, high);
  EXPECT_FALSE(link.complete);
  EXPECT_GE(link.total, high);

  // Nothing in common but a postcode: surely below the band.
  PairScore apart =
      ScorePair(Features(Person("李娜", "1980-01-01")),
                Features(Person("王芳", "1991-05-06")), m, low, high);
  EXPECT_LT(apart.total, low);
}

}  // namespace mdm::match
