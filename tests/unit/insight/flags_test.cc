#include <gtest/gtest.h>

#include "hub/insight/customer_insight.h"
#include "tests/unit/insight/fact_builders.h"

namespace mdm::insight {
namespace {

using testing::Contact;
using testing::kNow;
using testing::Txn;

GoldenValue Value(std::string v) {
  GoldenValue g;
  g.value = std::move(v);
  return g;
}

GoldenRecord Golden(std::string phone, std::string email = "") {
  GoldenRecord g;
  g.golden_id = "G0000000001";
  g.full_name = Value("王小明");
  if (!phone.empty()) g.phones.push_back(Value(phone));
  if (!email.empty()) g.emails.push_back(Value(email));
  return g;
}

std::string Flagged(const GoldenRecord& g, const std::vector<Fact>& facts,
                    const std::string& name, InsightRules rules = {}) {
  return EffectiveFlag(
      ComputeFlags(g, Summarize(facts, kNow, rules), facts, kNow, rules), name);
}

TEST(DataValidityFlagTest, ValidIncompleteInvalid) {
  EXPECT_EQ(Flagged(Golden("13800138000"), {}, "data_validity"), "valid");
  EXPECT_EQ(Flagged(Golden(""), {}, "data_validity"), "incomplete");
  EXPECT_EQ(Flagged(Golden("12"), {}, "data_validity"), "invalid");
  EXPECT_EQ(Flagged(Golden("", "not-an-email"), {}, "data_validity"),
            "invalid");
}

TEST(CustomerStatusFlagTest, ByRecencyOfLastPurchase) {
  const GoldenRecord g = Golden("13800138000");
  EXPECT_EQ(Flagged(g, {}, "customer_status"), "prospect");
  EXPECT_EQ(Flagged(g, {Txn("order", 90, "1")}, "customer_status"), "active");
  EXPECT_EQ(Flagged(g, {Txn("order", 91, "1")}, "customer_status"), "dormant");
  EXPECT_EQ(Flagged(g, {Txn("order", 366, "1")}, "customer_status"), "churned");
}

TEST(CampaignResponseFlagTest, PositiveOutcomeOnCampaignTopic) {
  const GoldenRecord g = Golden("13800138000");
  EXPECT_EQ(Flagged(g, {Contact(1, "repair", "accepted")}, "campaign_response"),
            "not_contacted");
  EXPECT_EQ(Flagged(g, {Contact(1, "campaign/spring", "ignored")},
                    "campaign_response"),
            "no_response");
  EXPECT_EQ(Flagged(g,
                    {Contact(1, "campaign/spring", "ignored"),
                     Contact(2, "campaign/summer", "converted")},
                    "campaign_response"),
            "responded");
}

TEST(DissatisfiedFlagTest, TwoComplaintsWithinWindow) {
  const GoldenRecord g = Golden("13800138000");
  const Fact old_complaint = Contact(200, "billing", "open", true);
  const Fact complaint = Contact(10, "billing", "open", true);
  EXPECT_EQ(Flagged(g, {complaint, old_complaint}, "dissatisfied"), "false");
  EXPECT_EQ(
      Flagged(g, {complaint, Contact(20, "x", "y", true)}, "dissatisfied"),
      "true");
}

TEST(StewardFlagTest, StewardValueOverridesComputedAndIsToldApart) {
  const GoldenRecord g = Golden("13800138000");
  Flag black{"blacklist", "true", FlagOrigin::kSteward, "fraud", "ann", 5};
  Flag older{"blacklist", "false", FlagOrigin::kSteward, "", "bob", 1};
  CustomerInsight c = Evaluate(g, {}, {older, black}, kNow, {});
  EXPECT_EQ(EffectiveFlag(c.flags, "blacklist"), "true");
  int computed = 0, steward = 0;
  for (const Flag& f : c.flags) {
    if (f.name != "blacklist") continue;
    (f.origin == FlagOrigin::kSteward ? steward : computed)++;
  }
  EXPECT_EQ(computed, 1);
  EXPECT_EQ(steward, 1);  // the newest of the two steward flags
}

}  // namespace
}  // namespace mdm::insight
