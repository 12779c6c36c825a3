#include "clients/mdmctl/rpc_error.h"

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"

namespace mdm::ctl {

std::string StatusCodeName(int code) {
  static constexpr const char* kNames[] = {
      "OK",
      "CANCELLED",
      "UNKNOWN",
      "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED",
      "NOT_FOUND",
      "ALREADY_EXISTS",
      "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED",
      "FAILED_PRECONDITION",
      "ABORTED",
      "OUT_OF_RANGE",
      "UNIMPLEMENTED",
      "INTERNAL",
      "UNAVAILABLE",
      "DATA_LOSS",
      "UNAUTHENTICATED",
  };
  if (code >= 0 && code < static_cast<int>(std::size(kNames))) {
    return kNames[code];
  }
  return absl::StrCat("CODE_", code);
}

std::vector<FieldViolation> BadRequestViolations(
    const google::rpc::Status& status) {
  std::vector<FieldViolation> violations;
  for (const google::protobuf::Any& detail : status.details()) {
    google::rpc::BadRequest bad_request;
    if (!detail.UnpackTo(&bad_request)) continue;
    for (const auto& v : bad_request.field_violations()) {
      violations.push_back({v.field(), v.description()});
    }
  }
  return violations;
}

std::string FormatRpcError(const grpc::Status& status) {
  std::string text =
      absl::StrCat("error: ", StatusCodeName(status.error_code()), ": ",
                   status.error_message(), "\n");
  google::rpc::Status details;
  if (!status.error_details().empty() &&
      details.ParseFromString(status.error_details())) {
    for (const FieldViolation& v : BadRequestViolations(details)) {
      absl::StrAppend(&text, "  ", v.field, ": ", v.description, "\n");
    }
  }
  return text;
}

std::vector<RowIssue> RowIssuesFromStatus(int64_t line,
                                          const google::rpc::Status& status) {
  std::vector<RowIssue> issues;
  for (FieldViolation& v : BadRequestViolations(status)) {
    issues.push_back(
        RowIssue{line, std::move(v.field), std::move(v.description), ""});
  }
  if (issues.empty()) {
    issues.push_back(
        RowIssue{line, StatusCodeName(status.code()), status.message(), ""});
  }
  return issues;
}

}  // namespace mdm::ctl
