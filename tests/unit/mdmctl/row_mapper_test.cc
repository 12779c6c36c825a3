#include "clients/mdmctl/row_mapper.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mdm::ctl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

RowMapper MakeMapper(const std::vector<std::string>& header) {
  absl::StatusOr<RowMapper> mapper = RowMapper::Create(header, "erp");
  EXPECT_TRUE(mapper.ok()) << mapper.status();
  return *std::move(mapper);
}

TEST(RowMapperTest, MapsEveryDesignColumn) {
  RowMapper mapper =
      MakeMapper({"source_record_id", "kind", "name", "national_id",
                  "birth_date", "gender", "phones", "emails", "address", "city",
                  "region", "postal_code", "country", "updated_at"});
  RowMapper::Result r = mapper.Map(
      7, {"C-1", "person", "王小明", "110101199003071234", "1990-03-07", "M",
          "138 0013 8000; +86 10 1234 5678;", "wxm@example.com", "建国路 1 号",
          "北京", "北京市", "100000", "CN", "2024-03-01T10:00:00+08:00"});
  ASSERT_FALSE(r.error) << FormatRowIssue(*r.error);
  EXPECT_THAT(r.warnings, IsEmpty());
  const mdm::v1::SourceRecord& rec = r.record;
  EXPECT_EQ(rec.source(), "erp");
  EXPECT_EQ(rec.source_record_id(), "C-1");
  EXPECT_EQ(rec.kind(), mdm::v1::PERSON);
  EXPECT_EQ(rec.name(), "王小明");
  EXPECT_EQ(rec.national_id(), "110101199003071234");
  EXPECT_EQ(rec.birth_date(), "1990-03-07");
  EXPECT_EQ(rec.gender(), mdm::v1::MALE);
  EXPECT_THAT(rec.phones(), ElementsAre("138 0013 8000", "+86 10 1234 5678"));
  EXPECT_THAT(rec.emails(), ElementsAre("wxm@example.com"));
  EXPECT_EQ(rec.address().address_line(), "建国路 1 号");
  EXPECT_EQ(rec.address().city(), "北京");
  EXPECT_EQ(rec.address().region(), "北京市");
  EXPECT_EQ(rec.address().postal_code(), "100000");
  EXPECT_EQ(rec.address().country(), "CN");
  EXPECT_EQ(rec.updated_at().seconds(), 1709251200 + 2 * 3600);
  EXPECT_THAT(rec.attributes(), IsEmpty());
}

TEST(RowMapperTest, ColumnsMayComeInAnyOrder) {
  RowMapper mapper = MakeMapper({"name", "source_record_id"});
  RowMapper::Result r = mapper.Map(2, {"Ann", "X9"});
  ASSERT_FALSE(r.error);
  EXPECT_EQ(r.record.source_record_id(), "X9");
  EXPECT_EQ(r.record.name(), "Ann");
}

TEST(RowMapperTest, AttrColumnsAndUnknownColumnsBecomeAttributes) {
  RowMapper mapper = MakeMapper(
      {"source_record_id", "attr.occupation", "loyalty_tier", "attr.empty"});
  RowMapper::Result r = mapper.Map(2, {"1", "teacher", "gold", ""});
  ASSERT_FALSE(r.error);
  EXPECT_THAT(r.record.attributes(),
              UnorderedElementsAre(Pair("occupation", "teacher"),
                                   Pair("loyalty_tier", "gold")));
}

TEST(RowMapperTest, TwoColumnsFillingOneAttributeIsAHeaderError) {
  EXPECT_FALSE(
      RowMapper::Create({"source_record_id", "attr.tier", "tier"}, "erp").ok());
  EXPECT_FALSE(RowMapper::Create({"source_record_id", "attr."}, "erp").ok());
}

TEST(RowMapperTest, MissingSourceRecordIdColumnIsAHeaderError) {
  absl::StatusOr<RowMapper> mapper = RowMapper::Create({"name"}, "erp");
  EXPECT_FALSE(mapper.ok());
  EXPECT_THAT(std::string(mapper.status().message()),
              HasSubstr("source_record_id"));
}

TEST(RowMapperTest, EmptySourceRecordIdRejectsTheRowWithItsLine) {
  RowMapper mapper = MakeMapper({"source_record_id", "name"});
  RowMapper::Result r = mapper.Map(12, {"  ", "Ann"});
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->line, 12);
  EXPECT_EQ(r.error->field, "source_record_id");
}

TEST(RowMapperTest, KindIsCaseInsensitiveAndDefaultsToPerson) {
  RowMapper mapper = MakeMapper({"source_record_id", "kind"});
  EXPECT_EQ(mapper.Map(2, {"1", ""}).record.kind(), mdm::v1::PERSON);
  EXPECT_EQ(mapper.Map(2, {"1", "Person"}).record.kind(), mdm::v1::PERSON);
  EXPECT_EQ(mapper.Map(2, {"1", " ORGANIZATION "}).record.kind(),
            mdm::v1::ORGANIZATION);
  EXPECT_EQ(MakeMapper({"source_record_id"}).Map(2, {"1"}).record.kind(),
            mdm::v1::PERSON);
}

TEST(RowMapperTest, UnknownKindRejectsTheRowNamingTheColumn) {
  RowMapper mapper = MakeMapper({"source_record_id", "kind"});
  RowMapper::Result r = mapper.Map(4, {"1", "company"});
  ASSERT_TRUE(r.error);
  EXPECT_EQ(FormatRowIssue(*r.error),
            "line 4: kind: must be person or organization (company)");
}

TEST(RowMapperTest, GenderSpellingsAreRecognized) {
  RowMapper mapper = MakeMapper({"source_record_id", "gender"});
  for (const char* male : {"M", "m", "male", "MALE", "男", " Male "}) {
    RowMapper::Result r = mapper.Map(2, {"1", male});
    EXPECT_EQ(r.record.gender(), mdm::v1::MALE) << male;
    EXPECT_THAT(r.warnings, IsEmpty());
  }
  for (const char* female : {"F", "f", "female", "Female", "女"}) {
    EXPECT_EQ(mapper.Map(2, {"1", female}).record.gender(), mdm::v1::FEMALE)
        << female;
  }
  RowMapper::Result empty = mapper.Map(2, {"1", ""});
  EXPECT_EQ(empty.record.gender(), mdm::v1::GENDER_UNSPECIFIED);
  EXPECT_THAT(empty.warnings, IsEmpty());
}

TEST(RowMapperTest, UnknownGenderIsSentUnsetWithWarningAndRawAttribute) {
  RowMapper mapper = MakeMapper({"source_record_id", "gender"});
  RowMapper::Result r = mapper.Map(9, {"1", "X"});
  ASSERT_FALSE(r.error);
  EXPECT_EQ(r.record.gender(), mdm::v1::GENDER_UNSPECIFIED);
  EXPECT_THAT(r.record.attributes(), ElementsAre(Pair("gender_raw", "X")));
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 9);
  EXPECT_EQ(r.warnings[0].field, "gender");
  EXPECT_EQ(r.warnings[0].value, "X");
}

TEST(RowMapperTest, ExplicitGenderRawColumnWinsOverDerivedValue) {
  RowMapper mapper =
      MakeMapper({"source_record_id", "gender", "attr.gender_raw"});
  RowMapper::Result r = mapper.Map(2, {"1", "X", "unknown"});
  EXPECT_THAT(r.record.attributes(),
              ElementsAre(Pair("gender_raw", "unknown")));
}

TEST(RowMapperTest, PhonesAndEmailsAreSplitTrimmedAndEmptiesDropped) {
  RowMapper mapper = MakeMapper({"source_record_id", "phones", "emails"});
  RowMapper::Result r =
      mapper.Map(2, {"1", " ;13800138000 ; ;021-1234", "a@x.cn;;B@Y.CN "});
  EXPECT_THAT(r.record.phones(), ElementsAre("13800138000", "021-1234"));
  EXPECT_THAT(r.record.emails(), ElementsAre("a@x.cn", "B@Y.CN"));
}

TEST(RowMapperTest, EmptyAddressPartsLeaveAddressUnset) {
  RowMapper mapper = MakeMapper({"source_record_id", "address", "city"});
  EXPECT_FALSE(mapper.Map(2, {"1", "", ""}).record.has_address());
  EXPECT_TRUE(mapper.Map(2, {"1", "", "上海"}).record.has_address());
}

TEST(RowMapperTest, BirthDateIsSentAsWritten) {
  RowMapper mapper = MakeMapper({"source_record_id", "birth_date"});
  RowMapper::Result r = mapper.Map(2, {"1", "1990年3月7日"});
  ASSERT_FALSE(r.error);
  EXPECT_EQ(r.record.birth_date(), "1990年3月7日");
}

TEST(RowMapperTest, UpdatedAtForms) {
  RowMapper mapper = MakeMapper({"source_record_id", "updated_at"});
  EXPECT_EQ(mapper.Map(2, {"1", "2024-03-01"}).record.updated_at().seconds(),
            1709251200);
  EXPECT_EQ(mapper.Map(2, {"1", "2024-03-01T10:00:00Z"})
                .record.updated_at()
                .seconds(),
            1709251200 + 10 * 3600);
  EXPECT_FALSE(mapper.Map(2, {"1", ""}).record.has_updated_at());
}

TEST(RowMapperTest, UpdatedAtWithoutZoneWarns) {
  RowMapper mapper = MakeMapper({"source_record_id", "updated_at"});
  RowMapper::Result r = mapper.Map(3, {"1", "2024-03-01T10:00:00"});
  ASSERT_FALSE(r.error);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].field, "updated_at");
}

TEST(RowMapperTest, UnparseableUpdatedAtRejectsTheRow) {
  RowMapper mapper = MakeMapper({"source_record_id", "updated_at"});
  RowMapper::Result r = mapper.Map(5, {"1", "last tuesday"});
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->line, 5);
  EXPECT_EQ(r.error->field, "updated_at");
  EXPECT_EQ(r.error->value, "last tuesday");
}

TEST(RowIssueTest, FormatsLineFieldReasonAndValue) {
  EXPECT_EQ(FormatRowIssue({3, "birth_date", "not a date", "1990-02-30"}),
            "line 3: birth_date: not a date (1990-02-30)");
  EXPECT_EQ(FormatRowIssue({4, "", "expected 2 fields, found 3", ""}),
            "line 4: expected 2 fields, found 3");
}

}  // namespace
}  // namespace mdm::ctl
