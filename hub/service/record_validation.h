// Checks a source record at the door: required keys, lengths, UTF-8 and
// character sets. Field paths are relative to the request ("record.name").
// Unparseable *values* (a date, a phone) are not errors: they are kept and
// warned about by feature extraction.
#pragma once

#include "absl/status/status.h"
#include "hub/model/source_record.h"

namespace mdm::service {

// Limits, documented in the README. Generous for real data, small enough that
// one record cannot exhaust memory.
inline constexpr size_t kMaxSourceLength = 64;
inline constexpr size_t kMaxRecordIdLength = 256;
inline constexpr size_t kMaxTextLength = 1024;
inline constexpr size_t kMaxListValues = 32;
inline constexpr size_t kMaxAttributes = 128;
inline constexpr size_t kMaxAttributeKeyLength = 64;
inline constexpr size_t kMaxAttributeValueLength = 4096;

// Validates the key only (source and source_record_id); `prefix` may be
// empty when the key fields sit at the top of the request.
absl::Status ValidateRecordKey(const RecordKey& key, absl::string_view prefix);

// Validates a whole record; `prefix` is the field path of the record in the
// request ("record").
absl::Status ValidateRecord(const SourceRecord& record,
                            absl::string_view prefix);

}  // namespace mdm::service
