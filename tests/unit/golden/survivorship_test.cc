#include "hub/golden/survivorship.h"

#include <gtest/gtest.h>

namespace mdm::golden {
namespace {

struct Fixture {
  std::vector<StoredRecord> stored;
  std::vector<normalize::RecordFeatures> features;

  void Add(SourceRecord r) {
    StoredRecord s;
    s.record = std::move(r);
    features.push_back(normalize::ExtractFeatures(s.record).features);
    stored.push_back(std::move(s));
  }
  std::vector<Member> Members() const {
    std::vector<Member> out;
    for (size_t i = 0; i < stored.size(); ++i)
      out.push_back({&stored[i], &features[i]});
    return out;
  }
  GoldenRecord Build() const { return BuildGoldenContent("G1", Members()); }
};

SourceRecord Rec(std::string source, std::string id, int64_t updated) {
  SourceRecord r;
  r.key = {std::move(source), std::move(id)};
  r.updated_at_us = updated;
  return r;
}

TEST(SurvivorshipTest, NewestValidValueWinsWithLineage) {
  Fixture f;
  SourceRecord erp = Rec("erp", "C1", 100);
  erp.name = "王小明";
  erp.address.city = "上海";
  SourceRecord cc = Rec("callcenter", "CC9", 200);
  cc.name = "王曉明";
  f.Add(erp);
  f.Add(cc);
  GoldenRecord g = f.Build();
  ASSERT_TRUE(g.full_name);
  EXPECT_EQ(g.full_name->value, "王曉明");
  EXPECT_EQ(g.full_name->lineage.record.source, "callcenter");
  EXPECT_EQ(g.full_name->lineage.rule, "most_recent");
  EXPECT_EQ(g.full_name->lineage.updated_at_us, 200);
  // Only ERP knows the city, so it wins though older.
  ASSERT_TRUE(g.city);
  EXPECT_EQ(g.city->lineage.record.source, "erp");
}

TEST(SurvivorshipTest, InvalidValueNeverWinsEvenWhenNewest) {
  Fixture f;
  SourceRecord old = Rec("erp", "C1", 100);
  old.birth_date = "1985-04-12";
  SourceRecord bad = Rec("finance", "F1", 300);
  bad.birth_date = "1985-13-40";
  f.Add(old);
  f.Add(bad);
  GoldenRecord g = f.Build();
  ASSERT_TRUE(g.birth_date);
  EXPECT_EQ(g.birth_date->value, "1985-04-12");
  EXPECT_EQ(g.birth_date->lineage.record.source, "erp");
}

TEST(SurvivorshipTest, PhonesKeepEveryDistinctValueRankedBySupport) {
  Fixture f;
  SourceRecord a = Rec("erp", "C1", 100);
  a.phones = {"+86 138 0013 8000", "021-6234-5678"};
  SourceRecord b = Rec("finance", "F1", 200);
  b.phones = {"13800138000"};
  SourceRecord c = Rec("callcenter", "CC1", 300);
  c.phones = {"13900139000", "12345"};  // the second is invalid
  f.Add(a);
  f.Add(b);
  f.Add(c);
  GoldenRecord g = f.Build();
  ASSERT_EQ(g.phones.size(), 3u);
  EXPECT_EQ(g.phones[0].normalized, "+8613800138000");
  EXPECT_EQ(g.phones[0].support, 2);
  EXPECT_EQ(g.phones[0].value, "13800138000");  // as written by the newest
  EXPECT_EQ(g.phones[0].lineage.rule, "most_frequent");
  // Equal support: the more recent first.
  EXPECT_EQ(g.phones[1].normalized, "+8613900139000");
  EXPECT_EQ(g.phones[2].normalized, "+862162345678");
}

TEST(SurvivorshipTest, AddressesKeepEveryDistinctAddressRankedBySupport) {
  Fixture f;
  SourceRecord home = Rec("erp", "C1", 100);
  home.address = {"88 Jianguo Road", "Beijing", "", "100022", "CN"};
  SourceRecord same = Rec("finance", "F1", 200);  // same address, other case
  same.address = {"88 JIANGUO ROAD", "beijing", "", "100022", "CN"};
  SourceRecord office = Rec("callcenter", "CC1", 300);
  office.address = {"1 Bund Road", "Shanghai", "", "200002", "CN"};
  f.Add(home);
  f.Add(same);
  f.Add(office);
  f.Add(Rec("erp", "C2", 400));  // no address: no candidate
  GoldenRecord g = f.Build();
  ASSERT_EQ(g.addresses.size(), 2u);
  EXPECT_EQ(g.addresses[0].support, 2);
  EXPECT_EQ(g.addresses[0].value, "88 JIANGUO ROAD, beijing, 100022, CN");
  EXPECT_EQ(g.addresses[0].lineage.rule, "most_frequent");
  EXPECT_EQ(g.addresses[1].value, "1 Bund Road, Shanghai, 200002, CN");
  EXPECT_EQ(g.addresses[1].lineage.record.source, "callcenter");
  // The single-valued parts still win one by one (newest by default).
  ASSERT_TRUE(g.address_line);
  EXPECT_EQ(g.address_line->value, "1 Bund Road");
}

TEST(SurvivorshipTest, OutcomeDoesNotDependOnMemberOrder) {
  Fixture f1, f2;
  SourceRecord a = Rec("erp", "A", 100);
  a.name = "Ann Lee";
  a.attributes["occupation"] = "teacher";
  SourceRecord b = Rec("crm", "B", 100);  // same time: key order decides
  b.name = "Anne Lee";
  b.attributes["occupation"] = "engineer";
  f1.Add(a);
  f1.Add(b);
  f2.Add(b);
  f2.Add(a);
  EXPECT_EQ(f1.Build(), f2.Build());
}

TEST(SurvivorshipTest, AttributesTakeTheNewestValuePerKey) {
  Fixture f;
  SourceRecord a = Rec("erp", "A", 100);
  a.attributes = {{"occupation", "teacher"}, {"income_band", "B"}};
  SourceRecord b = Rec("crm", "B", 200);
  b.attributes = {{"occupation", "principal"}};
  f.Add(a);
  f.Add(b);
  GoldenRecord g = f.Build();
  EXPECT_EQ(g.attributes.at("occupation").value, "principal");
  EXPECT_EQ(g.attributes.at("income_band").value, "B");
  EXPECT_EQ(g.members.size(), 2u);
  EXPECT_TRUE(std::is_sorted(g.members.begin(), g.members.end()));
}

TEST(SurvivorshipTest, VersionAdvancesOnlyOnContentChange) {
  Fixture f;
  SourceRecord a = Rec("erp", "A", 100);
  a.name = "Ann Lee";
  f.Add(a);
  GoldenRecord v1 = f.Build();
  EXPECT_TRUE(StampVersion(v1, nullptr, 1000));
  EXPECT_EQ(v1.version, 1);
  EXPECT_EQ(v1.create_time_us, 1000);

  GoldenRecord same = f.Build();
  EXPECT_FALSE(StampVersion(same, &v1, 2000));
  EXPECT_EQ(same.version, 1);
  EXPECT_EQ(same.etag, v1.etag);
  EXPECT_EQ(same.update_time_us, 1000);

  SourceRecord b = Rec("crm", "B", 200);
  b.name = "Anne Lee";
  f.Add(b);
  GoldenRecord v2 = f.Build();
  EXPECT_TRUE(StampVersion(v2, &v1, 3000));
  EXPECT_EQ(v2.version, 2);
  EXPECT_NE(v2.etag, v1.etag);
  EXPECT_EQ(v2.create_time_us, 1000);
  EXPECT_EQ(v2.update_time_us, 3000);
}

}  // namespace
}  // namespace mdm::golden
