// InsightService::GetProfile's phone and name lookups on a real SQLite store:
// the caller is the customer the evidence points to, not merely the first of
// every customer sharing a blocking key with the query.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "hub/service/insight_service.h"
#include "hub/store/sqlite_fact_store.h"
#include "hub/store/sqlite_insight_store.h"
#include "hub/store/sqlite_store.h"

namespace mdm::service {
namespace {

class InsightProfileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl =
        (std::filesystem::path(::testing::TempDir()) / "profile-XXXXXX")
            .string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    const std::string path = dir_ + "/hub.db";
    auto store = SqliteStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    auto facts = SqliteFactStore::Open(path);
    ASSERT_TRUE(facts.ok()) << facts.status();
    facts_ = *std::move(facts);
    auto items = SqliteInsightStore::Open(path);
    ASSERT_TRUE(items.ok()) << items.status();
    items_ = *std::move(items);
    auto resolution = ResolutionService::Create(store_.get(), &clock_, {});
    ASSERT_TRUE(resolution.ok()) << resolution.status();
    resolution_ = *std::move(resolution);
    cache_ = std::make_unique<RecordFactCache>(facts_.get(), true, 100);
    insight_ = std::make_unique<InsightService>(resolution_.get(), cache_.get(),
                                                items_.get(), &clock_,
                                                insight::InsightRules{});
  }
  void TearDown() override {
    insight_.reset();
    resolution_.reset();
    std::filesystem::remove_all(dir_);
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

  std::string dir_;
  ManualClock clock_{1'700'000'000'000'000};
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteFactStore> facts_;
  std::unique_ptr<SqliteInsightStore> items_;
  std::unique_ptr<ResolutionService> resolution_;
  std::unique_ptr<RecordFactCache> cache_;
  std::unique_ptr<InsightService> insight_;
};

TEST_F(InsightProfileTest, NameLookupAnswersTheBestMatchNotTheLowestId) {
  // Created first, so it has the lower golden id; its pinyin has the
  // same syllables as the caller's name, in another order.
  const std::string near =
      Customer("1", "li liwangwang", "+8613800000001");
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

}  // namespace
}  // namespace mdm::service
