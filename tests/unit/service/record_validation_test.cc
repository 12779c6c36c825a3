#include "hub/service/record_validation.h"

#include <gtest/gtest.h>

#include "hub/common/errors.h"

namespace mdm::service {
namespace {

SourceRecord Valid() {
  SourceRecord r;
  r.key = {"erp", "C1"};
  r.name = "王小明";
  return r;
}

std::string FieldFor(const SourceRecord& r) {
  absl::Status s = ValidateRecord(r, "record");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  return FieldOf(s).value_or("<none>");
}

TEST(RecordValidationTest, AcceptsAPlainRecord) {
  EXPECT_TRUE(ValidateRecord(Valid(), "record").ok());
}

TEST(RecordValidationTest, NamesEveryOffendingField) {
  SourceRecord r = Valid();
  r.key.source = "";
  EXPECT_EQ(FieldFor(r), "record.source");
  r = Valid();
  r.key.source = "erp system";  // space is not allowed in a source name
  EXPECT_EQ(FieldFor(r), "record.source");
  r = Valid();
  r.key.source_record_id = "";
  EXPECT_EQ(FieldFor(r), "record.source_record_id");
  r = Valid();
  r.name = std::string("\xff\xfe", 2);
  EXPECT_EQ(FieldFor(r), "record.name");
  r = Valid();
  r.phones = {"138", std::string(100, '1')};
  EXPECT_EQ(FieldFor(r), "record.phones[1]");
  r = Valid();
  r.phones.assign(kMaxListValues + 1, "1");
  EXPECT_EQ(FieldFor(r), "record.phones");
  r = Valid();
  r.attributes["bad key"] = "x";
  EXPECT_EQ(FieldFor(r), "record.attributes[bad key]");
  r = Valid();
  r.address.city = std::string(kMaxTextLength + 1, 'a');
  EXPECT_EQ(FieldFor(r), "record.address.city");
}

TEST(RecordValidationTest, KeyAloneUsesBareFieldNames) {
  absl::Status s = ValidateRecordKey({"erp", ""}, "");
  EXPECT_EQ(FieldOf(s).value_or(""), "source_record_id");
}

}  // namespace
}  // namespace mdm::service
