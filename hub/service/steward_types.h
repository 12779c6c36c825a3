// Requests and answers of the stewardship use cases (ResolutionService's
// MergeEntities, SplitEntity, KeepApart, MarkDead, Revive).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "hub/model/source_record.h"
#include "hub/model/steward.h"

namespace mdm::service {

// Who acts, why, and the idempotency key (empty: none).
struct StewardContext {
  std::string author;
  std::string reason;
  std::string request_id;
};

struct MergeRequest {
  std::string survivor;
  std::vector<std::string> others;
  // Expected etag per entity (golden_id -> etag); an entity not named is not
  // checked.
  std::vector<std::pair<std::string, std::string>> etags;
  StewardContext context;
};

struct SplitRequest {
  std::string golden_id;
  std::vector<RecordKey> records;  // moved out
  std::string etag;                // empty: not checked
  StewardContext context;
};

struct KeepApartRequest {
  RecordKey record;
  std::string golden_id;
  StewardContext context;
};

// Either an entity, or a record (split out of its entity first when it
// shares it with others).
struct MarkDeadRequest {
  std::string golden_id;
  RecordKey record;
  DeadReason reason = DeadReason::kUnspecified;
  std::string note;
  StewardContext context;
};

struct ReviveRequest {
  std::string golden_id;
  StewardContext context;
};

// The entities a steward action left behind, as they stood right after it.
struct StewardResult {
  struct Entity {
    std::string golden_id;
    std::string etag;
    bool operator==(const Entity&) const = default;
  };
  std::vector<Entity> entities;         // survivor / remaining part first
  std::vector<std::string> merged_ids;  // merged away (MergeEntities)
  bool operator==(const StewardResult&) const = default;
};

// The form a StewardResult is kept in under its request_id.
std::string EncodeStewardResult(const StewardResult& result);
absl::StatusOr<StewardResult> DecodeStewardResult(const std::string& text);

}  // namespace mdm::service
