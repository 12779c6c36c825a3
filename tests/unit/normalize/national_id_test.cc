#include "hub/normalize/national_id.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace mdm::normalize {
namespace {

// Reference check characters written from the standards' definitions (weights
// derived as powers, not copied tables), so the tests do not just mirror the
// implementation's constants.
char ResidentCheck(std::string_view first17) {
  int sum = 0;
  int weight = 1;
  for (int i = 16; i >= 0; --i) {  // weight of position i is 2^(17-i) mod 11
    weight = weight * 2 % 11;
    sum += (first17[i] - '0') * weight;
  }
  const int v = (12 - sum % 11) % 11;  // ISO 7064: (1 - sum) mod 11
  return v == 10 ? 'X' : static_cast<char>('0' + v);
}

constexpr std::string_view kUscc = "0123456789ABCDEFGHJKLMNPQRTUWXY";

char UsccCheck(std::string_view first17) {
  int sum = 0;
  int weight = 1;
  for (int i = 0; i < 17; ++i) {  // weight of position i is 3^i mod 31
    sum += static_cast<int>(kUscc.find(first17[i])) * weight;
    weight = weight * 3 % 31;
  }
  return kUscc[(31 - sum % 31) % 31];
}

std::string WithResidentCheck(std::string first17) {
  first17.push_back(ResidentCheck(first17));
  return first17;
}

std::string WithUsccCheck(std::string first17) {
  first17.push_back(UsccCheck(first17));
  return first17;
}

// Any other character than `c` in the check position.
char Wrong(char c) { return c == '0' ? '1' : '0'; }

TEST(ResidentIdTest, AcceptsPublishedSample) {
  absl::StatusOr<NationalId> id = NormalizeNationalId("11010519491231002X");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->type, IdType::kResidentId);
  EXPECT_EQ(id->normalized, "11010519491231002X");
  EXPECT_EQ(id->birth_date, "1949-12-31");
}

TEST(ResidentIdTest, AcceptsComputedCheckDigits) {
  for (const char* first17 : {"44030119800101123", "31011520000229001",
                              "65010219991231999", "11010119000101000"}) {
    const std::string id = WithResidentCheck(first17);
    absl::StatusOr<NationalId> n = NormalizeNationalId(id);
    ASSERT_TRUE(n.ok()) << id << ": " << n.status();
    EXPECT_EQ(n->type, IdType::kResidentId);
    EXPECT_EQ(n->normalized, id);
  }
}

TEST(ResidentIdTest, RejectsWrongCheckDigit) {
  std::string id = WithResidentCheck("44030119800101123");
  id.back() = Wrong(id.back());
  absl::StatusOr<NationalId> n = NormalizeNationalId(id);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(NormalizeNationalId("110105194912310021").ok());
}

TEST(ResidentIdTest, AcceptsLowerCaseXAndSeparators) {
  absl::StatusOr<NationalId> id = NormalizeNationalId(" 110105-19491231-002x ");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->normalized, "11010519491231002X");
  EXPECT_EQ(NormalizeNationalId("110 105 1949 1231 002X")->normalized,
            "11010519491231002X");
}

TEST(ResidentIdTest, AcceptsFullWidthDigits) {
  absl::StatusOr<NationalId> id =
      NormalizeNationalId("１１０１０５１９４９１２３１００２Ｘ");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->normalized, "11010519491231002X");
}

TEST(ResidentIdTest, RejectsImpossibleBirthDateEvenWithGoodCheckDigit) {
  for (const char* first17 : {"44030119800230123",     // 30 February
                              "44030119001300123",     // month 13
                              "44030119000229123"}) {  // 1900 not leap
    const std::string id = WithResidentCheck(first17);
    EXPECT_FALSE(NormalizeNationalId(id).ok()) << id;
  }
}

TEST(ResidentIdTest, LeapDayBirthDate) {
  absl::StatusOr<NationalId> id =
      NormalizeNationalId(WithResidentCheck("31011520000229001"));
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->birth_date, "2000-02-29");
}

TEST(ResidentIdTest, UpgradesFifteenDigitsToEighteen) {
  absl::StatusOr<NationalId> id = NormalizeNationalId("110105491231002");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->type, IdType::kResidentId);
  EXPECT_EQ(id->normalized, "11010519491231002X");
  EXPECT_EQ(id->birth_date, "1949-12-31");

  absl::StatusOr<NationalId> other = NormalizeNationalId("440301800101123");
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(other->normalized, WithResidentCheck("44030119800101123"));
}

TEST(ResidentIdTest, RejectsFifteenDigitsWithImpossibleDate) {
  EXPECT_FALSE(NormalizeNationalId("110105490231002").ok());  // 31 Feb
}

TEST(SocialCreditCodeTest, AcceptsPublishedSample) {
  absl::StatusOr<NationalId> id = NormalizeNationalId("91350100M000100Y43");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->type, IdType::kSocialCreditCode);
  EXPECT_EQ(id->normalized, "91350100M000100Y43");
  EXPECT_TRUE(id->birth_date.empty());
}

TEST(SocialCreditCodeTest, AcceptsComputedCheckCharacters) {
  for (const char* first17 : {"91110108MA01ABCDE", "52100000LQ0000001",
                              "9131000071093123X", "Y1440300MA5DXYQ0R"}) {
    const std::string id = WithUsccCheck(first17);
    absl::StatusOr<NationalId> n = NormalizeNationalId(id);
    ASSERT_TRUE(n.ok()) << id << ": " << n.status();
    EXPECT_EQ(n->type, IdType::kSocialCreditCode);
    EXPECT_EQ(n->normalized, id);
  }
}

TEST(SocialCreditCodeTest, LowerCaseIsUpperCased) {
  absl::StatusOr<NationalId> id = NormalizeNationalId("91350100m000100y43");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->normalized, "91350100M000100Y43");
}

TEST(SocialCreditCodeTest, RejectsWrongCheckCharacter) {
  std::string id = WithUsccCheck("91110108MA01ABCDE");
  id.back() = id.back() == 'A' ? 'B' : 'A';
  absl::StatusOr<NationalId> n = NormalizeNationalId(id);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(NormalizeNationalId("91350100M000100Y44").ok());
}

TEST(SocialCreditCodeTest, AllDigitCodeIsNotMistakenForResidentId) {
  // 17 digits whose middle is no date, with a digit check character.
  std::string id;
  for (int seq = 10; seq < 100; ++seq) {
    id = WithUsccCheck("911100000000000" + std::to_string(seq));
    if (id.back() >= '0' && id.back() <= '9') break;
  }
  ASSERT_TRUE(id.back() >= '0' && id.back() <= '9');
  absl::StatusOr<NationalId> n = NormalizeNationalId(id);
  ASSERT_TRUE(n.ok()) << id << ": " << n.status();
  EXPECT_EQ(n->type, IdType::kSocialCreditCode);
}

TEST(OtherIdTest, PassportAndPlainNumbersAreKept) {
  absl::StatusOr<NationalId> passport = NormalizeNationalId("e1234-5678");
  ASSERT_TRUE(passport.ok()) << passport.status();
  EXPECT_EQ(passport->type, IdType::kOther);
  EXPECT_EQ(passport->normalized, "E12345678");

  absl::StatusOr<NationalId> febrl = NormalizeNationalId("5304218");
  ASSERT_TRUE(febrl.ok()) << febrl.status();
  EXPECT_EQ(febrl->type, IdType::kOther);
  EXPECT_EQ(febrl->normalized, "5304218");
}

TEST(OtherIdTest, EighteenCharsOutsideCreditCodeAlphabetAreOther) {
  // 'O' and 'I' never occur in a credit code.
  absl::StatusOr<NationalId> id = NormalizeNationalId("PASSPORTNO12345678");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->type, IdType::kOther);
}

TEST(OtherIdTest, RejectsTooShortTooLongAndPunctuation) {
  EXPECT_FALSE(NormalizeNationalId("").ok());
  EXPECT_FALSE(NormalizeNationalId("123").ok());
  EXPECT_FALSE(NormalizeNationalId(std::string(33, '7')).ok());
  EXPECT_FALSE(NormalizeNationalId("AB#1234").ok());
  EXPECT_FALSE(NormalizeNationalId("王1234567").ok());
  EXPECT_FALSE(NormalizeNationalId("ab\xFF"
                                   "1234")
                   .ok());
}

}  // namespace
}  // namespace mdm::normalize
