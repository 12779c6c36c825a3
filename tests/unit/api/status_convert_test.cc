#include "hub/api/status_convert.h"

#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "hub/common/errors.h"

namespace mdm::api {
namespace {

TEST(StatusConvertTest, OkStaysOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

TEST(StatusConvertTest, FieldErrorBecomesBadRequestWithBareDescription) {
  grpc::Status s =
      ToGrpcStatus(FieldError("record.source_record_id", "required"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "record.source_record_id: required");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(s.error_details()));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad));
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(), "record.source_record_id");
  EXPECT_EQ(bad.field_violations(0).description(), "required");
}

TEST(StatusConvertTest, NotFoundNamesTheResource) {
  google::rpc::Status rpc = ToRpcStatus(
      WithField(absl::NotFoundError("no customer G1"), "golden_id"));
  EXPECT_EQ(rpc.code(), static_cast<int>(grpc::StatusCode::NOT_FOUND));
  google::rpc::ResourceInfo info;
  ASSERT_EQ(rpc.details_size(), 1);
  ASSERT_TRUE(rpc.details(0).UnpackTo(&info));
  EXPECT_EQ(info.resource_type(), "golden_id");
}

TEST(StatusConvertTest, CodesCarryOverUnchanged) {
  EXPECT_EQ(ToGrpcStatus(absl::UnavailableError("x")).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ToGrpcStatus(absl::AbortedError("x")).error_code(),
            grpc::StatusCode::ABORTED);
  // Every error carries a google.rpc.Status in its details, even without a
  // field, so clients can always decode one.
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(
      ToGrpcStatus(absl::InternalError("x")).error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::INTERNAL));
}

}  // namespace
}  // namespace mdm::api
