// What every Store implementation writes beside a change set's own rows, in
// the same transaction: the golden history (one row per new version of an
// entity, and one per deletion) and the change events (ChangeSet::events plus
// the ones derived here). Pure: the store reads the entities' previous state
// inside its transaction and passes it in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "hub/store/change_encoding.h"
#include "hub/store/store.h"

namespace mdm {

// Entities as they stood before a change set (nullopt: absent or deleted).
using EntityStates =
    absl::flat_hash_map<std::string, std::optional<GoldenRecord>>;

struct HistoryRow {
  std::string golden_id;
  int64_t version = 0;
  int64_t time_us = 0;
  bool deleted = false;
  std::string data;  // the entity's data column; "{}" for a deletion
};

struct ChangeLog {
  std::vector<HistoryRow> history;
  std::vector<ChangeEvent> events;  // sequence still 0
};

// Ids of the entities whose previous state PlanChangeLog needs, distinct.
std::vector<std::string> EntitiesToLog(const ChangeSet& change);

// `before` holds every id of EntitiesToLog(change). `now_us` stands in for
// change.time_us when that is 0.
ChangeLog PlanChangeLog(const ChangeSet& change, const EncodedChange& encoded,
                        const EntityStates& before, int64_t now_us);

// Advances `states` past `change` (what the next change set in the same
// transaction sees as "before").
void AdvanceStates(const ChangeSet& change, EntityStates& states);

// The attributes whose golden values differ ("full_name", "phones",
// "attr.KEY", "members", "merged_ids", "conflicts"), sorted.
std::vector<std::string> ChangedFields(const GoldenRecord& before,
                                       const GoldenRecord& after);

// Event columns: type name and the JSON of the remaining fields.
const char* EventTypeName(ChangeEventType type);
absl::StatusOr<ChangeEventType> EventTypeFromName(std::string_view name);
std::string EncodeEventData(const ChangeEvent& event);
absl::Status DecodeEventData(std::string_view data, ChangeEvent* event);

// One conflict row's data column.
std::string EncodeConflict(const AttributeConflict& conflict);
absl::Status DecodeConflict(std::string_view data, AttributeConflict* out);

// Rows read back, the same on every store. A deleted version has no content
// beyond id, version and time.
absl::StatusOr<GoldenRecord> HistoryVersion(std::string_view golden_id,
                                            int64_t version, int64_t time_us,
                                            bool deleted,
                                            std::string_view data);
absl::StatusOr<ChangeEvent> EventFromColumns(int64_t seq,
                                             std::string_view golden_id,
                                             std::string_view type,
                                             int64_t version, int64_t time_us,
                                             std::string_view data);
absl::StatusOr<EntityConflict> ConflictFromColumns(std::string_view golden_id,
                                                   std::string_view attribute,
                                                   std::string_view data);

}  // namespace mdm
