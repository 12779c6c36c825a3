// Limits of the Stewardship, Insight, GoldenLifecycle and Admin requests, end
// to end against the real hub: page sizes above each method's maximum, counts
// out of range, unknown enum values and free text beyond its length limit are
// INVALID_ARGUMENT naming the field (refused, never clamped or cut), as
// CustomerHub's are (limits_test.cc).
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "mdm/v1/admin.grpc.pb.h"
#include "mdm/v1/insight.grpc.pb.h"
#include "mdm/v1/lifecycle.grpc.pb.h"
#include "mdm/v1/stewardship.grpc.pb.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/rpc_status.h"

namespace mdm::integration {
namespace {

using ::testing::ElementsAre;

struct Stubs {
  std::unique_ptr<v1::Stewardship::Stub> steward;
  std::unique_ptr<v1::Insight::Stub> insight;
  std::unique_ptr<v1::GoldenLifecycle::Stub> lifecycle;
  std::unique_ptr<v1::Admin::Stub> admin;
};

// One bad request: what it is, the field the answer must name, and the call.
struct BadRequest {
  const char* what;
  const char* field;
  std::function<grpc::Status(Stubs&, grpc::ClientContext*)> call;
};

// Calls `method` of `stub` with a request that `fill(Req&)` sets up.
template <typename Stub, typename Req, typename Resp, typename Fill>
std::function<grpc::Status(Stubs&, grpc::ClientContext*)> Unary(
    std::unique_ptr<Stub> Stubs::*stub,
    grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
    Fill fill) {
  return [=](Stubs& stubs, grpc::ClientContext* ctx) {
    Req req;
    fill(req);
    Resp resp;
    return ((*(stubs.*stub)).*method)(ctx, req, &resp);
  };
}

std::vector<BadRequest> BadRequests() {
  using v1::Admin;
  using v1::GoldenLifecycle;
  using v1::Insight;
  using v1::Stewardship;
  return {
      {"review queue page of 201", "page_size",
       Unary(&Stubs::steward, &Stewardship::Stub::ListReviewQueue,
             [](auto& r) { r.set_page_size(201); })},
      {"quarantine page of 1,001", "page_size",
       Unary(&Stubs::steward, &Stewardship::Stub::ListQuarantine,
             [](auto& r) { r.set_page_size(1001); })},
      {"dead reason 99", "reason",
       Unary(&Stubs::steward, &Stewardship::Stub::MarkDead,
             [](auto& r) {
               r.set_golden_id("G1");
               r.set_reason(static_cast<v1::DeadReason>(99));
             })},
      {"segment page of 501", "page_size",
       Unary(&Stubs::insight, &Insight::Stub::ListSegment,
             [](auto& r) {
               r.set_segment("high_value");
               r.set_page_size(501);
             })},
      {"sample of 1,001", "size",
       Unary(&Stubs::insight, &Insight::Stub::DrawSample,
             [](auto& r) { r.set_size(1001); })},
      {"history page of 501", "page_size",
       Unary(&Stubs::lifecycle, &GoldenLifecycle::Stub::ListGoldenHistory,
             [](auto& r) {
               r.set_golden_id("G1");
               r.set_page_size(501);
             })},
      {"conflicts page of 501", "page_size",
       Unary(&Stubs::lifecycle, &GoldenLifecycle::Stub::ListConflicts,
             [](auto& r) { r.set_page_size(501); })},
      {"audit page of 1,001", "page_size",
       Unary(&Stubs::admin, &Admin::Stub::ListAuditEvents,
             [](auto& r) { r.set_page_size(1001); })},
      {"10,000,001 random pairs", "random_pairs",
       Unary(&Stubs::admin, &Admin::Stub::TrainModel,
             [](auto& r) { r.set_random_pairs(10'000'001); })},
      {"steward note of 1,025 bytes", "note.reason",
       Unary(&Stubs::steward, &Stewardship::Stub::Revive,
             [](auto& r) {
               r.set_golden_id("G1");
               r.mutable_note()->set_reason(std::string(1025, 'x'));
             })},
      {"flag value of 1,025 bytes", "value",
       Unary(&Stubs::insight, &Insight::Stub::SetFlag,
             [](auto& r) {
               r.set_golden_id("G1");
               r.set_name("vip");
               r.set_value(std::string(1025, 'x'));
             })},
      {"verdict note of 1,025 bytes", "note",
       Unary(&Stubs::insight, &Insight::Stub::RecordVerdict,
             [](auto& r) {
               r.set_golden_id("G1");
               r.set_note(std::string(1025, 'x'));
             })},
      {"negative max_listed", "max_listed",
       Unary(&Stubs::admin, &Admin::Stub::DiffModel,
             [](auto& r) { r.set_max_listed(-1); })},
  };
}

TEST(ServiceLimitsTest, BadSizesEnumsAndOverlongTextAreRefusedByField) {
  ScopedTempDir dir;
  auto hub = HubProcess::Start(dir.path());
  ASSERT_TRUE(hub.ok()) << hub.status();
  auto channel = (*hub)->Connect();
  Stubs stubs{v1::Stewardship::NewStub(channel), v1::Insight::NewStub(channel),
              v1::GoldenLifecycle::NewStub(channel),
              v1::Admin::NewStub(channel)};
  for (const BadRequest& bad : BadRequests()) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(10));
    const grpc::Status s = bad.call(stubs, &ctx);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << bad.what << ": " << Describe(s);
    EXPECT_THAT(ViolationFields(s), ElementsAre(bad.field)) << bad.what;
  }
}

}  // namespace
}  // namespace mdm::integration
