// What the audit trail records about a call's request, read generically by
// protobuf reflection so that RPCs added later are covered without code:
//  - the request id: a top-level string field `request_id`;
//  - the target: the first of golden_id, source + source_record_id
//    ("erp/C-1"), connector_id ("connectors/ID") found in the message or its
//    singular sub-messages; else the first element's target of the first
//    non-empty repeated message field, with "(+N more)" for the rest.
// Pure: no I/O.
#pragma once

#include <google/protobuf/message.h>

#include <string>

#include "hub/common/string_view.h"

namespace mdm::access {

// Empty when the message has no (or an empty) request_id field.
std::string RequestIdOf(const google::protobuf::Message& request);

// Empty when nothing above is found.
std::string AuditTargetOf(const google::protobuf::Message& request);

// At most `max_bytes` of `s`, cut on a UTF-8 character boundary.
std::string ClipUtf8(absl::string_view s, size_t max_bytes);

}  // namespace mdm::access
