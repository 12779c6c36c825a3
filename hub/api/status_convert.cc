#include "hub/api/status_convert.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/rpc/error_details.pb.h"
#include "hub/common/errors.h"
#include "hub/common/retry_delay.h"

namespace mdm::api {

google::rpc::Status ToRpcStatus(const absl::Status& status) {
  google::rpc::Status out;
  out.set_code(static_cast<int>(status.code()));
  out.set_message(std::string(status.message()));
  if (std::optional<std::string> field = FieldOf(status)) {
    if (status.code() == absl::StatusCode::kInvalidArgument) {
      // The message reads "field: description"; the violation carries the
      // two apart.
      absl::string_view description = status.message();
      absl::ConsumePrefix(&description, absl::StrCat(*field, ": "));
      google::rpc::BadRequest bad;
      auto* v = bad.add_field_violations();
      v->set_field(*field);
      v->set_description(std::string(description));
      out.add_details()->PackFrom(bad);
    } else {
      // Other codes (NOT_FOUND) name the field as a resource hint.
      google::rpc::ResourceInfo info;
      info.set_resource_type(*field);
      info.set_description(std::string(status.message()));
      out.add_details()->PackFrom(info);
    }
  }
  if (std::optional<int64_t> ms = RetryDelayOf(status)) {
    google::rpc::RetryInfo retry;
    retry.mutable_retry_delay()->set_seconds(*ms / 1000);
    retry.mutable_retry_delay()->set_nanos(static_cast<int>(*ms % 1000) *
                                           1000000);
    out.add_details()->PackFrom(retry);
  }
  return out;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  google::rpc::Status rpc = ToRpcStatus(status);
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()), rpc.SerializeAsString());
}

}  // namespace mdm::api
