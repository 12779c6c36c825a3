// The review queue over the wire: a doubtful pair (same name and postcode,
// nothing else) is kept apart and listed by ListReviewTasks and by
// `mdmctl review list`, page by page; a forged page token is refused.
#include <chrono>
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/rpc_status.h"

namespace mdm::integration {
namespace {

using ::testing::HasSubstr;

v1::SourceRecord Namesake(const std::string& source, const std::string& id) {
  v1::SourceRecord r;
  r.set_source(source);
  r.set_source_record_id(id);
  r.set_kind(v1::PERSON);
  r.set_name("张伟");
  r.mutable_address()->set_postal_code("100001");
  return r;
}

class ReviewListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto hub = HubProcess::Start(dir_.path());
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = std::move(*hub);
    auto channel = hub_->Connect();
    ASSERT_NE(channel, nullptr) << hub_->Log();
    stub_ = v1::CustomerHub::NewStub(channel);
    for (const auto& [source, id] :
         {std::pair{"erp", "A"}, {"finance", "B"}, {"callcenter", "C"}}) {
      grpc::ClientContext ctx;
      v1::UpsertRecordRequest req;
      *req.mutable_record() = Namesake(source, id);
      v1::UpsertRecordResponse resp;
      grpc::Status s = stub_->UpsertRecord(&ctx, req, &resp);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
  }

  ScopedTempDir dir_;
  std::unique_ptr<HubProcess> hub_;
  std::unique_ptr<v1::CustomerHub::Stub> stub_;
};

TEST_F(ReviewListTest, DoubtfulPairsArePagedBestFirstAndShownByMdmctl) {
  // B doubts A; C doubts A and B: three tasks, walked one per page.
  std::vector<v1::ReviewTask> all;
  v1::ListReviewTasksRequest req;
  req.set_page_size(1);
  do {
    grpc::ClientContext ctx;
    v1::ListReviewTasksResponse resp;
    grpc::Status s = stub_->ListReviewTasks(&ctx, req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    all.insert(all.end(), resp.tasks().begin(), resp.tasks().end());
    req.set_page_token(resp.next_page_token());
  } while (!req.page_token().empty() && all.size() < 10);
  ASSERT_EQ(all.size(), 3u);
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_NE(all[i].record_golden_id(), all[i].candidate_golden_id());
    EXPECT_GT(all[i].probability(), 0);
    if (i > 0) {
      EXPECT_LE(all[i].score(), all[i - 1].score());
    }
  }

  auto table = hub_->Mdmctl({"review", "list"});
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->exit_code, 0) << table->err;
  EXPECT_THAT(table->out, HasSubstr("CANDIDATE_GOLDEN_ID"));
  EXPECT_THAT(table->out, HasSubstr(all.front().candidate_golden_id()));
  auto json = hub_->Mdmctl({"--output", "json", "review", "list"});
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(json->exit_code, 0) << json->err;
  EXPECT_THAT(json->out, HasSubstr("\"recordGoldenId\""));
}

TEST_F(ReviewListTest, ExplainShowsWhyTheNamesakesWereKeptApart) {
  grpc::ClientContext ctx;
  v1::ExplainMatchRequest req;
  req.mutable_left_record()->set_source("finance");
  req.mutable_left_record()->set_source_record_id("B");
  req.mutable_right_record()->set_source("erp");
  req.mutable_right_record()->set_source_record_id("A");
  v1::ExplainMatchResponse resp;
  grpc::Status s = stub_->ExplainMatch(&ctx, req, &resp);
  ASSERT_TRUE(s.ok()) << Describe(s);
  EXPECT_EQ(resp.decision(), "review");
  double sum = 0;
  std::vector<std::string> fields;
  for (const v1::FieldScore& f : resp.comparisons()) {
    sum += f.weight();
    fields.push_back(f.field());
  }
  EXPECT_THAT(fields, testing::Contains("name"));
  EXPECT_DOUBLE_EQ(sum, resp.total());
  EXPECT_GE(resp.total(), resp.review_threshold());
  EXPECT_LT(resp.total(), resp.link_threshold());

  auto waterfall = hub_->Mdmctl(
      {"explain", "finance", "B", "--with-golden", resp.compared_golden_id()});
  ASSERT_TRUE(waterfall.ok()) << waterfall.status();
  EXPECT_EQ(waterfall->exit_code, 0) << waterfall->err;
  EXPECT_THAT(waterfall->out, HasSubstr("name exact"));
  EXPECT_THAT(waterfall->out, HasSubstr("#"));
  EXPECT_THAT(waterfall->out, HasSubstr("decision: review"));

  auto missing = hub_->Mdmctl({"explain", "finance", "B", "--with-source",
                               "erp", "--with-id", "nobody"});
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_EQ(missing->exit_code, 1);
  EXPECT_THAT(missing->err, HasSubstr("NOT_FOUND"));
  EXPECT_THAT(missing->err, HasSubstr("erp/nobody"));
}

TEST_F(ReviewListTest, ForgedPageTokenIsInvalidArgumentNamingIt) {
  grpc::ClientContext ctx;
  v1::ListReviewTasksRequest req;
  req.set_page_token("not-a-token");
  v1::ListReviewTasksResponse resp;
  grpc::Status s = stub_->ListReviewTasks(&ctx, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s), testing::Contains("page_token"))
      << Describe(s);
}

}  // namespace
}  // namespace mdm::integration
