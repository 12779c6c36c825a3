#include "hub/normalize/email.h"

#include <gtest/gtest.h>

namespace mdm::normalize {
namespace {

TEST(NormalizeEmailTest, TrimsAndLowerCases) {
  EXPECT_EQ(*NormalizeEmail("  Wang.XiaoMing@Example.COM \n"),
            "wang.xiaoming@example.com");
}

TEST(NormalizeEmailTest, StripsMailtoPrefix) {
  EXPECT_EQ(*NormalizeEmail("MAILTO:li@corp.cn"), "li@corp.cn");
}

TEST(NormalizeEmailTest, KeepsPlusTagsAndSubdomains) {
  EXPECT_EQ(*NormalizeEmail("a.b+tag@mail.Sub.Example.co.uk"),
            "a.b+tag@mail.sub.example.co.uk");
}

TEST(NormalizeEmailTest, LowerCasesNonAscii) {
  EXPECT_EQ(*NormalizeEmail("ÉMILE@Exemple.FR"), "émile@exemple.fr");
  EXPECT_EQ(*NormalizeEmail("王@例子.中国"), "王@例子.中国");
}

TEST(NormalizeEmailTest, RejectsBadShapes) {
  for (const char* s :
       {"", "   ", "no-at-sign", "@example.com", "wang@", "wang@example",
        "wang@@example.com", "wang@exa@mple.com", "wang xiao@example.com",
        ".wang@example.com", "wang.@example.com", "wang..li@example.com",
        "wang@example..com", "wang@.example.com", "wang@example.c",
        "wang@-example.com", "wang@exam_ple.com", "wang@1.2.3.4"}) {
    absl::StatusOr<std::string> e = NormalizeEmail(s);
    EXPECT_FALSE(e.ok()) << '"' << s << "\" gave " << *e;
    if (!e.ok()) {
      EXPECT_EQ(e.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
}

TEST(NormalizeEmailTest, RejectsInvalidUtf8) {
  EXPECT_FALSE(NormalizeEmail("wang\xFF@example.com").ok());
}

TEST(NormalizeEmailTest, RejectsOverlongLocalPart) {
  EXPECT_FALSE(NormalizeEmail(std::string(65, 'a') + "@example.com").ok());
  EXPECT_TRUE(NormalizeEmail(std::string(64, 'a') + "@example.com").ok());
}

}  // namespace
}  // namespace mdm::normalize
