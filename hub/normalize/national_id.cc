#include "hub/normalize/national_id.h"

#include <array>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "hub/normalize/date.h"
#include "hub/normalize/internal.h"
#include "hub/normalize/text.h"

namespace mdm::normalize {
namespace {

// GB 11643 / ISO 7064 MOD 11-2: weight of position i is 2^(17-i) mod 11.
constexpr std::array<int, 17> kResidentWeights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                  3, 7, 9,  10, 5, 8, 4, 2};
constexpr std::string_view kResidentCheck = "10X98765432";

// GB 32100: 31 symbols, no I, O, Z, S, V (easily confused with digits);
// weight of position i is 3^i mod 31.
constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kUsccWeights = {
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

constexpr size_t kMinOther = 4;
constexpr size_t kMaxOther = 32;

absl::Status Invalid(std::string_view shown, std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("invalid national id \"", internal::ToAbsl(shown),
                   "\": ", internal::ToAbsl(why)));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// Check character over the first 17 digits.
char ResidentCheckChar(std::string_view first17) {
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    sum += (first17[i] - '0') * kResidentWeights[i];
  }
  return kResidentCheck[sum % 11];
}

// Check character over the first 17 symbols; '\0' if one is not in the
// alphabet.
char UsccCheckChar(std::string_view first17) {
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    const size_t v = kUsccAlphabet.find(first17[i]);
    if (v == std::string_view::npos) return '\0';
    sum += static_cast<int>(v) * kUsccWeights[i];
  }
  return kUsccAlphabet[(31 - sum % 31) % 31];
}

bool InUsccAlphabet(std::string_view s) {
  for (char c : s) {
    if (kUsccAlphabet.find(c) == std::string_view::npos) return false;
  }
  return true;
}

// `id18` has 17 digits and a check character that already matched.
absl::StatusOr<NationalId> ResidentFrom18(const std::string& id18) {
  absl::StatusOr<Date> birth = ParseDate(id18.substr(6, 8));
  if (!birth.ok()) {
    return Invalid(id18,
                   absl::StrCat("birth date: ", birth.status().message()));
  }
  NationalId out;
  out.type = IdType::kResidentId;
  out.normalized = id18;
  out.birth_date = FormatDate(*birth);
  return out;
}

absl::StatusOr<NationalId> ValidateResident18(const std::string& id) {
  const char want = ResidentCheckChar(id);
  if (id[17] != want) {
    return Invalid(id, absl::StrCat("resident id check character is '",
                                    std::string(1, id[17]), "', expected '",
                                    std::string(1, want), "'"));
  }
  return ResidentFrom18(id);
}

absl::StatusOr<NationalId> ValidateUscc(const std::string& id) {
  const char want = UsccCheckChar(id);
  if (want == '\0' || !InUsccAlphabet(id.substr(17))) {
    return Invalid(id, "character outside the social credit code alphabet");
  }
  if (id[17] != want) {
    return Invalid(id, absl::StrCat("social credit code check character is '",
                                    std::string(1, id[17]), "', expected '",
                                    std::string(1, want), "'"));
  }
  NationalId out;
  out.type = IdType::kSocialCreditCode;
  out.normalized = id;
  return out;
}

}  // namespace

absl::StatusOr<NationalId> NormalizeNationalId(std::string_view raw) {
  if (!IsValidUtf8(raw)) return Invalid("<bytes>", "not valid UTF-8");
  // Full-width digits and letters (common from Chinese IMEs) become ASCII.
  const std::string folded =
      internal::IsAscii(raw) ? std::string(raw) : FoldText(raw);
  std::string id;
  id.reserve(folded.size());
  for (char c : folded) {
    if (c == ' ' || c == '-' || c == '.' || internal::IsAsciiSpace(c)) continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!IsDigit(c) && !IsUpper(c)) {
      return Invalid(raw, "only letters and digits are allowed");
    }
    id.push_back(c);
  }

  if (id.size() == 15 && AllDigits(id)) {
    // Pre-1999 numbers: 6-digit area, YYMMDD, 3-digit sequence, no check.
    // All were issued to people born in the 1900s.
    std::string id18 = absl::StrCat(id.substr(0, 6), "19", id.substr(6));
    id18.push_back(ResidentCheckChar(id18));
    return ResidentFrom18(id18);
  }
  if (id.size() == 18) {
    const bool resident_shape = AllDigits(std::string_view(id).substr(0, 17)) &&
                                (IsDigit(id[17]) || id[17] == 'X');
    if (resident_shape) {
      absl::StatusOr<NationalId> resident = ValidateResident18(id);
      // A credit code may by chance be all digits; accept it as one rather
      // than reject a valid code for looking like a resident id.
      if (!resident.ok() && AllDigits(id)) {
        absl::StatusOr<NationalId> uscc = ValidateUscc(id);
        if (uscc.ok()) return uscc;
      }
      return resident;
    }
    if (InUsccAlphabet(id)) return ValidateUscc(id);
    // 18 characters with letters the credit code never uses (I, O, Z, S, V):
    // some other document, e.g. a foreign id.
  }
  if (id.size() < kMinOther || id.size() > kMaxOther) {
    return Invalid(raw, "expected 4 to 32 letters or digits");
  }
  NationalId out;
  out.type = IdType::kOther;
  out.normalized = std::move(id);
  return out;
}

}  // namespace mdm::normalize
