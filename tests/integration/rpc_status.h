// Reading google.rpc.Status details off a grpc::Status (DESIGN.md §9).
#pragma once

#include <string>
#include <vector>

#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"

namespace mdm::integration {

// The rich status in the status's binary details; empty when there are none.
google::rpc::Status RichStatus(const grpc::Status& status);

// The fields of every google.rpc.BadRequest field violation in `status`.
std::vector<std::string> ViolationFields(const grpc::Status& status);
std::vector<std::string> ViolationFields(const google::rpc::Status& status);

// The field a status names: its first BadRequest violation's field
// (INVALID_ARGUMENT), else a ResourceInfo's resource_type (other codes, such
// as NOT_FOUND); "" when it names none.
std::string NamedField(const grpc::Status& status);

// "CODE: message [fields]" for failure messages.
std::string Describe(const grpc::Status& status);

}  // namespace mdm::integration
