// Encodes the `data` column of the store's rows as JSON text, so a steward can
// look inside a row with sqlite3's json_extract() and a MySQL store can use a
// JSON column.
//
// The key columns (source, source_record_id, golden_id, updated_at_us,
// version) are not repeated inside the JSON: the columns are the truth, and the
// decoders take them as already filled in. Tombstones have no data column;
// their four fields are plain columns.
//
// Written with JsonWriter (fast, see json_writer.h), read with nlohmann::json.
//
// Default values (empty strings and lists, zero numbers, absent optionals) are
// left out of the JSON to keep rows small and encoding cheap; decoding restores
// them.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "hub/model/golden_record.h"
#include "hub/model/source_record.h"

namespace mdm {

// InvalidArgument when a string is not valid UTF-8 (JSON cannot carry it
// without loss, and silently replacing bytes would corrupt the record).
absl::StatusOr<std::string> EncodeRecordData(const StoredRecord& record);

// Fills everything but record->record.key, ->golden_id and
// ->record.updated_at_us, which the caller sets from the row's columns first
// (the key also names the row in errors). DataLoss when `data` is malformed.
absl::Status DecodeRecordData(std::string_view data, StoredRecord* record);

absl::StatusOr<std::string> EncodeEntityData(const GoldenRecord& entity);

// Fills everything but entity->golden_id and ->version (columns, set first).
absl::Status DecodeEntityData(std::string_view data, GoldenRecord* entity);

}  // namespace mdm
