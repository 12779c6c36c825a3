// InsightService::GetProfile's phone and name lookups on a real SQLite store:
// the caller is the customer the evidence points to, not merely the first of
// every customer sharing a blocking key with the query.
#include <gtest/gtest.h>

#include "hub/common/errors.h"
#include "tests/unit/service/insight_stack.h"

namespace mdm::service {
namespace {

class InsightProfileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(stack_.Open(&clock_).ok());
    resolution_ = stack_.resolution();
    insight_ = stack_.insight();
  }

  // Upserts one record and returns its customer's golden id.
  std::string Customer(std::string id, std::string name, std::string phone) {
    SourceRecord r;
    r.key = {"erp", std::move(id)};
    r.name = std::move(name);
    r.phones = {std::move(phone)};
    r.updated_at_us = clock_.NowMicros();
    auto res = resolution_->Upsert(r);
    EXPECT_TRUE(res.ok()) << res.status();
    return res.ok() ? res->golden_id : "";
  }

  ManualClock clock_{1'700'000'000'000'000};
  InsightStack stack_;
  ResolutionService* resolution_ = nullptr;
  InsightService* insight_ = nullptr;
};

TEST_F(InsightProfileTest, NameLookupAnswersTheBestMatchNotTheLowestId) {
  // Created first, so it has the lower golden id; its pinyin has the
  // same syllables as the caller's name, in another order.
  const std::string near = Customer("1", "li liwangwang", "+8613800000001");
  const std::string caller = Customer("2", "li liliwang", "+8613800000002");
  ASSERT_NE(near, caller);
  ProfileLookup lookup;
  lookup.name = "Liliwang li";  // given name first, as callers say it
  auto profile = insight_->GetProfile(lookup);
  ASSERT_TRUE(profile.ok()) << profile.status();
  EXPECT_EQ(profile->golden.golden_id, caller);
}

TEST_F(InsightProfileTest, PhoneLookupAnswersItsOwnerOnly) {
  Customer("1", "Li Na", "+8613900000009");
  const std::string owner = Customer("2", "Chen Jing", "+8613900000010");
  ProfileLookup lookup;
  lookup.phone = "139 0000 0010";
  auto profile = insight_->GetProfile(lookup);
  ASSERT_TRUE(profile.ok()) << profile.status();
  EXPECT_EQ(profile->golden.golden_id, owner);
  EXPECT_TRUE(profile->other_matches.empty());
}

TEST_F(InsightProfileTest, UnknownNameIsNotFoundNamingTheField) {
  Customer("1", "Zhao Lei", "+8613700000001");
  ProfileLookup lookup;
  lookup.name = "Henrietta Oyelaran";
  auto profile = insight_->GetProfile(lookup);
  ASSERT_EQ(profile.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(std::string(profile.status().ToString()).find("name"),
            std::string::npos);
}

TEST_F(InsightProfileTest, OverlongLookupIsRefusedNamingTheLookupField) {
  ProfileLookup by_name;
  by_name.name = std::string(5000, 'x');
  auto profile = insight_->GetProfile(by_name);
  ASSERT_EQ(profile.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(profile.status()), "name");
  ProfileLookup by_phone;
  by_phone.phone = std::string(500, '1');
  profile = insight_->GetProfile(by_phone);
  ASSERT_EQ(profile.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(profile.status()), "phone");
  EXPECT_EQ(std::string(profile.status().message()).rfind("phone: ", 0), 0u)
      << profile.status();
}

}  // namespace
}  // namespace mdm::service
