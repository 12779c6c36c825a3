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
#include "hub/model/golden_record.h"
#include "hub/model/source_record.h"

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
  // Persisted counter for minting golden ids, when it advanced.
  std::optional<int64_t> next_entity_seq;
};

class Store {
 public:
  virtual ~Store() = default;

  // Applies all change sets in one transaction. On error nothing is applied.
  virtual absl::Status Apply(absl::Span<const ChangeSet> changes) = 0;

  // A live source record, or nullopt.
  virtual absl::StatusOr<std::optional<StoredRecord>> GetRecord(
      const RecordKey& key) = 0;

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

  // The persisted golden-id counter (0 when never set).
  virtual absl::StatusOr<int64_t> GetNextEntitySeq() = 0;

  // Counts of live records and live entities.
  struct Stats {
    int64_t records = 0;
    int64_t entities = 0;
  };
  virtual absl::StatusOr<Stats> GetStats() = 0;

  // Test hook, the same for every implementation so the contract suite can
  // exercise rollback: the next Apply() fails with Internal after applying
  // `n` of its change sets inside the transaction.
  virtual void TEST_FailNextApplyAfter(int n) = 0;
};

}  // namespace mdm
