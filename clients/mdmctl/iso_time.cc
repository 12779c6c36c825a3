#include "clients/mdmctl/iso_time.h"

#include <cstdint>

#include "absl/strings/ascii.h"

namespace mdm::ctl {
namespace {

// Protobuf Timestamp covers 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z.
constexpr int64_t kMinSeconds = -62135596800;
constexpr int64_t kMaxSeconds = 253402300799;

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool AtEnd() const { return i_ == s_.size(); }
  char PeekChar() const { return AtEnd() ? '\0' : s_[i_]; }
  bool Consume(char c) {
    if (PeekChar() != c) return false;
    ++i_;
    return true;
  }
  // Exactly `n` ASCII digits.
  bool Digits(int n, int* out) {
    int v = 0;
    for (int k = 0; k < n; ++k) {
      if (AtEnd() || !absl::ascii_isdigit(s_[i_])) return false;
      v = v * 10 + (s_[i_++] - '0');
    }
    *out = v;
    return true;
  }
  // One or more digits as nanoseconds (the first nine count).
  bool Fraction(int* nanos) {
    int v = 0;
    int n = 0;
    while (!AtEnd() && absl::ascii_isdigit(s_[i_])) {
      if (n < 9) {
        v = v * 10 + (s_[i_] - '0');
        ++n;
      }
      ++i_;
    }
    if (n == 0) return false;
    for (; n < 9; ++n) v *= 10;
    *nanos = v;
    return true;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

absl::Status Invalid(const char* why) {
  return absl::InvalidArgumentError(why);
}

}  // namespace

absl::StatusOr<ParsedTime> ParseIsoTimestamp(std::string_view text) {
  Cursor c(text);
  int year = 0, month = 0, day = 0;
  if (!c.Digits(4, &year) || !c.Consume('-') || !c.Digits(2, &month) ||
      !c.Consume('-') || !c.Digits(2, &day)) {
    return Invalid("not an ISO 8601 date or timestamp");
  }
  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month)) {
    return Invalid("no such date");
  }
  int hour = 0, minute = 0, second = 0, nanos = 0;
  int offset_seconds = 0;
  ParsedTime parsed;
  if (!c.AtEnd()) {
    if (!(c.Consume('T') || c.Consume('t') || c.Consume(' '))) {
      return Invalid("expected 'T' between date and time");
    }
    if (!c.Digits(2, &hour) || !c.Consume(':') || !c.Digits(2, &minute)) {
      return Invalid("expected HH:MM after the date");
    }
    if (c.Consume(':')) {
      if (!c.Digits(2, &second)) return Invalid("expected seconds after ':'");
      if ((c.Consume('.') || c.Consume(',')) && !c.Fraction(&nanos)) {
        return Invalid("expected digits after the decimal point");
      }
    }
    if (hour > 23 || minute > 59 || second > 59) {
      return Invalid("time of day out of range");
    }
    if (c.Consume('Z') || c.Consume('z')) {
      // UTC
    } else if (c.PeekChar() == '+' || c.PeekChar() == '-') {
      const int sign = c.PeekChar() == '-' ? -1 : 1;
      c.Consume(c.PeekChar());
      int oh = 0, om = 0;
      if (!c.Digits(2, &oh)) return Invalid("bad zone offset");
      if (c.Consume(':')) {
        if (!c.Digits(2, &om)) return Invalid("bad zone offset");
      } else if (!c.AtEnd() && !c.Digits(2, &om)) {
        return Invalid("bad zone offset");
      }
      if (oh > 18 || om > 59) return Invalid("zone offset out of range");
      offset_seconds = sign * (oh * 3600 + om * 60);
    } else if (c.AtEnd()) {
      parsed.zone_assumed = true;
    }
  }
  if (!c.AtEnd()) return Invalid("unexpected text after the timestamp");

  const int64_t seconds = DaysFromCivil(year, month, day) * 86400 +
                          hour * 3600 + minute * 60 + second - offset_seconds;
  if (seconds < kMinSeconds || seconds > kMaxSeconds) {
    return Invalid("outside the years 0001..9999 in UTC");
  }
  parsed.timestamp.set_seconds(seconds);
  parsed.timestamp.set_nanos(nanos);
  return parsed;
}

}  // namespace mdm::ctl
