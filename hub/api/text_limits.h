// Length limits on the free text of steward and insight requests (notes,
// reasons, flag values, authors), which are stored and shown back: without
// them one call could put megabytes into the audit of a golden record. The
// limits are those of record fields (hub/service/record_validation.h): names
// and ids up to kMaxRecordIdLength bytes, prose up to kMaxTextLength.
#pragma once

#include <initializer_list>
#include <string>

#include "absl/status/status.h"
#include "hub/common/string_view.h"

namespace mdm::api {

struct TextField {
  const char* path;  // the field path for the error ("note.reason")
  const std::string& value;
  size_t max_bytes;
};

// InvalidArgument naming the first field longer than its limit; else OK.
absl::Status CheckTextLengths(std::initializer_list<TextField> fields);

}  // namespace mdm::api
