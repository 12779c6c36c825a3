#include "hub/normalize/name.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace mdm::normalize {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

NormalizedName Person(std::string_view s) {
  return NormalizeName(s, Kind::kPerson);
}
NormalizedName Org(std::string_view s) {
  return NormalizeName(s, Kind::kOrganization);
}

bool ShareKey(const NormalizedName& a, const NormalizedName& b) {
  for (const std::string& k : a.keys) {
    if (std::find(b.keys.begin(), b.keys.end(), k) != b.keys.end()) return true;
  }
  return false;
}

TEST(NormalizeNameTest, HanNameGroupsFamilyAndGivenName) {
  NormalizedName n = Person("王小明");
  EXPECT_EQ(n.folded, "王小明");
  EXPECT_TRUE(n.has_han);
  EXPECT_THAT(n.tokens, ElementsAre("wang", "xiaoming"));
  EXPECT_THAT(n.keys, ElementsAre("wangxiaoming"));
}

TEST(NormalizeNameTest, TraditionalHanFoldsToSimplified) {
  NormalizedName trad = Person("王曉明");
  NormalizedName simp = Person("王晓明");
  EXPECT_EQ(trad.folded, simp.folded);
  EXPECT_EQ(trad.tokens, simp.tokens);
  EXPECT_EQ(trad.keys, simp.keys);
}

TEST(NormalizeNameTest, HomophonesShareThePinyinKey) {
  // 晓 and 小 are both xiao: different folded forms, same key.
  EXPECT_NE(Person("王晓明").folded, Person("王小明").folded);
  EXPECT_EQ(Person("王晓明").keys, Person("王小明").keys);
}

TEST(NormalizeNameTest, LatinNameKeysCoverBothOrders) {
  NormalizedName n = Person("Wang Xiaoming");
  EXPECT_FALSE(n.has_han);
  EXPECT_EQ(n.folded, "wang xiaoming");
  EXPECT_THAT(n.tokens, ElementsAre("wang", "xiaoming"));
  EXPECT_THAT(n.keys, ElementsAre("wangxiaoming", "xiaomingwang"));
}

TEST(NormalizeNameTest, GivenNameFirstUpperCaseHasSameKeys) {
  NormalizedName n = Person("XIAOMING WANG");
  EXPECT_THAT(n.tokens, ElementsAre("xiaoming", "wang"));
  EXPECT_EQ(n.keys, Person("Wang Xiaoming").keys);
}

TEST(NormalizeNameTest, SplitGivenNameStillYieldsConcatenatedKey) {
  NormalizedName n = Person("wang xiao ming");
  EXPECT_THAT(n.tokens, ElementsAre("wang", "xiao", "ming"));
  EXPECT_THAT(n.keys, Contains("wangxiaoming"));
  EXPECT_THAT(n.keys, Contains("mingwangxiao"));
  EXPECT_THAT(n.keys, Contains("xiaomingwang"));
}

TEST(NormalizeNameTest, HanTraditionalAndLatinFormsAllMeet) {
  const std::vector<NormalizedName> forms = {
      Person("王小明"),
      Person("王曉明"),
      Person("Wang Xiaoming"),
      Person("XIAOMING WANG"),
      Person("wang xiao ming"),
      Person("Wang Xiao-Ming"),
      Person("ＷＡＮＧ Ｘｉａｏｍｉｎｇ")};
  for (size_t i = 0; i < forms.size(); ++i) {
    for (size_t j = 0; j < forms.size(); ++j) {
      EXPECT_TRUE(ShareKey(forms[i], forms[j])) << i << " vs " << j;
    }
  }
}

TEST(NormalizeNameTest, FullWidthLatinFolds) {
  NormalizedName n = Person("ＷＡＮＧ");
  EXPECT_EQ(n.folded, "wang");
  EXPECT_THAT(n.tokens, ElementsAre("wang"));
  EXPECT_THAT(n.keys, ElementsAre("wang"));
}

TEST(NormalizeNameTest, CompoundSurnamesStayOneToken) {
  EXPECT_THAT(Person("欧阳娜娜").tokens, ElementsAre("ouyang", "nana"));
  EXPECT_THAT(Person("歐陽娜娜").tokens, ElementsAre("ouyang", "nana"));
  EXPECT_THAT(Person("司马光").tokens, ElementsAre("sima", "guang"));
  EXPECT_THAT(Person("诸葛亮").tokens, ElementsAre("zhuge", "liang"));
  EXPECT_THAT(Person("上官婉儿").tokens, ElementsAre("shangguan", "waner"));
  EXPECT_THAT(Person("欧阳娜娜").keys, ElementsAre("ouyangnana"));
  EXPECT_TRUE(ShareKey(Person("欧阳娜娜"), Person("Nana Ouyang")));
}

TEST(NormalizeNameTest, TwoCharNameStartingLikeCompoundIsSingleSurname) {
  EXPECT_THAT(Person("司马").tokens, ElementsAre("si", "ma"));
}

TEST(NormalizeNameTest, SingleCharacterGivenNameAndFamilyNameAlone) {
  EXPECT_THAT(Person("李白").tokens, ElementsAre("li", "bai"));
  EXPECT_THAT(Person("王").tokens, ElementsAre("wang"));
}

TEST(NormalizeNameTest, SurnameReadingsOverrideEverydayReadings) {
  // 曾 reads ceng in everyday words but zeng as a family name.
  EXPECT_THAT(Person("曾国藩").tokens, ElementsAre("zeng", "guofan"));
  EXPECT_TRUE(ShareKey(Person("曾国藩"), Person("Zeng Guofan")));
  EXPECT_THAT(Person("单雄信").tokens, ElementsAre("shan", "xiongxin"));
}

TEST(NormalizeNameTest, SpacesAndDotsInsideHanNamesAreDropped) {
  EXPECT_EQ(Person("王 小明").folded, "王小明");
  EXPECT_EQ(Person("王 小明").keys, Person("王小明").keys);
  EXPECT_EQ(Person("阿沛·阿旺晋美").folded, "阿沛阿旺晋美");
}

TEST(NormalizeNameTest, DiacriticsAreStripped) {
  NormalizedName n = Person("José García");
  EXPECT_EQ(n.folded, "josé garcía");
  EXPECT_THAT(n.tokens, ElementsAre("jose", "garcia"));
  EXPECT_EQ(Person("Müller").tokens, Person("Muller").tokens);
}

TEST(NormalizeNameTest, OtherScriptsAreRomanized) {
  EXPECT_THAT(Person("Владимир Путин").tokens,
              ElementsAre("vladimir", "putin"));
}

TEST(NormalizeNameTest, HyphensSplitAndApostrophesVanish) {
  NormalizedName n = Person("Jean-Luc O'Brien");
  EXPECT_EQ(n.folded, "jean luc obrien");
  EXPECT_THAT(n.tokens, ElementsAre("jean", "luc", "obrien"));
}

TEST(NormalizeNameTest, NameWithoutLettersHasNoTokensOrKeys) {
  for (const char* s : {"", "   ", "123", "!!! ---", "()"}) {
    NormalizedName n = Person(s);
    EXPECT_THAT(n.tokens, IsEmpty()) << s;
    EXPECT_THAT(n.keys, IsEmpty()) << s;
  }
}

TEST(NormalizeNameTest, InvalidUtf8DoesNotCrash) {
  NormalizedName n = Person("Wang\xFF Xiaoming");
  EXPECT_THAT(n.tokens, ElementsAre("wang", "xiaoming"));
}

TEST(NormalizeNameTest, HanOrganizationLosesLegalSuffix) {
  NormalizedName full = Org("北京华为技术有限公司");
  NormalizedName bare = Org("北京华为技术");
  EXPECT_EQ(full.folded, "北京华为技术");
  EXPECT_EQ(full.folded, bare.folded);
  EXPECT_THAT(full.tokens, ElementsAre("beijinghuaweijishu"));
  EXPECT_THAT(full.keys, ElementsAre("beijinghuaweijishu"));
  EXPECT_EQ(Org("北京華為技術股份有限公司").folded, "北京华为技术");
}

TEST(NormalizeNameTest, HanOrganizationSuffixesStripRepeatedly) {
  EXPECT_EQ(Org("华润集团有限公司").folded, "华润");
  EXPECT_EQ(Org("华润集团股份有限公司").folded, "华润");
  EXPECT_EQ(Org("华润(集团)有限公司").folded, "华润");
  EXPECT_EQ(Org("中国石油天然气集团总公司").folded, "中国石油天然气");
}

TEST(NormalizeNameTest, LatinOrganizationLegalFormsFoldTogether) {
  const std::string want = "acme";
  for (const char* s : {"Acme Co., Ltd.", "ACME LIMITED", "Acme Inc",
                        "Acme, Inc.", "Acme Corporation", "Acme L.L.C.",
                        "Acme GmbH", "ACME Company Limited", "acme"}) {
    NormalizedName n = Org(s);
    EXPECT_EQ(n.folded, want) << s;
    EXPECT_THAT(n.keys, ElementsAre("acme")) << s;
  }
}

TEST(NormalizeNameTest, LegalSuffixMustBeAWholeWordAtTheEnd) {
  EXPECT_EQ(Org("Zinc").folded, "zinc");
  EXPECT_EQ(Org("Acme Zinc").folded, "acme zinc");
  EXPECT_EQ(Org("Inc Acme").folded, "inc acme");
}

TEST(NormalizeNameTest, NameMadeOnlyOfALegalFormIsKept) {
  EXPECT_EQ(Org("公司").folded, "公司");
  EXPECT_EQ(Org("Company").folded, "company");
  EXPECT_THAT(Org("Company").tokens, ElementsAre("company"));
}

TEST(NormalizeNameTest, BranchDiffersFromParent) {
  NormalizedName parent = Org("华为技术有限公司");
  NormalizedName branch = Org("华为技术有限公司北京分公司");
  EXPECT_NE(parent.folded, branch.folded);
  EXPECT_EQ(branch.folded, "华为技术有限公司北京分公司");
  EXPECT_NE(parent.keys, branch.keys);

  NormalizedName latin_parent = Org("Acme Co., Ltd.");
  NormalizedName latin_branch = Org("Acme Co., Ltd. Beijing Branch");
  EXPECT_NE(latin_parent.folded, latin_branch.folded);
  EXPECT_FALSE(ShareKey(latin_parent, latin_branch));
}

TEST(NormalizeNameTest, PersonNamesKeepWordsThatLookLikeLegalForms) {
  EXPECT_THAT(Person("Li Co").tokens, ElementsAre("li", "co"));
}

TEST(ToPinyinTest, SeparatesSyllablesWithoutTones) {
  EXPECT_EQ(ToPinyin("王小明"), "wang xiao ming");
  EXPECT_EQ(ToPinyin("王曉明"), "wang xiao ming");
  EXPECT_EQ(ToPinyin("北京"), "bei jing");
}

TEST(ToPinyinTest, NonHanPassesThroughFolded) {
  EXPECT_EQ(ToPinyin("Wang  XIAOMING"), "wang xiaoming");
  EXPECT_EQ(ToPinyin("José"), "jose");
  EXPECT_EQ(ToPinyin(""), "");
}

TEST(NormalizeNameTest, ConcurrentCallsAgreeWithSingleThreaded) {
  const std::vector<std::string> names = {
      "王小明", "王曉明", "欧阳娜娜", "José García", "Wang Xiaoming",
      "曾国藩", "Müller", "Владимир", "诸葛亮",      "李白"};
  std::vector<NormalizedName> want;
  want.reserve(names.size());
  for (const std::string& s : names) want.push_back(Person(s));

  std::vector<std::thread> threads;
  threads.reserve(8);
  std::vector<int> mismatches(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round) {
        for (size_t i = 0; i < names.size(); ++i) {
          const NormalizedName got = Person(names[i]);
          if (got.tokens != want[i].tokens || got.keys != want[i].keys ||
              got.folded != want[i].folded) {
            ++mismatches[t];
          }
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

}  // namespace
}  // namespace mdm::normalize
