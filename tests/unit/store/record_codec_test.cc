#include "hub/store/record_codec.h"

#include "gtest/gtest.h"
#include "tests/unit/store/store_test_util.h"

namespace mdm::testing {
namespace {

// The decoders take the key columns as given; copy them as the store does.
StoredRecord Decoded(const StoredRecord& like, const std::string& data) {
  StoredRecord out;
  out.record.key = like.record.key;
  out.golden_id = like.golden_id;
  out.record.updated_at_us = like.record.updated_at_us;
  absl::Status s = DecodeRecordData(data, &out);
  EXPECT_TRUE(s.ok()) << s;
  return out;
}

TEST(StoreRecordCodecTest, RecordRoundTrips) {
  StoredRecord full = FullRecord();
  EXPECT_EQ(Decoded(full, Must(EncodeRecordData(full))), full);
  StoredRecord bare;
  EXPECT_EQ(Decoded(bare, Must(EncodeRecordData(bare))), bare);
}

TEST(StoreRecordCodecTest, DefaultsAreLeftOutAndColumnsNotRepeated) {
  StoredRecord r = Rec("erp", "1", "G1");
  r.record.updated_at_us = 5;
  EXPECT_EQ(Must(EncodeRecordData(r)), R"({"kind":"person","name":"n-1"})");
  GoldenRecord g = Entity("G1", 3);
  EXPECT_EQ(Must(EncodeEntityData(g)), R"({"kind":"person"})");
}

TEST(StoreRecordCodecTest, ContentHashIsHexText) {
  StoredRecord r;
  r.content_hash = 0x8000000000000001u;
  EXPECT_NE(
      Must(EncodeRecordData(r)).find(R"("content_hash":"8000000000000001")"),
      std::string::npos);
}

TEST(StoreRecordCodecTest, EntityRoundTrips) {
  GoldenRecord full = FullEntity();
  GoldenRecord out;
  out.golden_id = full.golden_id;
  out.version = full.version;
  absl::Status s = DecodeEntityData(Must(EncodeEntityData(full)), &out);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(out, full);
}

TEST(StoreRecordCodecTest, MalformedDataIsDataLossNamingTheRow) {
  for (const char* data :
       {"", "[]", "{", R"({"kind":"robot"})", R"({"name":7})",
        R"({"gender":"x"})", R"({"content_hash":"zz"})",
        R"({"phones":"not a list"})"}) {
    StoredRecord r;
    r.record.key = {"erp", "42"};
    absl::Status s = DecodeRecordData(data, &r);
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << data;
    EXPECT_NE(s.message().find("records row (erp, 42)"), std::string::npos)
        << s;
  }
  GoldenRecord g;
  g.golden_id = "G7";
  absl::Status s = DecodeEntityData(R"({"full_name":[1]})", &g);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(s.message().find("entities row G7"), std::string::npos) << s;
}

}  // namespace
}  // namespace mdm::testing
