// Errors that name the offending request field. The service layer attaches the
// field path as an absl::Status payload; the API edge turns it into a
// google.rpc.BadRequest field violation. Keeps gRPC types out of the core.
#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace mdm {

inline constexpr absl::string_view kFieldPayloadUrl = "mdm.field";

// InvalidArgument naming `field` ("record.source_record_id").
inline absl::Status FieldError(absl::string_view field,
                               absl::string_view description) {
  absl::Status s =
      absl::InvalidArgumentError(absl::StrCat(field, ": ", description));
  s.SetPayload(kFieldPayloadUrl, absl::Cord(field));
  return s;
}

// A status of any code that names the field it is about.
inline absl::Status WithField(absl::Status s, absl::string_view field) {
  s.SetPayload(kFieldPayloadUrl, absl::Cord(field));
  return s;
}

// The field a status names, if any.
inline std::optional<std::string> FieldOf(const absl::Status& s) {
  absl::optional<absl::Cord> payload = s.GetPayload(kFieldPayloadUrl);
  if (!payload) return std::nullopt;
  return std::string(*payload);
}

}  // namespace mdm
