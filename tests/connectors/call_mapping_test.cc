#include "connectors/callcenter/callcenter_source.h"
#include "gtest/gtest.h"

namespace mdm::connectors::callcenter {
namespace {

TEST(CallMappingTest, ACallBecomesACallerUpsertAndAnInteractionFact) {
  auto changes = MapCallLine(
      R"({"call_id":"C-1","time":"2024-05-01T09:12:33+08:00",)"
      R"("caller_phone":"+86 138 0013 8000","caller_name":"王小明",)"
      R"("customer_id":"CC-341","topic":"billing","complaint":true,)"
      R"("outcome":"escalated","agent":"A-07"})",
      "f:0");
  ASSERT_TRUE(changes.ok()) << changes.status();
  ASSERT_EQ(changes->size(), 2u);
  const Change& up = (*changes)[0];
  EXPECT_EQ(up.type, Change::Type::kUpsert);
  EXPECT_EQ(up.record.source_record_id(), "CC-341");
  EXPECT_EQ(up.record.name(), "王小明");
  EXPECT_EQ(up.record.phones(0), "+86 138 0013 8000");
  EXPECT_EQ(up.record.updated_at().seconds(), 1714525953);
  const Change& fact = (*changes)[1];
  EXPECT_EQ(fact.type, Change::Type::kFact);
  EXPECT_EQ(fact.fact.fact_id(), "C-1");
  EXPECT_EQ(fact.fact.source_record_id(), "CC-341");
  EXPECT_TRUE(fact.fact.interaction().complaint());
  EXPECT_EQ(fact.fact.interaction().topic(), "billing");
  EXPECT_EQ(fact.fact.attributes().at("agent"), "A-07");
}

TEST(CallMappingTest, AnUnidentifiedCallerIsKeyedByPhoneDigits) {
  auto changes =
      MapCallLine(R"({"call_id":"C-2","time":"2024-05-01T01:00:00Z",)"
                  R"("caller_phone":"0086-138-0013-8000"})",
                  "f:0");
  ASSERT_TRUE(changes.ok()) << changes.status();
  EXPECT_EQ((*changes)[0].record.source_record_id(), "tel:008613800138000");
}

TEST(CallMappingTest, UnmappableLinesSayWhy) {
  EXPECT_NE(MapCallLine("not json", "f:0").status().message().find("JSON"),
            std::string::npos);
  EXPECT_NE(MapCallLine(R"({"time":"2024-05-01T01:00:00Z"})", "f:0")
                .status()
                .message()
                .find("call_id"),
            std::string::npos);
  EXPECT_NE(MapCallLine(R"({"call_id":"x","time":"yesterday",)"
                        R"("customer_id":"c"})",
                        "f:0")
                .status()
                .message()
                .find("RFC 3339"),
            std::string::npos);
  EXPECT_FALSE(
      MapCallLine(R"({"call_id":"x","time":"2024-05-01T01:00:00Z"})", "f:0")
          .ok());
}

}  // namespace
}  // namespace mdm::connectors::callcenter
