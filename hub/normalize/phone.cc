#include "hub/normalize/phone.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "hub/normalize/internal.h"
#include "hub/normalize/text.h"

namespace mdm::normalize {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

absl::Status Invalid(std::string_view raw, std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("invalid phone \"", internal::ToAbsl(raw),
                   "\": ", internal::ToAbsl(why)));
}

const char* ParseErrorText(PhoneNumberUtil::ErrorType e) {
  switch (e) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
      return "unknown country code";
    case PhoneNumberUtil::NOT_A_NUMBER:
      return "not a phone number";
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
    case PhoneNumberUtil::TOO_SHORT_NSN:
      return "too short";
    case PhoneNumberUtil::TOO_LONG_NSN:
      return "too long";
    default:
      return "cannot parse";
  }
}

const char* PossibilityText(PhoneNumberUtil::ValidationResult r) {
  switch (r) {
    case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
      return "local number without area code";
    case PhoneNumberUtil::INVALID_COUNTRY_CODE:
      return "unknown country code";
    case PhoneNumberUtil::TOO_SHORT:
      return "too short";
    case PhoneNumberUtil::TOO_LONG:
      return "too long";
    case PhoneNumberUtil::INVALID_LENGTH:
      return "impossible length for the region";
    default:
      return "not a possible number";
  }
}

}  // namespace

absl::StatusOr<std::string> NormalizePhone(std::string_view raw,
                                           std::string_view default_region) {
  if (!IsValidUtf8(raw)) return Invalid("<bytes>", "not valid UTF-8");
  // PhoneNumberUtil is an immutable singleton after its first (thread-safe)
  // construction, so concurrent calls need no locking.
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  const std::string region =
      absl::AsciiStrToUpper(internal::ToAbsl(default_region));
  const PhoneNumberUtil::ErrorType err =
      util.Parse(std::string(raw), region, &number);
  if (err != PhoneNumberUtil::NO_PARSING_ERROR) {
    return Invalid(raw, ParseErrorText(err));
  }
  // Only IS_POSSIBLE: a local-only number ("12345", or a landline without its
  // area code) has no unambiguous E.164 form, so it cannot identify anybody.
  const PhoneNumberUtil::ValidationResult possible =
      util.IsPossibleNumberWithReason(number);
  if (possible != PhoneNumberUtil::IS_POSSIBLE) {
    return Invalid(raw, PossibilityText(possible));
  }
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  // A number parsed with an "Italian" leading zero (for instance
  // "1111101001w510b" in CN) formats to an E.164 string that parses back
  // without the zero ("+8601001510" -> "+861001510"). Matching needs one key
  // per number, so take the form that parses back to itself (found by
  // normalizers_fuzz).
  for (int round = 0; round < 2; ++round) {
    PhoneNumber again;
    if (util.Parse(e164, region, &again) != PhoneNumberUtil::NO_PARSING_ERROR ||
        util.IsPossibleNumberWithReason(again) !=
            PhoneNumberUtil::IS_POSSIBLE) {
      break;
    }
    std::string next;
    util.Format(again, PhoneNumberUtil::E164, &next);
    if (next == e164) return e164;
    e164 = std::move(next);
  }
  return Invalid(raw, "no stable E.164 form");
}

}  // namespace mdm::normalize
