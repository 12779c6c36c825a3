#include "hub/match/blocking.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace mdm::match {
namespace {

normalize::RecordFeatures Features(const SourceRecord& r) {
  return normalize::ExtractFeatures(r).features;
}

bool Has(const std::vector<std::string>& keys, const std::string& k) {
  return std::find(keys.begin(), keys.end(), k) != keys.end();
}

bool ShareKey(const std::vector<std::string>& a,
              const std::vector<std::string>& b) {
  return std::any_of(a.begin(), a.end(),
                     [&](const std::string& k) { return Has(b, k); });
}

TEST(BlockingTest, KeysCarryTheirRuleAndAreSortedAndDistinct) {
  SourceRecord r;
  r.name = "王小明";
  r.phones = {"13800138000", "+86 138 0013 8000"};
  r.emails = {"Ming@Example.com"};
  r.birth_date = "1985-04-12";
  r.address.postal_code = "200001";
  auto keys = IndexKeys(Features(r));
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end());
  EXPECT_TRUE(Has(keys, "ph:+8613800138000"));
  EXPECT_TRUE(Has(keys, "em:ming@example.com"));
  EXPECT_TRUE(Has(keys, "nk:pwangxiaoming"));
  EXPECT_TRUE(Has(keys, "db:19850412"));
  EXPECT_TRUE(Has(keys, "ny:wang|1985"));
  EXPECT_TRUE(Has(keys, "pc:200001|wx"));
  EXPECT_EQ(RuleOf("ph:+8613800138000"), "ph:");
}

TEST(BlockingTest, ScriptAndOrderVariantsShareANameKey) {
  SourceRecord a, b;
  a.name = "王曉明";
  b.name = "XIAOMING WANG";
  EXPECT_TRUE(ShareKey(IndexKeys(Features(a)), IndexKeys(Features(b))));
}

TEST(BlockingTest, SurnameTypoStillBlocksThroughGivenNameAndYear) {
  SourceRecord a, b;
  a.name = "michaela neumann";
  b.name = "michaela neuman";
  a.birth_date = "1915-11-11";
  b.birth_date = "1915-11-21";
  EXPECT_TRUE(ShareKey(QueryKeys(Features(a)), IndexKeys(Features(b))));
}

TEST(BlockingTest, QueryKeysIncludeTransposedBirthDate) {
  SourceRecord a, b;
  a.name = "ann lee";
  b.name = "anne li";
  a.birth_date = "1990-03-07";
  b.birth_date = "1990-07-03";
  EXPECT_TRUE(Has(QueryKeys(Features(a)), "db:19900703"));
  EXPECT_TRUE(ShareKey(QueryKeys(Features(a)), IndexKeys(Features(b))));
}

TEST(BlockingTest, PersonAndCompanyOfSameNameDoNotShareNameKey) {
  SourceRecord a, b;
  a.name = "Acme";
  b.name = "Acme";
  b.kind = Kind::kOrganization;
  EXPECT_FALSE(ShareKey(IndexKeys(Features(a)), IndexKeys(Features(b))));
}

TEST(BlockingTest, UnparseableValuesGiveNoKeys) {
  SourceRecord r;
  r.phones = {"12345"};
  r.birth_date = "1985-13-40";
  EXPECT_TRUE(IndexKeys(Features(r)).empty());
}

SourceRecord Named(std::string name, std::string dob = "") {
  SourceRecord r;
  r.name = std::move(name);
  r.birth_date = std::move(dob);
  return r;
}

TEST(BlockingTest, NicknameAndCanonicalNameShareANameKey) {
  const auto bob_keys = IndexKeys(Features(Named("Bob Smith")));
  EXPECT_TRUE(Has(bob_keys, "nk:probertsmith"));
  EXPECT_TRUE(Has(bob_keys, "nk:pbobsmith"));
  const auto robert_keys = IndexKeys(Features(Named("Smith Robert")));
  EXPECT_TRUE(ShareKey(bob_keys, robert_keys));
  EXPECT_FALSE(ShareKey(bob_keys, IndexKeys(Features(Named("Bill Smith")))));
  // A name without a diminutive gets no extra key.
  EXPECT_EQ(robert_keys.size(), 2u);
}

TEST(BlockingTest, NicknameMeetsCanonicalNameOfTheSameBirthYear) {
  // A typo in the family name and a day off: only "robert" + 1970 is left.
  const auto keys = IndexKeys(Features(Named("Bob Smyth", "1970-05-02")));
  EXPECT_TRUE(Has(keys, "ny:robert|1970"));
  EXPECT_TRUE(Has(keys, "ny:bob|1970"));
  EXPECT_TRUE(
      ShareKey(keys, IndexKeys(Features(Named("Robert Smith", "1970-05-01")))));
}

TEST(BlockingTest, StreetAddressAndOneNameTokenMeetDespiteTyposElsewhere) {
  // Febrl-style duplicate: typos in the id, the birth date, the postcode and
  // one name part, spacing changed after the street; only the street address
  // and the given name survive.
  SourceRecord a, b;
  a.name = "joshua ryan";
  a.national_id = "2519978";
  a.birth_date = "1924-05-10";
  a.address.line = "14 wynn street, bellbird ctge";
  a.address.postal_code = "2529";
  b.name = "joshua dowdney";
  b.national_id = "2519977";
  b.birth_date = "1909-12-20";
  b.address.line = "14 Wynn  Street, bellbirdctge";
  b.address.postal_code = "2592";
  const auto ka = IndexKeys(Features(a));
  EXPECT_TRUE(Has(ka, "ad:14wynnstreet|joshua"));
  EXPECT_TRUE(Has(ka, "ad:14wynnstreet|ryan"));
  EXPECT_TRUE(IsWeakRule("ad:14wynnstreet|joshua"));
  EXPECT_TRUE(ShareKey(ka, IndexKeys(Features(b))));
}

TEST(BlockingTest, AddressWithoutHouseNumberGivesNoAddressKey) {
  SourceRecord r;
  r.name = "joshua ryan";
  r.address.line = "wynn street";
  for (const std::string& k : IndexKeys(Features(r))) {
    EXPECT_NE(RuleOf(k), kRuleAddress) << k;
  }
}

}  // namespace
}  // namespace mdm::match
