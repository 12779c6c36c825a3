// The pending work of one resolution-service transaction. Private to the
// service's implementation files (resolution_service.cc,
// resolution_refresh.cc).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/node_hash_map.h"
#include "hub/service/resolution_service.h"

namespace mdm::service {

// The pending effect of one transaction: a change set per logical mutation and
// the newest golden record of every entity touched so far, so later records of
// the same batch build on uncommitted state. It keeps its inputs, so it can be
// resolved again after it was undone.
class ResolutionService::Batch {
 public:
  ChangeSet& Begin() { return changes.emplace_back(); }
  ChangeSet& Current() { return changes.back(); }

  // Forgets the outputs of an earlier resolution.
  void Reset() {
    results.clear();
    recomputed = 0;
    delete_result = absl::UnknownError("not resolved");
    changes.clear();
    goldens.clear();
    deleted_entities.clear();
    minted.clear();
    tombstones.clear();
    touched_records.clear();
    touched_blocks.clear();
    touched_entities.clear();
    guards.clear();
    steward_result = absl::UnknownError("not resolved");
    steward_touched = false;
  }

  // Inputs: records to upsert, or one retraction.
  std::vector<Prepared> inputs;
  std::optional<std::pair<RecordKey, int64_t>> deletion;
  // Or one steward action (steward_ops.cc).
  std::function<absl::StatusOr<StewardResult>(Batch&)> steward;
  // Or new survivorship rules: every entity is recomputed under them
  // (golden_rules.cc); `rules_text` is persisted with the result.
  std::optional<golden::SurvivorshipRules> new_rules;
  std::vector<std::pair<std::string, std::string>> rules_settings;

  // Outputs of the last resolution.
  std::vector<absl::StatusOr<UpsertResult>> results;
  absl::StatusOr<DeleteResult> delete_result = absl::UnknownError("");
  absl::StatusOr<StewardResult> steward_result = absl::UnknownError("");
  // The batch changes steward rules (guarded by StewardGuard()).
  bool steward_touched = false;
  int64_t recomputed = 0;       // entities given a new version by new rules
  absl::Status resolve_status;  // not OK: nothing to commit, undo

  std::vector<ChangeSet> changes;
  absl::node_hash_map<std::string, GoldenRecord> goldens;
  absl::flat_hash_set<std::string> deleted_entities;
  // Golden ids minted here: no store holds them yet, so nothing is read.
  absl::flat_hash_set<std::string> minted;
  absl::flat_hash_map<RecordKey, int64_t> tombstones;  // retracted here
  // What the decisions read or wrote: guarded at commit in replica mode, and
  // reloaded from the store when the batch is undone.
  absl::flat_hash_set<RecordKey> touched_records;
  absl::flat_hash_set<std::string> touched_blocks;
  absl::flat_hash_set<std::string> touched_entities;
  std::vector<Guard> guards;
  // Index generation the batch was resolved against.
  int64_t generation = 0;
  // Runs on the committer thread once the batch is durable, or failed.
  std::function<void(absl::Status, Batch&)> done;
};

}  // namespace mdm::service
