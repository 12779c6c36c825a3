#include "hub/match/packed_record.h"

#include <limits>

#include "gtest/gtest.h"
#include "hub/match/match_index.h"

namespace mdm::match {
namespace {

SourceRecord FullRecord() {
  SourceRecord r;
  r.key = {"erp", "C-1"};
  r.kind = Kind::kOrganization;
  r.name = "上海浦东发展银行股份有限公司 (Shanghai Branch)";
  r.national_id = "91310000132209447M";
  r.birth_date = "not a date";
  r.gender = Gender::kFemale;
  r.phones = {"+86 138 0013 8000", "", "(021)6888-8888"};
  r.emails = {"a@example.com"};
  r.address = {.line = std::string(300, 'x'),
               .city = "上海",
               .region = "SH",
               .postal_code = "200120",
               .country = "CN"};
  r.updated_at_us = -1'000'000;  // before 1970
  r.source_version = std::numeric_limits<int64_t>::max();
  r.attributes = {{"segment", "gold"}, {"", "empty key"}, {"tier", ""}};
  return r;
}

TEST(PackedRecordTest, EveryFieldSurvivesPackingExceptTheKey) {
  const SourceRecord in = FullRecord();
  const std::vector<FieldWarning> warnings = {
      {.field = "phones[1]", .value = "", .reason = "empty"},
      {.field = "birth_date", .value = "not a date", .reason = "unparseable"}};
  SourceRecord out;
  std::vector<FieldWarning> out_warnings(1);  // replaced, not appended to
  UnpackRecord(PackRecord(in, warnings), &out, &out_warnings);
  SourceRecord expected = in;
  expected.key = {};
  EXPECT_EQ(out, expected);
  EXPECT_EQ(out_warnings, warnings);
}

TEST(PackedRecordTest, AnEmptyRecordPacksIntoAFewBytes) {
  const std::string packed = PackRecord(SourceRecord{}, {});
  EXPECT_LE(packed.size(), 24u);
  SourceRecord out = FullRecord();
  std::vector<FieldWarning> warnings;
  UnpackRecord(packed, &out, &warnings);
  SourceRecord expected;
  expected.key = out.key;  // untouched
  EXPECT_EQ(out, expected);
  EXPECT_TRUE(warnings.empty());
}

TEST(PackedRecordTest, TruncatedInputNeverReadsPastItsEnd) {
  const std::string packed = PackRecord(FullRecord(), {});
  for (size_t n = 0; n < packed.size(); ++n) {
    SourceRecord out;
    std::vector<FieldWarning> warnings;
    UnpackRecord(std::string_view(packed).substr(0, n), &out, &warnings);
  }
}

TEST(PackedRecordTest, IndexedRecordKeepsAndReturnsTheStoredRecord) {
  StoredRecord s;
  s.record = FullRecord();
  s.golden_id = "G-000042";
  s.content_hash = 0x1234'5678'9abc'def0;
  s.warnings = {{.field = "phones[1]", .value = "", .reason = "empty"}};
  IndexedRecord r;
  r.Keep(s);
  EXPECT_EQ(r.key, s.record.key);
  EXPECT_EQ(r.golden_id, s.golden_id);
  EXPECT_EQ(r.updated_at_us, s.record.updated_at_us);
  EXPECT_EQ(r.source_version, s.record.source_version);
  EXPECT_EQ(r.Stored(), s);
}

}  // namespace
}  // namespace mdm::match
