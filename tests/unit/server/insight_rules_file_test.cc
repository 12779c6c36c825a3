// --insight_rules: the file a hub reads its insight rules from.
#include "hub/server/insight_rules_file.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace mdm::server {
namespace {

class InsightRulesFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl =
        (std::filesystem::path(::testing::TempDir()) / "rules-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& text) {
    const std::string path = dir_ + "/rules.conf";
    std::ofstream(path) << text;
    return path;
  }
  std::string dir_;
};

TEST_F(InsightRulesFileTest, NoPathGivesTheDefaults) {
  auto rules = LoadInsightRules("");
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ(rules->window_days, 365);
}

TEST_F(InsightRulesFileTest, FileOverridesNamedRules) {
  auto rules = LoadInsightRules(Write("# tuned\nkey_min_purchases = 3\n"));
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ(rules->key_min_purchases, 3);
  EXPECT_EQ(rules->active_days, 90);
}

TEST_F(InsightRulesFileTest, MissingOrMalformedFileIsRefusedNamingIt) {
  EXPECT_EQ(LoadInsightRules(dir_ + "/none").status().code(),
            absl::StatusCode::kNotFound);
  const std::string path = Write("active_dayz = 3\n");
  absl::Status bad = LoadInsightRules(path).status();
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find(path), std::string::npos);
  EXPECT_NE(bad.message().find("line 1"), std::string::npos);
}

}  // namespace
}  // namespace mdm::server
