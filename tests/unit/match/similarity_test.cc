#include "hub/match/similarity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

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

// Reference: optimal string alignment distance by the textbook dynamic
// program, to check the linear one-edit test against.
int OsaDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

TEST(WithinOneEditTest, AcceptsEachKindOfSingleEdit) {
  EXPECT_TRUE(WithinOneEdit("5304218", "5304218"));  // equal
  EXPECT_TRUE(WithinOneEdit("5304218", "5304219"));  // substitution
  EXPECT_TRUE(WithinOneEdit("7180320", "7180230"));  // adjacent swap
  EXPECT_TRUE(WithinOneEdit("530418", "5304218"));   // insertion
  EXPECT_TRUE(WithinOneEdit("5304218", "304218"));   // deletion at the front
  EXPECT_TRUE(WithinOneEdit("", "a"));
}

TEST(WithinOneEditTest, RejectsTwoEdits) {
  EXPECT_FALSE(WithinOneEdit("kitten", "sitting"));
  EXPECT_FALSE(WithinOneEdit("abc", "cba"));
  EXPECT_FALSE(WithinOneEdit("19800102", "19800201"));  // two swaps apart
  EXPECT_FALSE(WithinOneEdit("a", "abc"));
}

TEST(WithinOneEditTest, AgreesWithTheDynamicProgramOnRandomStrings) {
  std::mt19937 rng(7);
  auto random_string = [&] {
    std::string s(rng() % 7, 'a');
    for (char& c : s) c = static_cast<char>('a' + rng() % 3);
    return s;
  };
  for (int n = 0; n < 20000; ++n) {
    const std::string a = random_string();
    const std::string b = random_string();
    EXPECT_EQ(WithinOneEdit(a, b), OsaDistance(a, b) <= 1) << a << " " << b;
  }
}

}  // namespace
}  // namespace mdm::match
