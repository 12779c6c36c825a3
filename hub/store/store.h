// The Store: the hub's system of record. The hub process holds caches only;
// everything acknowledged to a client has been committed through Apply().
//
// Thread safety: implementations are safe for concurrent use; Apply() calls are
// serialized by the implementation. Reads observe only committed state.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "hub/model/change_event.h"
#include "hub/model/golden_record.h"
#include "hub/model/review_task.h"
#include "hub/model/source_record.h"
#include "hub/model/steward.h"

namespace mdm {

struct RecordTombstone {
  RecordKey key;
  std::string golden_id;      // entity the record belonged to
  int64_t deleted_at_us = 0;  // retraction time (source's or hub's clock)
  bool operator==(const RecordTombstone&) const = default;
};

// One logical mutation (the effect of one upsert or delete). A span of them is
// applied in one transaction: all or nothing.
struct ChangeSet {
  // Inserted or replaced by key.
  std::vector<StoredRecord> upsert_records;
  // Source records retracted: removed from the live set (and from xrefs) and
  // remembered as a tombstone with the retraction time, so an older upsert
  // arriving later cannot resurrect them. An upsert of the same key clears the
  // tombstone.
  std::vector<RecordTombstone> delete_records;
  // Golden records inserted or replaced by golden_id.
  std::vector<GoldenRecord> upsert_entities;
  // Golden records whose last record was retracted.
  std::vector<std::string> delete_entities;
  // from -> to: `from` was merged into `to`.
  std::vector<std::pair<std::string, std::string>> redirects;
  // Hashes of the blocking keys each upserted record is indexed under, in
  // upsert_records order; empty when the caller keeps no blocking postings in
  // the store (a hub that is the store's only writer rebuilds them from the
  // records). When given, a record's postings are replaced by these, and a
  // retracted record's postings are removed.
  std::vector<std::vector<uint64_t>> record_blocks;
  // Review tasks, replaced per record: every record in `reviewed_records`
  // loses its open tasks and gets those of `review_tasks` that name it.
  // A retracted record's tasks go with it.
  std::vector<RecordKey> reviewed_records;
  std::vector<ReviewTask> review_tasks;
  // Steward decisions, dead marks, quarantined records, request answers.
  StewardChanges steward;

  // History and change feed. The store derives them itself, in the same
  // transaction, from what the change set does to golden records: every new
  // version of an entity is appended to its history and raises kCreated or
  // kUpdated (with the changed fields), a deleted entity kDeleted, a redirect
  // kMerged, a record that leaves one upserted entity for another
  // kRecordMoved. `events` adds what the store cannot see (a split, a record
  // marked dead, ...), after the derived ones; an explicit kMerged replaces
  // the derived one of the same redirect. Empty golden_id/time are filled in.
  std::vector<ChangeEvent> events;
  // When the change was made (hub clock) for history and events; 0 = now.
  int64_t time_us = 0;
  // Hub settings written in the same transaction (key -> value), e.g. the
  // survivorship rules together with the golden records they recomputed.
  std::vector<std::pair<std::string, std::string>> settings;
};

// A conflict of one entity, as listed across entities (ListConflicts).
struct EntityConflict {
  std::string golden_id;
  AttributeConflict conflict;
  bool operator==(const EntityConflict&) const = default;
};

// Optimistic concurrency between hub replicas sharing one database. A guard
// is a 64-bit id naming something a resolution decision read (a record, a
// blocking key, an entity; see hub/service/guard_ids.h) and the version the
// deciding replica saw. Versions start at 0 (never written) and grow by one
// with every committed change that names the guard.
struct Guard {
  uint64_t id = 0;
  int64_t expected = 0;
  bool operator==(const Guard&) const = default;
};

class Store {
 public:
  virtual ~Store() = default;

  // Applies all change sets in one transaction. On error nothing is applied.
  absl::Status Apply(absl::Span<const ChangeSet> changes) {
    return Apply(changes, {});
  }

  // The same, under guards: inside the transaction every guard is locked in
  // ascending id order (so concurrent writers never deadlock on them); if any
  // guard's version differs from `expected`, nothing is applied and the result
  // is Aborted; otherwise each guard's version becomes expected + 1 together
  // with the changes. Guard ids must be distinct.
  virtual absl::Status Apply(absl::Span<const ChangeSet> changes,
                             absl::Span<const Guard> guards) = 0;

  // True when several hub processes may write this store at once (a database
  // server); they then coordinate through guards. False for a store that one
  // process owns exclusively.
  virtual bool SharedByReplicas() const = 0;

  // Current versions of the given guards, in the same order (0 for a guard
  // never written).
  virtual absl::StatusOr<std::vector<int64_t>> GetGuardVersions(
      absl::Span<const uint64_t> ids) = 0;

  // Calls `fn` for every guard ever written.
  virtual absl::Status ForEachGuard(
      const std::function<absl::Status(uint64_t id, int64_t version)>& fn) = 0;

  // Live records whose postings (ChangeSet::record_blocks) include any of
  // `block_hashes`, distinct, ordered by key.
  virtual absl::StatusOr<std::vector<RecordKey>> ListBlockPostings(
      absl::Span<const uint64_t> block_hashes) = 0;

  // A live source record, or nullopt.
  virtual absl::StatusOr<std::optional<StoredRecord>> GetRecord(
      const RecordKey& key) = 0;

  // Several records at once (fewer round trips than GetRecord each), in the
  // order of `keys`: nullopt where a record is not live.
  virtual absl::StatusOr<std::vector<std::optional<StoredRecord>>> GetRecords(
      absl::Span<const RecordKey> keys) = 0;

  // The tombstone of a retracted record, or nullopt.
  virtual absl::StatusOr<std::optional<RecordTombstone>> GetTombstone(
      const RecordKey& key) = 0;

  // A live golden record by its own id (redirects are not followed), or
  // nullopt.
  virtual absl::StatusOr<std::optional<GoldenRecord>> GetEntity(
      std::string_view golden_id) = 0;

  // The final target of `golden_id`'s redirect chain, or nullopt when the id
  // was never merged away.
  virtual absl::StatusOr<std::optional<std::string>> ResolveRedirect(
      std::string_view golden_id) = 0;

  // True if `golden_id` names an entity that was deleted (all records
  // retracted).
  virtual absl::StatusOr<bool> IsEntityDeleted(std::string_view golden_id) = 0;

  // Live records of one entity ordered by key, starting after `after` (empty
  // key = from the start), at most `limit`.
  virtual absl::StatusOr<std::vector<StoredRecord>> ListEntityRecords(
      std::string_view golden_id, const RecordKey& after, int limit) = 0;

  // Live xrefs ordered by key, starting after `after`, at most `limit`.
  virtual absl::StatusOr<std::vector<Xref>> ListXrefs(const RecordKey& after,
                                                      int limit) = 0;

  // Calls `fn` for every live record (order unspecified); stops at the first
  // error `fn` returns. Used to rebuild in-memory indexes at start.
  virtual absl::Status ForEachRecord(
      const std::function<absl::Status(const StoredRecord&)>& fn) = 0;

  // Reserves `count` consecutive golden-id sequence numbers for the caller
  // alone, in a transaction of its own, and returns the first. The first
  // reservation of a new store starts at 1; numbers are never handed out
  // twice, even to concurrent hubs, and a reservation the caller does not use
  // up is simply skipped.
  virtual absl::StatusOr<int64_t> ReserveEntityIds(int64_t count) = 0;

  // Open review tasks, highest score first (ties by record key, then
  // candidate), strictly after `after` in that order (nullopt: from the
  // start), at most `limit`.
  virtual absl::StatusOr<std::vector<ReviewTask>> ListReviewTasks(
      const std::optional<ReviewTask>& after, int limit) = 0;

  // Stewardship (the tables ChangeSet::steward writes).
  //
  // Every link constraint and dead mark.
  virtual absl::StatusOr<StewardState> LoadStewardState() = 0;
  // The stored answer of a steward request, or nullopt.
  virtual absl::StatusOr<std::optional<StewardRequest>> GetStewardRequest(
      std::string_view request_id) = 0;
  // Quarantined records ordered by key, strictly after `after`, at most
  // `limit`.
  virtual absl::StatusOr<std::vector<QuarantinedRecord>> ListQuarantine(
      const RecordKey& after, int limit) = 0;
  // Versions of an entity, newest first, strictly older than
  // `before_version` (0: from the newest), at most `limit`. A deletion shows
  // as a version with no members. Empty when the id never existed.
  virtual absl::StatusOr<std::vector<GoldenRecord>> ListEntityHistory(
      std::string_view golden_id, int64_t before_version, int limit) = 0;

  // The entity as it stood at `as_of_us` (its newest version made at or
  // before then), or nullopt when it did not exist or was deleted then.
  virtual absl::StatusOr<std::optional<GoldenRecord>> GetEntityAsOf(
      std::string_view golden_id, int64_t as_of_us) = 0;

  // Change events with sequence > `after`, ascending, at most `limit`. Only
  // committed events, and (one writer at a time holds the sequence counter
  // until its commit) never one below a sequence already returned.
  virtual absl::StatusOr<std::vector<ChangeEvent>> ListChangeEvents(
      int64_t after, int limit) = 0;

  // Current conflicts of live entities by (golden_id, attribute), strictly
  // after `after` (empty golden_id: from the start), at most `limit`.
  virtual absl::StatusOr<std::vector<EntityConflict>> ListConflicts(
      const EntityConflict& after, int limit) = 0;

  // A hub setting (ChangeSet::settings), or nullopt when never written.
  virtual absl::StatusOr<std::optional<std::string>> GetSetting(
      std::string_view key) = 0;

  // Counts of live records, live entities and open review tasks.
  struct Stats {
    int64_t records = 0;
    int64_t entities = 0;
    int64_t review_tasks = 0;
  };
  virtual absl::StatusOr<Stats> GetStats() = 0;

  // Test hook, the same for every implementation so the contract suite can
  // exercise rollback: the next Apply() fails with Internal after applying
  // `n` of its change sets inside the transaction.
  virtual void TEST_FailNextApplyAfter(int n) = 0;
};

}  // namespace mdm
