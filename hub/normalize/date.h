// Calendar dates.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mdm::normalize {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  bool operator==(const Date&) const = default;
};

// Accepts YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD and YYYYMMDD; the date must exist
// (leap years included) and the year lie in 1850..2100. InvalidArgument with
// the reason otherwise.
absl::StatusOr<Date> ParseDate(std::string_view raw);

// "YYYY-MM-DD".
std::string FormatDate(const Date& d);

}  // namespace mdm::normalize
