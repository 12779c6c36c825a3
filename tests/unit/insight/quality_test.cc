#include "hub/insight/quality.h"

#include <gtest/gtest.h>

#include "hub/insight/customer_insight.h"

namespace mdm::insight {
namespace {

constexpr int64_t kNow = int64_t{1'700'000'000} * 1'000'000;

StoredRecord Rec(std::string source, std::string id, std::string golden,
                 std::string name, std::string phone, std::string birth,
                 int age_days) {
  StoredRecord r;
  r.record.key = {std::move(source), std::move(id)};
  r.golden_id = std::move(golden);
  r.record.name = std::move(name);
  if (!phone.empty()) r.record.phones.push_back(std::move(phone));
  r.record.birth_date = std::move(birth);
  r.record.updated_at_us = kNow - age_days * kMicrosPerDay;
  return r;
}

const AttributeQuality& Attr(const SourceQuality& s, const std::string& name) {
  for (const AttributeQuality& a : s.attributes)
    if (a.attribute == name) return a;
  ADD_FAILURE() << "no attribute " << name;
  return s.attributes.front();
}

TEST(QualityTest, CompletenessValidityDuplicatesConflictsFreshness) {
  QualityAccumulator acc(QualityOptions{.stale_days = 365}, kNow);
  // erp: two records of one entity (a duplicate), one with a bad phone.
  acc.Add(
      Rec("erp", "1", "G1", "Wang Xiaoming", "13800138000", "1980-01-02", 10));
  acc.Add(Rec("erp", "2", "G1", "Wang Xiaoming", "12", "", 400));
  // finance: same entity, different birth date (a conflict); another
  // entity with no phone.
  acc.Add(Rec("finance", "a", "G1", "WANG XIAOMING", "13800138000",
              "1980-02-01", 20));
  acc.Add(Rec("finance", "b", "G2", "Li Lei", "", "1990-13-45", 30));
  QualityReport r = acc.Finish();
  EXPECT_EQ(r.records, 4);
  EXPECT_EQ(r.entities, 2);
  EXPECT_DOUBLE_EQ(r.records_per_entity, 2.0);
  ASSERT_EQ(r.sources.size(), 2u);
  const SourceQuality& erp = r.sources[0];
  EXPECT_EQ(erp.source, "erp");
  EXPECT_DOUBLE_EQ(erp.duplicate_rate, 2.0);
  EXPECT_DOUBLE_EQ(erp.mean_age_days, 205);
  EXPECT_DOUBLE_EQ(erp.stale_share, 0.5);
  EXPECT_DOUBLE_EQ(Attr(erp, "phones").completeness, 1.0);
  EXPECT_DOUBLE_EQ(Attr(erp, "phones").validity, 0.5);
  EXPECT_DOUBLE_EQ(Attr(erp, "birth_date").completeness, 0.5);
  const SourceQuality& fin = r.sources[1];
  EXPECT_DOUBLE_EQ(fin.duplicate_rate, 1.0);
  EXPECT_DOUBLE_EQ(Attr(fin, "phones").completeness, 0.5);
  EXPECT_DOUBLE_EQ(Attr(fin, "birth_date").validity, 0.5);
  // Name folds equal across sources; birth dates differ.
  for (const ConflictRate& c : r.conflicts) {
    if (c.attribute == "name") {
      EXPECT_EQ(c.compared, 1);
      EXPECT_EQ(c.conflicts, 0);
    }
    if (c.attribute == "birth_date") {
      EXPECT_EQ(c.compared, 1);
      EXPECT_EQ(c.conflicts, 1);
      EXPECT_DOUBLE_EQ(c.rate, 1.0);
    }
  }
}

}  // namespace
}  // namespace mdm::insight
