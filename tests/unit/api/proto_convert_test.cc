#include "hub/api/proto_convert.h"

#include <gtest/gtest.h>

#include "hub/common/errors.h"

namespace mdm::api {
namespace {

v1::SourceRecord FullRecord() {
  v1::SourceRecord r;
  r.set_source("erp");
  r.set_source_record_id("C10023");
  r.set_kind(v1::ORGANIZATION);
  r.set_name("北京星河远景科技有限公司");
  r.set_national_id("91110108789123453U");
  r.set_birth_date("");
  r.set_gender(v1::GENDER_UNSPECIFIED);
  r.add_phones("+86 10 8288 1234");
  r.add_emails("contact@example.com");
  r.mutable_address()->set_address_line("中关村大街27号");
  r.mutable_address()->set_city("北京");
  r.mutable_address()->set_region("北京");
  r.mutable_address()->set_postal_code("100080");
  r.mutable_address()->set_country("CN");
  r.mutable_updated_at()->set_seconds(1'700'000'000);
  r.mutable_updated_at()->set_nanos(123'456'000);
  r.set_source_version(7);
  (*r.mutable_attributes())["customer_tier"] = "platinum";
  return r;
}

TEST(ProtoConvertTest, SourceRecordRoundTrips) {
  v1::SourceRecord in = FullRecord();
  auto domain = FromProto(in, "record");
  ASSERT_TRUE(domain.ok()) << domain.status();
  EXPECT_EQ(domain->kind, Kind::kOrganization);
  EXPECT_EQ(domain->updated_at_us, 1'700'000'000'123'456);
  v1::SourceRecord out;
  ToProto(*domain, &out);
  EXPECT_EQ(out.SerializeAsString(), in.SerializeAsString());
}

TEST(ProtoConvertTest, UnknownEnumValuesNameTheirField) {
  v1::SourceRecord r = FullRecord();
  r.set_kind(static_cast<v1::Kind>(7));
  EXPECT_EQ(FieldOf(FromProto(r, "record").status()), "record.kind");
  r = FullRecord();
  r.set_gender(static_cast<v1::Gender>(9));
  EXPECT_EQ(FieldOf(FromProto(r, "record").status()), "record.gender");
}

TEST(ProtoConvertTest, TimestampsOutOfRangeAreRejected) {
  v1::SourceRecord r = FullRecord();
  r.mutable_updated_at()->set_seconds(-5);
  EXPECT_EQ(FieldOf(FromProto(r, "record").status()), "record.updated_at");
  r = FullRecord();
  r.mutable_updated_at()->set_nanos(1'000'000'000);
  EXPECT_EQ(FieldOf(FromProto(r, "record").status()), "record.updated_at");
}

TEST(ProtoConvertTest, GoldenRecordCarriesLineageAndResourceName) {
  GoldenRecord g;
  g.golden_id = "G0000000001";
  g.full_name = GoldenValue{"王小明", "王小明",
                            Lineage{{"erp", "C10023"}, "most_recent", 5}, 2};
  g.phones.push_back(GoldenValue{"138-0013-8000", "+8613800138000",
                                 Lineage{{"cc", "1"}, "most_frequent", 9}, 3});
  g.members = {{"cc", "1"}, {"erp", "C10023"}};
  g.merged_ids = {"G0000000007"};
  g.version = 4;
  g.etag = "v4";
  v1::GoldenRecord out;
  ToProto(g, &out);
  EXPECT_EQ(out.name(), "customers/G0000000001");
  EXPECT_EQ(out.full_name().lineage().source_record_id(), "C10023");
  EXPECT_EQ(out.phones(0).support(), 3);
  EXPECT_EQ(out.record_count(), 2);
  EXPECT_EQ(out.xrefs(1).golden_id(), "G0000000001");
  EXPECT_EQ(out.merged_ids(0), "G0000000007");
  EXPECT_FALSE(out.has_birth_date());
}

}  // namespace
}  // namespace mdm::api
