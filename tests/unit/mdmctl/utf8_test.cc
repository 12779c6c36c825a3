#include "clients/mdmctl/utf8.h"

#include "gtest/gtest.h"

namespace mdm::csv {
namespace {

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_EQ(FindInvalidUtf8(""), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("plain ascii"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("王小明 é 😀"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("\xF4\x8F\xBF\xBF"), std::nullopt);  // U+10FFFF
}

TEST(Utf8Test, RejectsMalformedSequencesAtTheirOffset) {
  EXPECT_EQ(FindInvalidUtf8("ab\x80"), 2u);            // lone continuation
  EXPECT_EQ(FindInvalidUtf8("a\xC3"), 1u);             // truncated
  EXPECT_EQ(FindInvalidUtf8("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("\xE0\x80\xAF"), 0u);      // overlong
  EXPECT_EQ(FindInvalidUtf8("\xED\xA0\x80"), 0u);      // surrogate
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // > U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("x\xE7\x8E"), 1u);         // cut 3-byte
  EXPECT_EQ(FindInvalidUtf8("\xFF"), 0u);
  EXPECT_EQ(FindInvalidUtf8("\xE7\x8E\x41"), 0u);  // bad continuation
}

}  // namespace
}  // namespace mdm::csv
