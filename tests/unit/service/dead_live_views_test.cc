// Dead customers leave the live views built on top of resolution (segments,
// the Pareto view, phone and name profile lookups, inspection samples) but
// stay readable by id, marked dead; reviving brings them back. Real SQLite
// stores throughout.
#include <gtest/gtest.h>

#include "hub/service/quality_service.h"
#include "tests/unit/service/insight_stack.h"

namespace mdm::service {
namespace {

SourceRecord Person(std::string id, std::string name, std::string phone) {
  SourceRecord r;
  r.key = {"erp", std::move(id)};
  r.name = std::move(name);
  r.phones = {std::move(phone)};
  r.updated_at_us = 1'700'000'000'000'000;
  return r;
}

class DeadLiveViewsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(stack_.Open(&clock_).ok());
    resolution_ = stack_.resolution();
    insight_ = stack_.insight();
    quality_ = std::make_unique<QualityService>(stack_.store(), resolution_,
                                                stack_.items(), &clock_);

    auto live = resolution_->Upsert(Person("L", "李四", "13900139000"));
    auto dead = resolution_->Upsert(Person("D", "王小明", "13800138000"));
    ASSERT_TRUE(live.ok() && dead.ok());
    live_ = live->golden_id;
    dead_ = dead->golden_id;
    ASSERT_NE(live_, dead_);
    MarkDeadRequest mark;
    mark.golden_id = dead_;
    mark.reason = DeadReason::kDeceased;
    mark.context.author = "ann";
    auto marked = resolution_->MarkDead(mark);
    ASSERT_TRUE(marked.ok()) << marked.status();
  }
  std::vector<std::string> Segment(const std::string& name) {
    auto page = insight_->ListSegment(name, {}, 50);
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<std::string> ids;
    if (page.ok()) {
      for (const CustomerProfile& p : page->customers)
        ids.push_back(p.golden.golden_id);
    }
    return ids;
  }

  SystemClock clock_;
  InsightStack stack_;
  ResolutionService* resolution_ = nullptr;
  InsightService* insight_ = nullptr;
  std::unique_ptr<QualityService> quality_;
  std::string live_, dead_;
};

TEST_F(DeadLiveViewsTest, SegmentsAndParetoSkipDeadCustomers) {
  // Neither has bought anything: both would be prospects.
  EXPECT_EQ(Segment("prospect"), std::vector<std::string>{live_});
  auto pareto = insight_->Pareto(10);
  ASSERT_TRUE(pareto.ok()) << pareto.status();
  EXPECT_EQ(pareto->customers, 1);

  ASSERT_TRUE(resolution_->Revive({dead_, {}}).ok());
  EXPECT_EQ(Segment("prospect").size(), 2u);
  EXPECT_EQ(insight_->Pareto(10)->customers, 2);
}

TEST_F(DeadLiveViewsTest, ProfileByPhoneOrNameSkipsDeadButByIdShowsTheMark) {
  EXPECT_TRUE(absl::IsNotFound(
      insight_->GetProfile({"", "138 0013 8000", ""}).status()));
  EXPECT_TRUE(
      absl::IsNotFound(insight_->GetProfile({"", "", "王小明"}).status()));
  auto by_id = insight_->GetProfile({dead_, "", ""});
  ASSERT_TRUE(by_id.ok()) << by_id.status();
  ASSERT_TRUE(by_id->dead.has_value());
  EXPECT_EQ(by_id->dead->reason, DeadReason::kDeceased);
  auto live = insight_->GetProfile({live_, "", ""});
  ASSERT_TRUE(live.ok()) << live.status();
  EXPECT_FALSE(live->dead.has_value());
}

TEST_F(DeadLiveViewsTest, InspectionSamplesDrawOnlyLiveCustomers) {
  auto sample = quality_->DrawSample(7, 10);
  ASSERT_TRUE(sample.ok()) << sample.status();
  EXPECT_EQ(sample->population, 1);
  ASSERT_EQ(sample->customers.size(), 1u);
  EXPECT_EQ(sample->customers[0].golden_id, live_);
}

}  // namespace
}  // namespace mdm::service
