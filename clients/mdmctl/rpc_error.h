// Turns gRPC errors into the lines mdmctl prints on stderr. The hub reports
// bad input as INVALID_ARGUMENT with google.rpc.BadRequest field violations
// (DESIGN §9), carried in grpc::Status::error_details() for unary calls and
// in IngestResult.error for rejected records of a bulk ingest.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "clients/mdmctl/row_issue.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/status.h"

namespace mdm::ctl {

// "INVALID_ARGUMENT" for 3, and so on; "CODE_<n>" for unknown codes.
std::string StatusCodeName(int code);

struct FieldViolation {
  std::string field;
  std::string description;
};

// The BadRequest field violations among `status.details()`, in order.
std::vector<FieldViolation> BadRequestViolations(
    const google::rpc::Status& status);

// `error: CODE: message` and then `  field: description` per violation, each
// line ending in '\n'.
std::string FormatRpcError(const grpc::Status& status);

// The issues of a record the hub rejected during ingest: one per field
// violation, or a single `CODE: message` when there are none.
std::vector<RowIssue> RowIssuesFromStatus(int64_t line,
                                          const google::rpc::Status& status);

}  // namespace mdm::ctl
