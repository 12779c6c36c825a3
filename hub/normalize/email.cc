#include "hub/normalize/email.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "hub/normalize/internal.h"
#include "hub/normalize/text.h"

namespace mdm::normalize {
namespace {

// RFC 5321 limits.
constexpr size_t kMaxLocal = 64;
constexpr size_t kMaxAddress = 254;

absl::Status Invalid(std::string_view raw, std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("invalid e-mail \"", internal::ToAbsl(raw),
                   "\": ", internal::ToAbsl(why)));
}

std::string Lower(std::string_view s) {
  if (internal::IsAscii(s)) return absl::AsciiStrToLower(internal::ToAbsl(s));
  // Internationalized addresses: Unicode lower-casing (root locale).
  std::string out;
  icu::UnicodeString::fromUTF8(
      icu::StringPiece(s.data(), static_cast<int32_t>(s.size())))
      .toLower(icu::Locale::getRoot())
      .toUTF8String(out);
  return out;
}

bool HasBadChar(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '@' || c == ',' || c == ';' ||
        c == '<' || c == '>' || c == '(' || c == ')' || c == '[' || c == ']' ||
        c == '"' || c == '\\') {
      return true;
    }
  }
  return false;
}

}  // namespace

absl::StatusOr<std::string> NormalizeEmail(std::string_view raw) {
  if (!IsValidUtf8(raw)) return Invalid("<bytes>", "not valid UTF-8");
  std::string_view s = internal::TrimAsciiSpace(raw);
  // Exports from CRMs often keep the link form.
  if (absl::StartsWithIgnoreCase(internal::ToAbsl(s), "mailto:")) {
    s.remove_prefix(7);
  }
  if (s.empty()) return Invalid(raw, "empty");
  if (s.size() > kMaxAddress) return Invalid(raw, "longer than 254 bytes");
  const size_t at = s.find('@');
  if (at == std::string_view::npos) return Invalid(raw, "no '@'");
  std::string_view local = s.substr(0, at);
  std::string_view domain = s.substr(at + 1);
  if (local.empty()) return Invalid(raw, "empty local part");
  if (local.size() > kMaxLocal) return Invalid(raw, "local part too long");
  if (HasBadChar(local) || HasBadChar(domain)) {
    return Invalid(raw, "space, second '@' or other forbidden character");
  }
  if (local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos) {
    return Invalid(raw, "misplaced dot in local part");
  }
  std::vector<absl::string_view> labels =
      absl::StrSplit(internal::ToAbsl(domain), '.');
  if (labels.size() < 2) return Invalid(raw, "domain has no dot");
  for (absl::string_view label : labels) {
    if (label.empty()) return Invalid(raw, "empty domain label");
    if (label.front() == '-' || label.back() == '-') {
      return Invalid(raw, "domain label starts or ends with '-'");
    }
    for (char c : label) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x80 && !absl::ascii_isalnum(u) && c != '-') {
        return Invalid(raw, "bad character in domain");
      }
    }
  }
  const absl::string_view tld = labels.back();
  if (tld.size() < 2) return Invalid(raw, "top-level domain too short");
  bool tld_all_digits = true;
  for (char c : tld) tld_all_digits = tld_all_digits && absl::ascii_isdigit(c);
  if (tld_all_digits) return Invalid(raw, "numeric top-level domain");
  return absl::StrCat(Lower(local), "@", Lower(domain));
}

}  // namespace mdm::normalize
