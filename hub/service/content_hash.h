// A stable fingerprint of a record's content (everything but its timestamps
// and version), persisted with the record: equal fingerprints mean a replay.
// FNV-1a over a length-prefixed encoding, so it is the same across runs and
// builds, unlike absl::Hash.
#pragma once

#include <cstdint>

#include "hub/model/source_record.h"

namespace mdm::service {

uint64_t ContentHash(const SourceRecord& record);

}  // namespace mdm::service
