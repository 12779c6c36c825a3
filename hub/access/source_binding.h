// Source binding of connectors: a connector principal may write only its own
// source's records, facts, registration and checkpoints. Checked on every
// request message (each message of a stream too) by walking it through
// protobuf reflection, so a new request type that carries `source` or
// `connector_id` fields is covered without code here.
//
// Pure: no gRPC, no I/O.
#pragma once

#include <google/protobuf/message.h>

#include "absl/status/status.h"
#include "hub/access/principal.h"

namespace mdm::access {

// For a connector principal: PERMISSION_DENIED naming the field when any
// `source` field anywhere in `request` differs from the principal's source,
// or a `connector_id` is neither SOURCE nor SOURCE-SUFFIX (optionally
// prefixed "connectors/"). OK for other roles.
absl::Status CheckSourceBinding(const Principal& principal,
                                const google::protobuf::Message& request);

}  // namespace mdm::access
