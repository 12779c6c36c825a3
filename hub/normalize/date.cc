#include "hub/normalize/date.h"

#include <cctype>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "hub/normalize/internal.h"
#include "hub/normalize/text.h"

namespace mdm::normalize {
namespace {

constexpr int kMinYear = 1850;
constexpr int kMaxYear = 2100;

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Reads a run of 1..max_len ASCII digits starting at *pos.
bool ReadNumber(std::string_view s, size_t* pos, size_t min_len, size_t max_len,
                int* out) {
  size_t start = *pos;
  int v = 0;
  while (*pos < s.size() && *pos - start < max_len && s[*pos] >= '0' &&
         s[*pos] <= '9') {
    v = v * 10 + (s[*pos] - '0');
    ++*pos;
  }
  if (*pos - start < min_len) return false;
  *out = v;
  return true;
}

absl::Status Invalid(std::string_view raw, std::string_view why) {
  // Messages end up in protobuf strings, which must be valid UTF-8.
  const std::string_view shown = IsValidUtf8(raw) ? raw : "<invalid UTF-8>";
  return absl::InvalidArgumentError(
      absl::StrCat("invalid date \"", internal::ToAbsl(shown),
                   "\": ", internal::ToAbsl(why)));
}

}  // namespace

absl::StatusOr<Date> ParseDate(std::string_view raw) {
  std::string_view s = internal::TrimAsciiSpace(raw);
  Date d;
  size_t pos = 0;
  if (s.size() == 8 && ReadNumber(s, &pos, 8, 8, &d.year)) {
    // YYYYMMDD: split the eight digits.
    d.month = (d.year / 100) % 100;
    d.day = d.year % 100;
    d.year /= 10000;
  } else {
    pos = 0;
    if (!ReadNumber(s, &pos, 4, 4, &d.year) || pos >= s.size()) {
      return Invalid(raw,
                     "expected YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or "
                     "YYYYMMDD");
    }
    const char sep = s[pos];
    if (sep != '-' && sep != '/' && sep != '.') {
      return Invalid(raw, "unknown separator");
    }
    ++pos;
    // One-digit months and days ("2024-2-9") are common in exports; accept.
    if (!ReadNumber(s, &pos, 1, 2, &d.month) || pos >= s.size() ||
        s[pos] != sep) {
      return Invalid(raw, "expected the same separator between all parts");
    }
    ++pos;
    if (!ReadNumber(s, &pos, 1, 2, &d.day) || pos != s.size()) {
      return Invalid(raw, "trailing characters or bad day");
    }
  }
  if (d.year < kMinYear || d.year > kMaxYear) {
    return Invalid(raw,
                   absl::StrCat("year outside ", kMinYear, "..", kMaxYear));
  }
  if (d.month < 1 || d.month > 12) return Invalid(raw, "no such month");
  if (d.day < 1 || d.day > DaysInMonth(d.year, d.month)) {
    return Invalid(raw, "no such day in that month");
  }
  return d;
}

std::string FormatDate(const Date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year, d.month, d.day);
}

}  // namespace mdm::normalize
