#include "hub/match/similarity.h"

#include <gtest/gtest.h>

namespace mdm::match {
namespace {

TEST(JaroWinklerTest, EqualStringsScoreOne) {
  EXPECT_DOUBLE_EQ(JaroWinkler("wangxiaoming", "wangxiaoming"), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("", ""), 1.0);
}

TEST(JaroWinklerTest, EmptyAgainstTextScoresZero) {
  EXPECT_DOUBLE_EQ(JaroWinkler("", "abc"), 0.0);
}

TEST(JaroWinklerTest, KnownTextbookValue) {
  // MARTHA/MARHTA: Jaro 0.944, Winkler with prefix 3 -> 0.961.
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.9611, 1e-4);
  EXPECT_NEAR(JaroWinkler("dixon", "dicksonx"), 0.8133, 1e-4);
}

TEST(JaroWinklerTest, TypoScoresHigherThanDifferentName) {
  EXPECT_GT(JaroWinkler("michaela", "micheala"), 0.94);
  EXPECT_LT(JaroWinkler("michaela", "courtney"), 0.6);
}

TEST(JaroWinklerTest, HandlesLongInputBeyondInlineBuffer) {
  std::string a(200, 'a'), b(200, 'a');
  b[150] = 'b';
  EXPECT_GT(JaroWinkler(a, b), 0.99);
}

TEST(BoundedLevenshteinTest, CountsEdits) {
  EXPECT_EQ(BoundedLevenshtein("5304218", "5304218", 2), 0);
  EXPECT_EQ(BoundedLevenshtein("5304218", "5304219", 2), 1);
  EXPECT_EQ(BoundedLevenshtein("kitten", "sitting", 5), 3);
}

TEST(BoundedLevenshteinTest, AdjacentSwapIsOneEdit) {
  EXPECT_EQ(BoundedLevenshtein("7180320", "7180230", 2), 1);
  EXPECT_EQ(BoundedLevenshtein("ab", "ba", 2), 1);
  EXPECT_EQ(BoundedLevenshtein("abc", "cba", 3), 2);
}

TEST(BoundedLevenshteinTest, StopsPastTheLimit) {
  EXPECT_EQ(BoundedLevenshtein("kitten", "sitting", 1), 2);
  EXPECT_EQ(BoundedLevenshtein("a", "abcdef", 2), 3);
}

}  // namespace
}  // namespace mdm::match
