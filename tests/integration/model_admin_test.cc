// Match models over the wire: `mdmctl model train` estimates a model from the
// bundled sample (no labels), `model diff` says what it would change before
// it is applied, `model activate` makes decisions use it, and a restarted hub
// loads it again from its database. ExplainMatch then shows the
// term-frequency part of each agreeing comparison.
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mdm/v1/admin.grpc.pb.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/rpc_status.h"
#include "tests/integration/test_data.h"

namespace mdm::integration {
namespace {

using ::testing::HasSubstr;

class ModelAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto hub = HubProcess::Start(dir_.path());
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = std::move(*hub);
    for (const char* source : {"erp", "finance", "callcenter"}) {
      auto r = hub_->Mdmctl({"import", "--source", source, SampleCsv(source)});
      ASSERT_TRUE(r.ok()) << r.status();
      ASSERT_EQ(r->exit_code, 0) << r->err;
    }
  }

  CommandResult Run(const std::vector<std::string>& args) {
    auto r = hub_->Mdmctl(args);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : CommandResult{};
  }

  v1::Model ActiveModel() {
    auto admin = v1::Admin::NewStub(hub_->Connect());
    grpc::ClientContext ctx;
    v1::Model m;
    grpc::Status s = admin->GetModel(&ctx, v1::GetModelRequest(), &m);
    EXPECT_TRUE(s.ok()) << Describe(s);
    return m;
  }

  ScopedTempDir dir_;
  std::unique_ptr<HubProcess> hub_;
};

TEST_F(ModelAdminTest, TrainDiffActivateAndReloadAfterRestart) {
  // Before any training the built-in model is in force.
  EXPECT_EQ(ActiveModel().version(), 0);

  CommandResult train = Run({"model", "train", "--seed", "7"});
  ASSERT_EQ(train.exit_code, 0) << train.err;
  EXPECT_THAT(train.out, HasSubstr("trained on 89 records"));
  EXPECT_THAT(train.out, HasSubstr("name"));
  EXPECT_THAT(train.out, HasSubstr("model 1"));

  CommandResult list = Run({"model", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("EM on 89 records"));
  EXPECT_EQ(ActiveModel().version(), 0);  // stored, not yet applied

  CommandResult diff = Run({"model", "diff", "1"});
  ASSERT_EQ(diff.exit_code, 0) << diff.err;
  EXPECT_THAT(diff.out, HasSubstr("89 records"));
  EXPECT_THAT(diff.out, HasSubstr("customers now"));
  // A threshold nobody reaches would split every multi-record customer.
  CommandResult apart = Run({"model", "diff", "--link-threshold", "1000"});
  ASSERT_EQ(apart.exit_code, 0) << apart.err;
  EXPECT_THAT(apart.out, HasSubstr("0 merges"));
  EXPECT_THAT(apart.out, HasSubstr("split: G"));

  CommandResult activate = Run({"model", "activate", "1"});
  ASSERT_EQ(activate.exit_code, 0) << activate.err;
  const v1::Model before = ActiveModel();
  EXPECT_EQ(before.version(), 1);
  EXPECT_TRUE(before.active());
  EXPECT_GT(before.term_frequency_values(), 0);

  ASSERT_TRUE(hub_->Restart().ok()) << hub_->Log();
  const v1::Model after = ActiveModel();
  EXPECT_EQ(after.version(), 1);
  EXPECT_EQ(after.prior_log2(), before.prior_log2());

  // Decisions and explanations use the reloaded model: its prior, and
  // term-frequency adjustments on agreeing names.
  auto stub = v1::CustomerHub::NewStub(hub_->Connect());
  grpc::ClientContext ctx;
  v1::ExplainMatchRequest req;
  req.mutable_left_record()->set_source("finance");
  req.mutable_left_record()->set_source_record_id("FIN-8812");
  req.mutable_right_record()->set_source("erp");
  req.mutable_right_record()->set_source_record_id("C10023");
  v1::ExplainMatchResponse resp;
  grpc::Status s = stub->ExplainMatch(&ctx, req, &resp);
  ASSERT_TRUE(s.ok()) << Describe(s);
  EXPECT_EQ(resp.prior_log2(), after.prior_log2());
  bool adjusted = false;
  for (const v1::FieldScore& f : resp.comparisons()) {
    adjusted |= f.tf_adjustment() != 0;
  }
  EXPECT_TRUE(adjusted) << resp.DebugString();

  CommandResult missing = Run({"model", "activate", "42"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("NOT_FOUND"));
}

}  // namespace
}  // namespace mdm::integration
