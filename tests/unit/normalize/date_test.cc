#include "hub/normalize/date.h"

#include <gtest/gtest.h>

namespace mdm::normalize {
namespace {

TEST(ParseDateTest, AcceptsAllSupportedFormats) {
  const Date want{1990, 3, 7};
  for (const char* s :
       {"1990-03-07", "1990/03/07", "1990.03.07", "19900307", " 1990-3-7 "}) {
    absl::StatusOr<Date> d = ParseDate(s);
    ASSERT_TRUE(d.ok()) << s << ": " << d.status();
    EXPECT_EQ(*d, want) << s;
  }
}

TEST(ParseDateTest, LeapDays) {
  EXPECT_TRUE(ParseDate("2000-02-29").ok());  // divisible by 400
  EXPECT_TRUE(ParseDate("2024-02-29").ok());
  EXPECT_TRUE(ParseDate("19960229").ok());
  EXPECT_FALSE(ParseDate("1900-02-29").ok());  // divisible by 100 only
  EXPECT_FALSE(ParseDate("2023-02-29").ok());
  EXPECT_FALSE(ParseDate("2024-02-30").ok());
}

TEST(ParseDateTest, RejectsImpossibleDates) {
  EXPECT_FALSE(ParseDate("2021-04-31").ok());
  EXPECT_FALSE(ParseDate("2021-13-01").ok());
  EXPECT_FALSE(ParseDate("2021-00-10").ok());
  EXPECT_FALSE(ParseDate("2021-01-00").ok());
}

TEST(ParseDateTest, RejectsYearsOutOfRange) {
  EXPECT_FALSE(ParseDate("1849-12-31").ok());
  EXPECT_TRUE(ParseDate("1850-01-01").ok());
  EXPECT_TRUE(ParseDate("2100-12-31").ok());
  EXPECT_FALSE(ParseDate("2101-01-01").ok());
}

TEST(ParseDateTest, RejectsMalformedInput) {
  for (const char* s :
       {"", "1990", "1990-03", "1990-03/07", "1990-03-07x", "90-03-07",
        "1990_03_07", "1990-003-07", "abcd-ef-gh", "199003071"}) {
    absl::StatusOr<Date> d = ParseDate(s);
    EXPECT_FALSE(d.ok()) << s;
    if (!d.ok()) {
      EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
}

TEST(FormatDateTest, PadsToIso) {
  EXPECT_EQ(FormatDate(Date{1990, 3, 7}), "1990-03-07");
  EXPECT_EQ(FormatDate(*ParseDate("2000/2/29")), "2000-02-29");
}

}  // namespace
}  // namespace mdm::normalize
