#include "hub/normalize/nicknames.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace mdm::normalize {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

NormalizedName Person(std::string_view s) {
  return NormalizeName(s, Kind::kPerson);
}

std::vector<std::string_view> Canonical(std::string_view token) {
  absl::Span<const std::string_view> c = CanonicalGivenNames(token);
  return {c.begin(), c.end()};
}

TEST(NicknamesTest, DiminutivesMapToTheirCanonicalName) {
  EXPECT_THAT(Canonical("bob"), ElementsAre("robert"));
  EXPECT_THAT(Canonical("bobby"), ElementsAre("robert"));
  EXPECT_THAT(Canonical("bill"), ElementsAre("william"));
  EXPECT_THAT(Canonical("liam"), ElementsAre("william"));
  EXPECT_THAT(Canonical("peggy"), ElementsAre("margaret"));
  EXPECT_THAT(Canonical("betty"), ElementsAre("elizabeth"));
  EXPECT_THAT(Canonical("jimmy"), ElementsAre("james"));
  // Spelling variants fold to one form too.
  EXPECT_THAT(Canonical("kathryn"), ElementsAre("katherine"));
  EXPECT_THAT(Canonical("catherine"), ElementsAre("katherine"));
}

TEST(NicknamesTest, CanonicalNamesAndUnknownTokensHaveNoEntry) {
  EXPECT_THAT(Canonical("robert"), IsEmpty());
  EXPECT_THAT(Canonical("margaret"), IsEmpty());
  EXPECT_THAT(Canonical("smith"), IsEmpty());
  EXPECT_THAT(Canonical("xiaoming"), IsEmpty());
  EXPECT_THAT(Canonical(""), IsEmpty());
}

TEST(NicknamesTest, AmbiguousDiminutivesMapToEveryName) {
  EXPECT_THAT(Canonical("al"),
              UnorderedElementsAre("albert", "alan", "alfred", "alexander"));
  EXPECT_THAT(Canonical("bert"), Contains("robert"));
  EXPECT_THAT(Canonical("bert"), Contains("herbert"));
}

TEST(NicknamesTest, CanonicalNamesAreNeverThemselvesDiminutives) {
  // A chain (a -> b -> c) would need two lookups to meet; the table has none.
  for (std::string_view nick :
       {"bob", "bill", "al", "bert", "ed", "fred", "chris", "jon", "mel",
        "nell", "jerry", "millie", "terry", "pat", "sam", "max", "jo"}) {
    for (std::string_view c : Canonical(nick)) {
      EXPECT_THAT(Canonical(c), IsEmpty()) << nick << " -> " << c;
    }
  }
}

TEST(NicknamesTest, NameWithDiminutiveGetsCanonicalKeysInBothOrders) {
  const NormalizedName bob = Person("Bob Smith");
  EXPECT_THAT(bob.keys, ElementsAre("bobsmith", "smithbob"));
  EXPECT_THAT(bob.nickname_keys, ElementsAre("robertsmith", "smithrobert"));
  const NormalizedName robert = Person("SMITH, Robert");
  EXPECT_THAT(robert.nickname_keys, IsEmpty());
  EXPECT_THAT(robert.keys, Contains("robertsmith"));
}

TEST(NicknamesTest, AmbiguousDiminutiveGivesAKeyPerReading) {
  const NormalizedName al = Person("Al Jones");
  EXPECT_THAT(al.nickname_keys, Contains("albertjones"));
  EXPECT_THAT(al.nickname_keys, Contains("jonesalan"));
  EXPECT_EQ(al.nickname_keys.size(), 4u * 2u);
}

TEST(NicknamesTest, ReadingsAreBoundedWhenSeveralTokensAreAmbiguous) {
  // al (4 readings) x chris (3) would be 12 token lists; at most 4 are kept,
  // each with at most 3 rotations.
  const NormalizedName n = Person("Al Chris Ed");
  EXPECT_FALSE(n.nickname_keys.empty());
  EXPECT_LE(n.nickname_keys.size(), 4u * 3u);
}

TEST(NicknamesTest, HanNamesAndOrganizationsGetNoNicknameKeys) {
  EXPECT_THAT(Person("王小明").nickname_keys, IsEmpty());
  EXPECT_THAT(
      NormalizeName("Bob Trading Co., Ltd.", Kind::kOrganization).nickname_keys,
      IsEmpty());
}

TEST(NicknamesTest, SameNameByNicknameMeetsAcrossDiminutivesAndOrder) {
  EXPECT_TRUE(SameNameByNickname(Person("Bob Smith"), Person("Robert Smith")));
  EXPECT_TRUE(SameNameByNickname(Person("Robert Smith"), Person("Bob Smith")));
  EXPECT_TRUE(SameNameByNickname(Person("Bobby Smith"), Person("Smith Rob")));
  EXPECT_TRUE(
      SameNameByNickname(Person("Peggy Olson"), Person("Maggie Olson")));
}

TEST(NicknamesTest, SameNameByNicknameRejectsOtherPeople) {
  EXPECT_FALSE(SameNameByNickname(Person("Bob Smith"), Person("Robert Jones")));
  EXPECT_FALSE(SameNameByNickname(Person("Bob Smith"), Person("Bill Smith")));
  // Without a diminutive on either side there is nothing to say: equal names
  // are the exact and key levels' business.
  EXPECT_FALSE(
      SameNameByNickname(Person("Robert Smith"), Person("Robert Smith")));
}

}  // namespace
}  // namespace mdm::normalize
