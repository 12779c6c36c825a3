#include "hub/insight/rules.h"

#include <gtest/gtest.h>

namespace mdm::insight {
namespace {

TEST(ParseRulesTest, EmptyTextKeepsDocumentedDefaults) {
  absl::StatusOr<InsightRules> r = ParseRules("# nothing\n\n");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->active_days, 90);
  EXPECT_EQ(r->key_min_purchases, 6);
  EXPECT_EQ(r->purchase_kinds, std::vector<std::string>{"order"});
}

TEST(ParseRulesTest, OverridesNumbersListsAndCuts) {
  absl::StatusOr<InsightRules> r = ParseRules(
      "active_days = 30  # a month\n"
      "key_min_profit=2500.5\n"
      "purchase_kinds = order, invoice\n"
      "monetary_cuts = 10,20,30,40\n");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->active_days, 30);
  EXPECT_DOUBLE_EQ(r->key_min_profit, 2500.5);
  EXPECT_EQ(r->purchase_kinds, (std::vector<std::string>{"order", "invoice"}));
  EXPECT_EQ(r->monetary_cuts, (std::vector<double>{10, 20, 30, 40}));
}

TEST(ParseRulesTest, UnknownNameIsRefusedWithItsLine) {
  absl::StatusOr<InsightRules> r = ParseRules("active_days = 1\nbogus = 2\n");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("line 2"), std::string::npos);
}

TEST(ParseRulesTest, CutsMustBeFourAscendingNumbers) {
  EXPECT_FALSE(ParseRules("recency_cuts = 1,2,3").ok());
  EXPECT_FALSE(ParseRules("recency_cuts = 1,3,2,4").ok());
  EXPECT_FALSE(ParseRules("window_days = many").ok());
}

}  // namespace
}  // namespace mdm::insight
