#include "clients/mdmctl/rpc_error.h"

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace mdm::ctl {
namespace {

google::rpc::Status BadRequestStatus() {
  google::rpc::BadRequest bad_request;
  auto* v = bad_request.add_field_violations();
  v->set_field("record.source_record_id");
  v->set_description("must not be empty");
  v = bad_request.add_field_violations();
  v->set_field("record.phones[0]");
  v->set_description("not a phone number");
  google::rpc::Status status;
  status.set_code(grpc::StatusCode::INVALID_ARGUMENT);
  status.set_message("invalid record");
  google::rpc::ErrorInfo info;  // other details are skipped
  info.set_reason("INVALID_RECORD");
  status.add_details()->PackFrom(info);
  status.add_details()->PackFrom(bad_request);
  return status;
}

TEST(RpcErrorTest, StatusCodeNames) {
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::NOT_FOUND), "NOT_FOUND");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::UNAVAILABLE), "UNAVAILABLE");
  EXPECT_EQ(StatusCodeName(99), "CODE_99");
}

TEST(RpcErrorTest, FormatsCodeMessageAndBadRequestViolations) {
  const google::rpc::Status details = BadRequestStatus();
  grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT, "invalid record",
                      details.SerializeAsString());
  EXPECT_EQ(FormatRpcError(status),
            "error: INVALID_ARGUMENT: invalid record\n"
            "  record.source_record_id: must not be empty\n"
            "  record.phones[0]: not a phone number\n");
}

TEST(RpcErrorTest, FormatsStatusWithoutDetails) {
  EXPECT_EQ(FormatRpcError(grpc::Status(grpc::StatusCode::NOT_FOUND,
                                        "customers/G42 not found")),
            "error: NOT_FOUND: customers/G42 not found\n");
}

TEST(RpcErrorTest, IngestErrorBecomesOneRowIssuePerViolation) {
  std::vector<RowIssue> issues = RowIssuesFromStatus(17, BadRequestStatus());
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(FormatRowIssue(issues[0]),
            "line 17: record.source_record_id: must not be empty");
  EXPECT_EQ(FormatRowIssue(issues[1]),
            "line 17: record.phones[0]: not a phone number");
}

TEST(RpcErrorTest, IngestErrorWithoutViolationsNamesTheCode) {
  google::rpc::Status status;
  status.set_code(grpc::StatusCode::INTERNAL);
  status.set_message("store failed");
  std::vector<RowIssue> issues = RowIssuesFromStatus(3, status);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(FormatRowIssue(issues[0]), "line 3: INTERNAL: store failed");
}

}  // namespace
}  // namespace mdm::ctl
