// absl::Status -> grpc::Status at the API edge. The codes are the same
// numbers; a status that names a field (hub/common/errors.h) gains a
// google.rpc.BadRequest field violation in its details.
#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "google/rpc/status.pb.h"

namespace mdm::api {

grpc::Status ToGrpcStatus(const absl::Status& status);

// The same error as a google.rpc.Status message (for per-record results in a
// stream).
google::rpc::Status ToRpcStatus(const absl::Status& status);

}  // namespace mdm::api
