#include "clients/mdmctl/iso_time.h"

#include "gtest/gtest.h"

namespace mdm::ctl {
namespace {

int64_t Seconds(std::string_view text) {
  absl::StatusOr<ParsedTime> parsed = ParseIsoTimestamp(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status();
  return parsed.ok() ? parsed->timestamp.seconds() : -1;
}

constexpr int64_t k2024_03_01 = 1709251200;  // 2024-03-01T00:00:00Z

TEST(IsoTimeTest, PlainDateIsMidnightUtc) {
  EXPECT_EQ(Seconds("2024-03-01"), k2024_03_01);
  EXPECT_FALSE(ParseIsoTimestamp("2024-03-01")->zone_assumed);
}

TEST(IsoTimeTest, UtcAndOffsetsAreApplied) {
  EXPECT_EQ(Seconds("2024-03-01T10:00:00Z"), k2024_03_01 + 10 * 3600);
  EXPECT_EQ(Seconds("2024-03-01T10:00:00+08:00"), k2024_03_01 + 2 * 3600);
  EXPECT_EQ(Seconds("2024-03-01T10:00:00+0800"), k2024_03_01 + 2 * 3600);
  EXPECT_EQ(Seconds("2024-03-01T10:00:00+08"), k2024_03_01 + 2 * 3600);
  EXPECT_EQ(Seconds("2024-03-01T00:30:00-05:30"), k2024_03_01 + 6 * 3600);
  EXPECT_EQ(Seconds("2024-03-01 10:00Z"), k2024_03_01 + 10 * 3600);
}

TEST(IsoTimeTest, FractionBecomesNanos) {
  absl::StatusOr<ParsedTime> parsed =
      ParseIsoTimestamp("2024-03-01T10:00:00.25Z");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->timestamp.nanos(), 250000000);
}

TEST(IsoTimeTest, MissingZoneIsTakenAsUtcAndFlagged) {
  absl::StatusOr<ParsedTime> parsed = ParseIsoTimestamp("2024-03-01T10:00:00");
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->zone_assumed);
  EXPECT_EQ(parsed->timestamp.seconds(), k2024_03_01 + 10 * 3600);
}

TEST(IsoTimeTest, LeapDayAndEpoch) {
  EXPECT_EQ(Seconds("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(Seconds("2024-02-29"), k2024_03_01 - 86400);
  EXPECT_EQ(Seconds("1969-12-31T23:59:59Z"), -1);
}

TEST(IsoTimeTest, RejectsUnparseableOrImpossibleValues) {
  for (const char* bad :
       {"", "yesterday", "2024/03/01", "2024-3-1", "2023-02-29", "2024-13-01",
        "2024-03-01T24:00:00Z", "2024-03-01T10:60Z",
        "2024-03-01T10:00:00+25:00", "2024-03-01T10:00:00Zjunk",
        "2024-03-01T10", "01-03-2024", "2024-03-01T10:00:00.Z"}) {
    EXPECT_FALSE(ParseIsoTimestamp(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace mdm::ctl
