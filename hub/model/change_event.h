// A change to golden records as the change feed carries it (WatchChanges).
// Events are numbered by the store in commit order; a consumer resumes after
// the last sequence number it processed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hub/model/source_record.h"

namespace mdm {

enum class ChangeEventType {
  kCreated = 0,      // a new golden record
  kUpdated = 1,      // a new version; changed_fields says what changed
  kDeleted = 2,      // its last record was retracted
  kMerged = 3,       // from_id was merged into golden_id
  kSplit = 4,        // records of from_id moved out into into_ids
  kRecordMoved = 5,  // `record` moved from from_id to golden_id
  kMarkedDead = 6,   // golden_id (or `record`) declared dead; see reason
  kRevived = 7,      // a dead mark on golden_id was lifted
};

struct ChangeEvent {
  int64_t sequence = 0;  // assigned by the store; 1, 2, 3, ...
  ChangeEventType type = ChangeEventType::kUpdated;
  std::string golden_id;  // the entity the event is about (merged: into)
  int64_t version = 0;    // its golden version after the change; 0 if none
  int64_t time_us = 0;    // when the change was made (hub clock)
  // kUpdated: "full_name", "phones", "attr.occupation", "members", ...
  std::vector<std::string> changed_fields;
  std::string from_id;                // kMerged, kSplit, kRecordMoved
  std::vector<std::string> into_ids;  // kSplit: the new entities
  RecordKey record;                   // kRecordMoved, kMarkedDead of a record
  std::string reason;                 // kMarkedDead (and free text otherwise)
  bool operator==(const ChangeEvent&) const = default;
};

}  // namespace mdm
