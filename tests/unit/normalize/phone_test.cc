#include "hub/normalize/phone.h"

#include <gtest/gtest.h>

namespace mdm::normalize {
namespace {

TEST(NormalizePhoneTest, ChineseMobileInEveryCommonForm) {
  for (const char* s :
       {"+86 138 0013 8000", "0086 13800138000", "138-0013-8000", "13800138000",
        "+86-138-0013-8000", "(+86) 138 0013 8000", "１３８００１３８０００"}) {
    absl::StatusOr<std::string> p = NormalizePhone(s);
    ASSERT_TRUE(p.ok()) << s << ": " << p.status();
    EXPECT_EQ(*p, "+8613800138000") << s;
  }
}

// Found by normalizers_fuzz: parsed with an "Italian" leading zero, this
// number's E.164 form changed when normalized again.
TEST(NormalizePhoneTest, ResultIsAFixedPoint) {
  for (const char* s : {"1111101001w510b", "+86 138 0013 8000", "(021)62345678",
                        "+39 06 1234 5678"}) {
    absl::StatusOr<std::string> p = NormalizePhone(s);
    if (!p.ok()) continue;
    absl::StatusOr<std::string> again = NormalizePhone(*p);
    ASSERT_TRUE(again.ok()) << s << " -> " << *p << ": " << again.status();
    EXPECT_EQ(*again, *p) << s;
  }
}

TEST(NormalizePhoneTest, ChineseLandlineWithAreaCode) {
  for (const char* s :
       {"(021)62345678", "021-6234-5678", "021 62345678", "+86 21 6234 5678"}) {
    absl::StatusOr<std::string> p = NormalizePhone(s);
    ASSERT_TRUE(p.ok()) << s << ": " << p.status();
    EXPECT_EQ(*p, "+862162345678") << s;
  }
  EXPECT_EQ(*NormalizePhone("010-12345678"), "+861012345678");
}

TEST(NormalizePhoneTest, ForeignNumberWithCountryCode) {
  EXPECT_EQ(*NormalizePhone("+1 650 253 0000"), "+16502530000");
  EXPECT_EQ(*NormalizePhone("+44 20 7031 3000"), "+442070313000");
}

TEST(NormalizePhoneTest, DefaultRegionAppliesToNationalNumbers) {
  EXPECT_EQ(*NormalizePhone("(650) 253-0000", "US"), "+16502530000");
  EXPECT_EQ(*NormalizePhone("(650) 253-0000", "us"), "+16502530000");
}

TEST(NormalizePhoneTest, RejectsNonNumbersAndImpossibleNumbers) {
  for (const char* s :
       {"12345", "abc", "", "110", "+86 1", "13800138000999999", "ab\xFF"}) {
    absl::StatusOr<std::string> p = NormalizePhone(s);
    EXPECT_FALSE(p.ok()) << '"' << s << "\" gave " << *p;
    if (!p.ok()) {
      EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
}

}  // namespace
}  // namespace mdm::normalize
