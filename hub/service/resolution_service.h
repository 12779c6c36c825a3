// The hub's core use cases over a Store: ingest (validate -> normalize ->
// block -> score -> cluster -> survivorship -> commit) and the reads that
// answer "who is this customer?".
//
// Writes are serialized by one mutex and committed before they return, so an
// acknowledged result is durable. The in-memory MatchIndex is a cache of the
// store: rebuilt at start, and rebuilt again if a commit fails, so it never
// holds uncommitted state after an error.
//
// Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "hub/common/clock.h"
#include "hub/match/match_index.h"
#include "hub/match/scorer.h"
#include "hub/store/store.h"

namespace mdm::service {

enum class Outcome { kCreated, kLinked, kMerged, kUpdated, kUnchanged, kStale };

struct UpsertResult {
  std::string golden_id;  // empty for a stale upsert of a retracted record
  Outcome outcome = Outcome::kUnchanged;
  std::vector<FieldWarning> warnings;
  std::vector<std::string> merged_ids;
  int64_t golden_version = 0;
};

struct DeleteResult {
  std::string golden_id;
  bool entity_deleted = false;
};

struct Candidate {
  std::string golden_id;
  double score = 0;
  double probability = 0;
  bool link = false;                      // at or above the link threshold
  std::vector<match::FieldScore> fields;  // of the best-matching member
  GoldenRecord golden;
};

struct SearchQuery {
  std::string name{};
  std::string phone{};
  std::string email{};
  std::string national_id{};
  std::string golden_id{};
};

struct ServiceOptions {
  match::ScoringModel model;
  size_t max_block_size = 1000;
  size_t max_weak_block_size = 100;
};

class ResolutionService {
 public:
  // Loads the match index from `store`. `store` and `clock` must outlive the
  // service.
  static absl::StatusOr<std::unique_ptr<ResolutionService>> Create(
      Store* store, const Clock* clock, ServiceOptions options);

  // Resolves and commits every record in one transaction. Per-record errors
  // (validation) are in the inner StatusOr and do not affect the others; the
  // outer status fails only if the commit failed, and then nothing was applied.
  absl::StatusOr<std::vector<absl::StatusOr<UpsertResult>>> UpsertBatch(
      absl::Span<const SourceRecord> records);

  // The same, pipelined: resolves the batch now (waiting only while another
  // batch is queued for commit) and returns; `done` runs on the committer
  // thread once the batch is durable or failed. Batches submitted one after
  // the other are resolved and committed in that order, and a batch's
  // resolution overlaps the previous batch's commit.
  using BatchCallback = std::function<void(
      absl::StatusOr<std::vector<absl::StatusOr<UpsertResult>>>)>;
  void SubmitBatch(absl::Span<const SourceRecord> records, BatchCallback done);

  ~ResolutionService();

  absl::StatusOr<UpsertResult> Upsert(const SourceRecord& record);

  // Retracts a record. `deleted_at_us` 0 means now; a deletion older than the
  // record's last update is ignored (the newer data wins). Deleting an already
  // retracted record is a no-op; an unknown record is NotFound.
  absl::StatusOr<DeleteResult> Delete(const RecordKey& key,
                                      int64_t deleted_at_us);

  // Follows redirects of merged-away ids.
  absl::StatusOr<GoldenRecord> GetGolden(absl::string_view golden_id);
  // All or nothing; NotFound names the first unknown id.
  absl::StatusOr<std::vector<GoldenRecord>> BatchGetGolden(
      absl::Span<const std::string> golden_ids);

  absl::StatusOr<Xref> LookupXref(const RecordKey& key);
  absl::StatusOr<std::vector<Xref>> ListXrefs(const RecordKey& after,
                                              int limit);
  absl::StatusOr<std::vector<StoredRecord>> ListEntityRecords(
      absl::string_view golden_id, const RecordKey& after, int limit);

  // Read-only resolution of `attributes` against existing entities, best
  // first; also returns the warnings for values that could not be parsed.
  struct Resolution {
    std::vector<Candidate> candidates;
    std::vector<FieldWarning> warnings;
  };
  absl::StatusOr<Resolution> Resolve(const SourceRecord& attributes,
                                     int max_candidates);

  // Golden ids of the customers matching every given criterion, ascending,
  // strictly after `after_golden_id`, at most `limit`, plus whether more exist.
  struct SearchPage {
    std::vector<GoldenRecord> customers;
    bool more = false;
  };
  absl::StatusOr<SearchPage> Search(const SearchQuery& query,
                                    absl::string_view after_golden_id,
                                    int limit);

  struct Stats {
    size_t records = 0;
    size_t entities = 0;
    match::BlockingStats blocking;
  };
  Stats GetStats() const;

 private:
  class Batch;  // the pending work of one transaction

  ResolutionService(Store* store, const Clock* clock, ServiceOptions options);

  absl::Status LoadIndex() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Takes mu_ once no batch is waiting for the committer.
  void LockForResolution() ABSL_EXCLUSIVE_LOCK_FUNCTION(mu_);
  // Hands a resolved batch to the committer.
  void Enqueue(std::unique_ptr<Batch> batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void CommitLoop();
  absl::StatusOr<DeleteResult> DeleteLocked(const RecordKey& key,
                                            int64_t deleted_at_us)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Retraction time of a record retracted in `batch`, in the committing batch
  // or in the store.
  absl::StatusOr<std::optional<int64_t>> PendingOrStoredDeletion(
      const RecordKey& key, const Batch& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // A record validated and normalized outside the lock.
  struct Prepared {
    absl::Status valid;
    SourceRecord record;  // updated_at defaulted to the receive time
    uint64_t content_hash = 0;
    normalize::ExtractedFeatures extracted;
  };
  // Validates and normalizes records, in parallel for large batches: this is
  // pure work that needs no lock.
  std::vector<Prepared> Prepare(absl::Span<const SourceRecord> records) const;
  absl::StatusOr<UpsertResult> UpsertLocked(Prepared prepared, Batch& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::string MintGoldenId(Batch& batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<std::optional<GoldenRecord>> PreviousGolden(
      const std::string& golden_id, Batch& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status Recompute(const std::string& golden_id, Batch& batch,
                         std::vector<std::string> newly_merged)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Best pair score per entity for a record's features.
  struct EntityScore {
    std::string golden_id;
    match::PairScore best;
  };
  std::vector<EntityScore> ScoreEntities(
      const normalize::RecordFeatures& features, const RecordKey* exclude,
      match::BlockingStats* stats, bool decide_only)
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  absl::StatusOr<std::vector<std::string>> MatchingGoldenIds(
      const SearchQuery& query) ABSL_SHARED_LOCKS_REQUIRED(mu_);

  Store* const store_;
  const Clock* const clock_;
  const ServiceOptions options_;

  mutable absl::Mutex mu_;
  match::MatchIndex index_ ABSL_GUARDED_BY(mu_);
  int64_t next_entity_seq_ ABSL_GUARDED_BY(mu_) = 1;
  match::BlockingStats blocking_stats_ ABSL_GUARDED_BY(mu_);
  // Committed golden records recently read or written by ingestion, so that
  // re-resolving an entity does not decode it from the store again. Holds
  // only committed state: filled after a successful commit, cleared on reload.
  // A node map: entries never move when it grows (no copies of large records).
  absl::node_hash_map<std::string, GoldenRecord> golden_cache_
      ABSL_GUARDED_BY(mu_);

  // Commit pipeline: at most one batch waits for the committer thread and one
  // commits. Resolution may build on the committing batch (its goldens and
  // tombstones are consulted), never on one that is only queued.
  std::unique_ptr<Batch> queued_ ABSL_GUARDED_BY(mu_);
  const Batch* committing_ ABSL_GUARDED_BY(mu_) = nullptr;
  int64_t generation_ ABSL_GUARDED_BY(mu_) = 0;  // +1 on every index reload
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread committer_;
};

// Canonical golden id form for a sequence number: "G" + 10 digits, so ids sort
// by age.
std::string FormatGoldenId(int64_t seq);

// Strips an optional "customers/" resource prefix.
absl::string_view StripCustomerPrefix(absl::string_view id);

}  // namespace mdm::service
