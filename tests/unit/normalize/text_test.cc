#include "hub/normalize/text.h"

#include <gtest/gtest.h>

namespace mdm::normalize {
namespace {

TEST(FoldTextTest, LowerCasesAndCollapsesWhitespace) {
  EXPECT_EQ(FoldText("  Wang \t\n Xiaoming  "), "wang xiaoming");
  EXPECT_EQ(FoldText(""), "");
  EXPECT_EQ(FoldText(" \t "), "");
}

TEST(FoldTextTest, FullWidthBecomesAscii) {
  EXPECT_EQ(FoldText("ＷＡＮＧ"), "wang");
  EXPECT_EQ(FoldText("１３８"), "138");
}

TEST(FoldTextTest, IdeographicSpaceCollapses) {
  EXPECT_EQ(FoldText("王\u3000\u3000小明"), "王 小明");
}

TEST(FoldTextTest, TraditionalBecomesSimplified) {
  EXPECT_EQ(FoldText("王曉明"), "王晓明");
  EXPECT_EQ(FoldText("歐陽娜娜"), "欧阳娜娜");
  EXPECT_EQ(FoldText("北京華為技術有限公司"), "北京华为技术有限公司");
}

TEST(FoldTextTest, CaseFoldsBeyondAscii) {
  EXPECT_EQ(FoldText("STRASSE"), FoldText("Straße"));
  EXPECT_EQ(FoldText("ÉMILE"), "émile");
}

TEST(FoldTextTest, AsciiFastPathAgreesWithIcuPath) {
  // The trailing é forces the ICU path for the second string.
  EXPECT_EQ(FoldText("ABC\tdef\r\nGhi") + "é", FoldText("ABC\tdef\r\nGhié"));
}

TEST(FoldTextTest, IsIdempotent) {
  for (const char* s : {"王曉明", "ＷＡＮＧ Xiao", "Straße", "José  García"}) {
    EXPECT_EQ(FoldText(FoldText(s)), FoldText(s)) << s;
  }
}

TEST(IsValidUtf8Test, AcceptsWellFormed) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("王小明"));
  EXPECT_TRUE(IsValidUtf8("emoji \xF0\x9F\x98\x80"));
}

TEST(IsValidUtf8Test, RejectsIllFormed) {
  EXPECT_FALSE(IsValidUtf8("ab\xFF"));
  EXPECT_FALSE(IsValidUtf8("\xE4\xB8"));      // truncated 中
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // UTF-16 surrogate
  EXPECT_FALSE(IsValidUtf8("\x80"));          // lone continuation byte
}

TEST(ContainsHanTest, DetectsHanOnly) {
  EXPECT_TRUE(ContainsHan("王"));
  EXPECT_TRUE(ContainsHan("Mr 王"));
  EXPECT_FALSE(ContainsHan("wang"));
  EXPECT_FALSE(ContainsHan("カタカナ"));
  EXPECT_FALSE(ContainsHan("한국"));
  EXPECT_FALSE(ContainsHan("\xFF\xFE"));
}

}  // namespace
}  // namespace mdm::normalize
