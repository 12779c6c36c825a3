#include "hub/match/term_frequency.h"

#include <gtest/gtest.h>

#include <memory>

#include "hub/match/match_index.h"
#include "hub/match/scorer.h"

namespace mdm::match {
namespace {

normalize::RecordFeatures Named(const std::string& name,
                                const std::string& city = "") {
  SourceRecord r;
  r.key = {"erp", name};
  r.name = name;
  r.address.city = city;
  return normalize::ExtractFeatures(r).features;
}

const FieldScore* NameScore(const PairScore& s) {
  for (const auto& f : s.fields) {
    if (std::string_view(f.field) == "name") return &f;
  }
  return nullptr;
}

TEST(TermFrequencyTest, ScriptsAndOrdersOfOneNameCountAsOneValue) {
  TermFrequencies tf;
  tf.Add(Named("王伟"));
  tf.Add(Named("王偉"));
  tf.Add(Named("Wei Wang"));
  tf.Add(Named("李娜"));
  EXPECT_EQ(tf.Total(TfField::kName), 4);
  EXPECT_EQ(
      tf.Count(TfField::kName, TfValue(Named("WANG WEI"), TfField::kName)), 3);
  tf.Remove(Named("王偉"));
  EXPECT_EQ(tf.Count(TfField::kName, TfValue(Named("王伟"), TfField::kName)),
            2);
  EXPECT_EQ(tf.Total(TfField::kName), 3);
}

TEST(TermFrequencyTest, MatchIndexKeepsCountsInStepWithPutAndRemove) {
  MatchIndex index;
  auto put = [&](const std::string& id, const std::string& name) {
    IndexedRecord r;
    r.key = {"erp", id};
    r.golden_id = "G" + id;
    r.features = Named(name, "shanghai");
    index.Put(std::move(r));
  };
  put("1", "王伟");
  put("2", "王伟");
  put("2", "李娜");  // replaced: its old name no longer counts
  const uint64_t wang = TfValue(Named("王伟"), TfField::kName);
  EXPECT_EQ(index.term_frequencies().Count(TfField::kName, wang), 1);
  EXPECT_EQ(index.term_frequencies().Total(TfField::kCity), 2);
  index.Remove({"erp", "1"});
  EXPECT_EQ(index.term_frequencies().Count(TfField::kName, wang), 0);
  EXPECT_EQ(index.term_frequencies().Total(TfField::kName), 1);
}

// 100 people with distinct names ("Zed abx"...), each seen once.
void AddHundredRareNames(TermFrequencies& tf) {
  const char* given[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
  for (int i = 0; i < 100; ++i) {
    tf.Add(Named(std::string("Zed ") + given[i % 10] + given[i / 10] + "x"));
  }
}

// 100 people called 王伟 and 100 with distinct names: a shared 王伟 must add
// less than a shared rare name, and the scorer must say by how much.
TEST(TermFrequencyTest, CommonSharedNameCountsLessThanRareOne) {
  auto tf = std::make_shared<TermFrequencies>();
  for (int i = 0; i < 100; ++i) tf->Add(Named("王伟"));
  AddHundredRareNames(*tf);
  tf->Freeze(2);
  ScoringModel m;
  m.tf = tf;
  const PairScore common = ScorePair(Named("王伟"), Named("王偉"), m);
  const PairScore rare = ScorePair(Named("Zed abx"), Named("Zed abx"), m);
  ASSERT_NE(NameScore(common), nullptr);
  ASSERT_NE(NameScore(rare), nullptr);
  EXPECT_LT(NameScore(common)->tf_adjustment, -0.5);
  EXPECT_GT(NameScore(rare)->tf_adjustment, 0.5);
  EXPECT_LT(NameScore(common)->weight, NameScore(rare)->weight);
  // 王偉 folds to 王伟: the exact level, adjusted.
  EXPECT_STREQ(NameScore(common)->level, "exact");
  EXPECT_DOUBLE_EQ(NameScore(common)->weight,
                   m.name_exact + NameScore(common)->tf_adjustment);
  // Clamped both ways.
  EXPECT_GE(NameScore(common)->tf_adjustment, -m.tf_max_down);
  EXPECT_LE(NameScore(rare)->tf_adjustment, m.tf_max_up);
}

// A nickname pair takes the adjustment of its more common written name,
// never a bonus: "Bob Smith" meeting one of 100 "Robert Smith"s counts less
// than the bare nickname weight, and two rare names gain nothing.
TEST(TermFrequencyTest, NicknameTakesTheCommonerNameAndNoBonus) {
  auto tf = std::make_shared<TermFrequencies>();
  for (int i = 0; i < 100; ++i) tf->Add(Named("Robert Smith"));
  AddHundredRareNames(*tf);
  tf->Add(Named("Bob Smith"));
  tf->Freeze(2);
  ScoringModel m;
  m.tf = tf;
  for (const PairScore& s :
       {ScorePair(Named("Bob Smith"), Named("Robert Smith"), m),
        ScorePair(Named("Robert Smith"), Named("Bob Smith"), m)}) {
    ASSERT_NE(NameScore(s), nullptr);
    EXPECT_STREQ(NameScore(s)->level, "nickname");
    EXPECT_LT(NameScore(s)->tf_adjustment, -0.5);
    EXPECT_DOUBLE_EQ(NameScore(s)->weight,
                     m.name_nickname + NameScore(s)->tf_adjustment);
  }
  const PairScore rare = ScorePair(Named("Bob Quux"), Named("Robert Quux"), m);
  ASSERT_NE(NameScore(rare), nullptr);
  EXPECT_EQ(NameScore(rare)->tf_adjustment, 0);
}

TEST(TermFrequencyTest, NoFrozenTableMeansNoAdjustment) {
  ScoringModel m;
  const PairScore s = ScorePair(Named("王伟"), Named("王伟"), m);
  ASSERT_NE(NameScore(s), nullptr);
  EXPECT_EQ(NameScore(s)->tf_adjustment, 0);
  EXPECT_EQ(NameScore(s)->weight, m.name_exact);
}

}  // namespace
}  // namespace mdm::match
