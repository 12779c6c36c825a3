// Each survivorship rule type on small hand-made entities, and the rules'
// JSON format.
#include "hub/golden/rules.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "hub/golden/survivorship.h"

namespace mdm::golden {
namespace {

struct Entity {
  std::vector<StoredRecord> stored;
  std::vector<normalize::RecordFeatures> features;

  SourceRecord& Add(std::string source, std::string id, int64_t updated) {
    StoredRecord& s = stored.emplace_back();
    s.record.key = {std::move(source), std::move(id)};
    s.record.updated_at_us = updated;
    return s.record;
  }
  GoldenRecord Build(const SurvivorshipRules& rules) {
    features.clear();
    for (const StoredRecord& s : stored) {
      features.push_back(normalize::ExtractFeatures(s.record).features);
    }
    std::vector<Member> members;
    for (size_t i = 0; i < stored.size(); ++i) {
      members.push_back({&stored[i], &features[i]});
    }
    return BuildGoldenContent("G1", members, rules);
  }
};

SurvivorshipRules Parse(const char* json) {
  absl::StatusOr<SurvivorshipRules> r = ParseRules(json);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.value_or(SurvivorshipRules{});
}

TEST(SurvivorshipRulesTest, SourceTrustLetsFinanceWinTheAddressOverNewerData) {
  Entity e;
  e.Add("finance", "F1", 100).address.line = "1 Bund Road";
  e.Add("callcenter", "C1", 900).address.line = "99 Nanjing Road";
  e.Add("erp", "E1", 500).address.line = "7 Huaihai Road";
  GoldenRecord g = e.Build(Parse(R"({"attributes": {"address_line":
      {"rule": "source_trust", "trust": ["finance", "erp"]}}})"));
  ASSERT_TRUE(g.address_line);
  EXPECT_EQ(g.address_line->value, "1 Bund Road");
  EXPECT_EQ(g.address_line->lineage.record.source, "finance");
  EXPECT_EQ(g.address_line->lineage.rule, "source_trust");
  // The default rule elsewhere would have taken the newest.
  GoldenRecord plain = e.Build(DefaultRules());
  EXPECT_EQ(plain.address_line->value, "99 Nanjing Road");
}

TEST(SurvivorshipRulesTest, UntrustedSourcesRankAfterTrustedOnesByRecency) {
  Entity e;
  e.Add("erp", "E1", 100).name = "Li Lei";
  e.Add("web", "W1", 900).name = "Lei Li Jr";
  e.Add("shop", "S1", 950).name = "L. Lei";
  SurvivorshipRules rules = Parse(R"({"attributes": {"full_name":
      {"rule": "source_trust", "trust": ["erp"]}}})");
  EXPECT_EQ(e.Build(rules).full_name->value, "Li Lei");
  e.stored.erase(e.stored.begin());  // no ERP record: the newest other wins
  EXPECT_EQ(e.Build(rules).full_name->value, "L. Lei");
}

TEST(SurvivorshipRulesTest, CallCenterNewestMobileRanksFirstAmongAllPhones) {
  Entity e;
  SourceRecord& fin = e.Add("finance", "F1", 800);
  fin.phones = {"13800138000", "13900139000"};
  e.Add("erp", "E1", 700).phones = {"13800138000"};
  e.Add("callcenter", "C1", 100).phones = {"13700137000"};
  e.Add("callcenter", "C2", 200).phones = {"13600136000"};
  GoldenRecord g = e.Build(Parse(R"({"attributes": {"phones":
      {"rule": "source_trust", "trust": ["callcenter"],
       "then": "most_recent"}}})"));
  ASSERT_EQ(g.phones.size(), 4u);  // every distinct value kept
  EXPECT_EQ(g.phones[0].normalized, "+8613600136000");
  EXPECT_EQ(g.phones[1].normalized, "+8613700137000");
  // Then the untrusted ones, newest first.
  EXPECT_EQ(g.phones[2].lineage.record.source, "finance");
}

TEST(SurvivorshipRulesTest, MostFrequentTakesTheValueMostRecordsAgreeOn) {
  Entity e;
  e.Add("erp", "E1", 100).attributes["occupation"] = "teacher";
  e.Add("finance", "F1", 200).attributes["occupation"] = "teacher";
  e.Add("callcenter", "C1", 300).attributes["occupation"] = "engineer";
  SurvivorshipRules rules = Parse(
      R"({"attributes": {"attr.occupation": {"rule": "most_frequent"}}})");
  GoldenRecord g = e.Build(rules);
  EXPECT_EQ(g.attributes.at("occupation").value, "teacher");
  EXPECT_EQ(g.attributes.at("occupation").support, 2);
  EXPECT_EQ(e.Build(DefaultRules()).attributes.at("occupation").value,
            "engineer");
}

TEST(SurvivorshipRulesTest, MostCompleteTakesTheLongestValue) {
  Entity e;
  e.Add("erp", "E1", 100).address.line = "88 Century Avenue, Pudong, Tower B";
  e.Add("callcenter", "C1", 900).address.line = "88 Century Ave";
  GoldenRecord g = e.Build(
      Parse(R"({"attributes": {"address_line": {"rule": "most_complete"}}})"));
  EXPECT_EQ(g.address_line->value, "88 Century Avenue, Pudong, Tower B");
  EXPECT_EQ(g.address_line->lineage.rule, "most_complete");
}

TEST(SurvivorshipRulesTest, ValidatedOnlyKeepsAFailingValueFromWinning) {
  Entity e;
  e.Add("erp", "E1", 100).birth_date = "1985-04-12";
  e.Add("finance", "F1", 900).birth_date = "1985-13-40";
  // Trusting finance does not let its impossible date win.
  SurvivorshipRules trust_finance = Parse(R"({"attributes": {"birth_date":
      {"rule": "source_trust", "trust": ["finance"]}}})");
  EXPECT_EQ(e.Build(trust_finance).birth_date->value, "1985-04-12");
  // validated_only false: the failing value competes, but a checked value
  // still ranks before it.
  SurvivorshipRules lax = Parse(R"({"attributes": {"birth_date":
      {"rule": "most_recent", "validated_only": false}}})");
  EXPECT_EQ(e.Build(lax).birth_date->value, "1985-04-12");
  e.stored.erase(e.stored.begin());
  EXPECT_FALSE(e.Build(trust_finance).birth_date.has_value());
  ASSERT_TRUE(e.Build(lax).birth_date.has_value());
  EXPECT_EQ(e.Build(lax).birth_date->value, "1985-13-40");
}

TEST(SurvivorshipRulesTest, ConflictsNameTheDisagreeingSources) {
  Entity e;
  e.Add("erp", "E1", 100).name = "Acme Trading";
  e.Add("finance", "F1", 200).name = "Acme Holdings";
  e.Add("finance", "F2", 300).name = "Acme Holdings";
  e.Add("erp", "E2", 50).address.city = "Shanghai";
  GoldenRecord g = e.Build(DefaultRules());
  ASSERT_EQ(g.conflicts.size(), 1u);  // the city has one value only
  const AttributeConflict& c = g.conflicts[0];
  EXPECT_EQ(c.attribute, "full_name");
  ASSERT_EQ(c.values.size(), 2u);
  EXPECT_EQ(c.values[0].value, "Acme Holdings");  // the winner first
  EXPECT_EQ(c.values[0].sources, std::vector<std::string>{"finance"});
  EXPECT_EQ(c.values[0].records.size(), 2u);
  EXPECT_EQ(c.values[1].sources, std::vector<std::string>{"erp"});
}

TEST(SurvivorshipRulesTest, OneSourceDisagreeingWithItselfIsNoConflict) {
  Entity e;
  e.Add("erp", "E1", 100).name = "Acme Trading";
  e.Add("erp", "E2", 200).name = "Acme Holdings";
  EXPECT_TRUE(e.Build(DefaultRules()).conflicts.empty());
}

TEST(SurvivorshipRulesTest, FormatThenParseGivesTheSameRules) {
  SurvivorshipRules rules = Parse(R"({
    "default": {"rule": "most_complete"},
    "default_multi": {"rule": "most_recent", "validated_only": false},
    "attributes": {
      "phones": {"rule": "source_trust", "trust": ["callcenter", "erp"],
                 "then": "most_frequent"},
      "attr.income_band": {"rule": "most_frequent"}}})");
  EXPECT_EQ(rules.For("city", false).kind, RuleKind::kMostComplete);
  EXPECT_FALSE(rules.For("emails", true).validated_only);
  EXPECT_EQ(rules.For("phones", true).trust.size(), 2u);
  absl::StatusOr<SurvivorshipRules> again = ParseRules(FormatRules(rules));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, rules);
}

TEST(SurvivorshipRulesTest, BadRulesAreRefusedNamingThePath) {
  struct Case {
    const char* json;
    const char* path;
  };
  for (const Case& c : {
           Case{"{", "rules"},
           Case{R"({"attributes": {"nickname": {"rule": "most_recent"}}})",
                "rules.attributes.nickname"},
           Case{R"({"attributes": {"city": {"rule": "newest"}}})",
                "rules.attributes.city.rule"},
           Case{R"({"attributes": {"city": {"rule": "source_trust"}}})",
                "rules.attributes.city.trust"},
           Case{R"({"default": {"rule": "most_recent", "trust": ["erp"]}})",
                "rules.default.trust"},
           Case{R"({"defaults": {}})", "rules.defaults"},
       }) {
    absl::StatusOr<SurvivorshipRules> r = ParseRules(c.json);
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StartsWith(r.status().message(), c.path))
        << r.status() << " for " << c.json;
  }
}

}  // namespace
}  // namespace mdm::golden
