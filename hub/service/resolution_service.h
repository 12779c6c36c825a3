// The hub's core use cases over a Store: ingest (validate -> normalize ->
// block -> score -> cluster -> survivorship -> commit) and the reads that
// answer "who is this customer?".
//
// Writes are serialized by one mutex and committed before they return, so an
// acknowledged result is durable. The in-memory MatchIndex is a cache of the
// store: loaded at start; when a batch fails (or loses a race with another
// hub), what it touched is reloaded from the store, so the cache never keeps
// uncommitted state after an error.
//
// Several hubs may share one database (Store::SharedByReplicas). Each batch
// then commits under guards: the versions of every record, blocking key and
// entity its decisions read or wrote. The database checks them under row locks
// taken in a fixed order; if another hub changed any of them first, nothing is
// applied, the stale parts of the cache are reloaded and the batch is resolved
// again. Before resolving, a batch also reloads whatever the store says
// changed under its keys, so such races stay rare; reads (Resolve, Search) do
// the same, so no hub answers from data another hub has replaced.
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
#include "absl/container/flat_hash_set.h"
#include "absl/container/node_hash_map.h"
#include "absl/random/random.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "hub/common/clock.h"
#include "hub/golden/rules.h"
#include "hub/golden/survivorship.h"
#include "hub/match/entity_scoring.h"
#include "hub/match/match_index.h"
#include "hub/match/scorer.h"
#include "hub/service/helper_thread.h"
#include "hub/service/steward_rules.h"
#include "hub/service/steward_types.h"
#include "hub/store/store.h"

namespace mdm::service {

enum class Outcome {
  kCreated,
  kLinked,
  kMerged,
  kUpdated,
  kUnchanged,
  kStale,
  // Resolved to a dead entity: held in quarantine, not joined.
  kQuarantined,
};

struct UpsertResult {
  std::string golden_id;  // empty for a stale upsert of a retracted record
  Outcome outcome = Outcome::kUnchanged;
  std::vector<FieldWarning> warnings;
  std::vector<std::string> merged_ids;
  int64_t golden_version = 0;
  // kQuarantined: why the entity (golden_id) is dead.
  DeadReason dead_reason = DeadReason::kUnspecified;
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

// An open review task as a steward sees it: where the record and the
// candidate are now (redirects followed).
struct OpenReview {
  ReviewTask task;
  std::string record_golden_id;
  std::string candidate_golden_id;
  double probability = 0;
};

// Why two records match or not (ExplainMatch).
struct Explanation {
  match::PairScore score;  // complete: every comparison
  double probability = 0;
  std::string decision;  // "link", "review", "no_link"
  StoredRecord compared_with;
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

  // A stored record (NotFound naming `field` otherwise).
  absl::StatusOr<SourceRecord> GetSourceRecord(const RecordKey& key,
                                               absl::string_view field);
  // Scores `left` against a stored record, or against every member of an
  // entity (the best one explains it), in full.
  absl::StatusOr<Explanation> ExplainAgainstRecord(const SourceRecord& left,
                                                   const RecordKey& right);
  absl::StatusOr<Explanation> ExplainAgainstEntity(const SourceRecord& left,
                                                   absl::string_view golden_id);
  // The model decisions use now (ServiceOptions::model until SetModel).
  std::shared_ptr<const match::ScoringModel> model() const
      ABSL_LOCKS_EXCLUDED(model_mu_);
  // Decisions from now on use `model`; what was resolved before stays as it
  // is (see model_service.h for re-resolving). Waits for the batch being
  // resolved, not for commits.
  void SetModel(std::shared_ptr<const match::ScoringModel> model)
      ABSL_LOCKS_EXCLUDED(mu_, model_mu_);

  // The live records' features and term frequencies (copies), for training.
  struct TrainingData {
    std::vector<normalize::RecordFeatures> features;
    std::vector<std::string> golden_ids;  // parallel: current entity
    match::TermFrequencies tf;
  };
  TrainingData SnapshotForTraining() const ABSL_LOCKS_EXCLUDED(mu_);

  // Open review tasks, best score first, strictly after `after`, at most
  // `limit`.
  absl::StatusOr<std::vector<OpenReview>> ListReviewTasks(
      const std::optional<ReviewTask>& after, int limit);
  // Open review tasks in the store (including ones a merge has settled
  // since, until their record is resolved again).
  absl::StatusOr<int64_t> ReviewQueueSize();

  // Stewardship (steward_ops.cc). Each is one transaction through the same
  // commit pipeline as ingestion, so it is serialized with it (and, between
  // hubs, guarded like it).
  //
  // Merges `others` into `survivor` (ids keep a redirect); ties all their
  // records with must-links.
  absl::StatusOr<StewardResult> MergeEntities(const MergeRequest& request);
  // Moves `records` out of an entity into a new one; cannot-links them from
  // the records that stay.
  absl::StatusOr<StewardResult> SplitEntity(const SplitRequest& request);
  // Cannot-links a record from every record of an entity (a rejected
  // review).
  absl::StatusOr<StewardResult> KeepApart(const KeepApartRequest& request);
  // Declares an entity (or the entity a record is split out into) dead.
  absl::StatusOr<StewardResult> MarkDead(const MarkDeadRequest& request);
  absl::StatusOr<StewardResult> Revive(const ReviveRequest& request);
  // The dead mark of an entity, if any (redirects followed).
  absl::StatusOr<std::optional<DeadMark>> DeadMarkOf(
      absl::string_view golden_id);
  std::vector<DeadMark> ListDead() const;
  absl::StatusOr<std::vector<QuarantinedRecord>> ListQuarantine(
      const RecordKey& after, int limit);

  // Survivorship rules (golden_rules.cc). The rules in force: those last set
  // (persisted in the store), else the defaults.
  golden::SurvivorshipRules GetSurvivorshipRules();
  // Puts `rules` in force: every entity is recomputed under them, and the
  // ones whose golden record changes get a new version, in one transaction
  // together with the rules themselves. Returns how many changed.
  absl::StatusOr<int64_t> SetSurvivorshipRules(golden::SurvivorshipRules rules);
  // The rules file given at start: applied (as SetSurvivorshipRules) unless
  // it is the very text applied last time, so runtime changes made through
  // the API survive a restart with an unchanged file.
  absl::Status ApplyRulesFile(const std::string& text);

  // History and change feed (golden_history.cc), straight from the store:
  // the golden record as it stood at `as_of_us` (an id merged away later is
  // answered as itself; one merged away by then through its redirect), its
  // versions newest first, stored change events, current conflicts.
  absl::StatusOr<GoldenRecord> GetGoldenAsOf(absl::string_view golden_id,
                                             int64_t as_of_us);
  absl::StatusOr<std::vector<GoldenRecord>> ListGoldenHistory(
      absl::string_view golden_id, int64_t before_version, int limit);
  absl::StatusOr<std::vector<ChangeEvent>> ListChangeEvents(int64_t after,
                                                            int limit);
  absl::StatusOr<std::vector<EntityConflict>> ListConflicts(
      const EntityConflict& after, int limit);

  // Why an entity's records are one customer and why each golden value won
  // (golden_explain.cc).
  struct PairEvidence {
    RecordKey left, right;
    match::PairScore score;
    double probability = 0;
    std::string decision;
  };
  struct GoldenExplanation {
    GoldenRecord golden;
    std::vector<PairEvidence> pairs;  // every member against every other
    std::vector<golden::AttributeDecision> attributes;
  };
  absl::StatusOr<GoldenExplanation> ExplainGolden(absl::string_view golden_id);

  struct Stats {
    size_t records = 0;
    size_t entities = 0;
    match::BlockingStats blocking;
    // Commits refused because another hub changed what a batch decided on
    // (each was then resolved again).
    int64_t guard_conflicts = 0;
  };
  Stats GetStats() const;

 private:
  class Batch;  // the pending work of one transaction

  ResolutionService(Store* store, const Clock* clock, ServiceOptions options);

  absl::Status LoadIndex() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Reads the persisted rules into survivorship_rules_ (defaults when none).
  absl::Status LoadRules() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Recomputes every entity under batch.new_rules.
  absl::Status RulesLocked(Batch& batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Runs a rules batch through the committer and waits: the number of
  // entities recomputed to a new version.
  absl::StatusOr<int64_t> RunRulesBatch(std::unique_ptr<Batch> batch);
  // Takes mu_ once no batch is waiting for the committer.
  void LockForResolution() ABSL_EXCLUSIVE_LOCK_FUNCTION(mu_);
  // Resolves `batch` from its inputs and hands it to the committer (which
  // undoes it if resolution failed).
  void ResolveAndEnqueue(std::unique_ptr<Batch> batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Resolves and commits `batch` like UpsertBatch, and returns once its
  // `done` callback ran.
  void ResolveAndWait(std::unique_ptr<Batch> batch) ABSL_LOCKS_EXCLUDED(mu_);
  // (Re)computes the batch's changes and results from its inputs. An error
  // means a store read failed; the index may then hold part of the batch.
  absl::Status ResolveBatch(Batch& batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Guards for the batch (replica mode), with the cached versions advanced as
  // if it committed, so a batch resolved on top of it expects its effect.
  void StageGuards(Batch& batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void CommitLoop();
  // Commits `batch` (re-resolving it after a lost race); mu_ is released
  // while the store writes.
  absl::Status CommitLocked(Batch& batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // After repeated lost races: commits the batch's records in smaller parts
  // (small transactions rarely collide), collecting per-record results.
  void CommitInParts(Batch& batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status DeleteLocked(const RecordKey& key, int64_t deleted_at_us,
                            Batch& batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
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
  absl::StatusOr<UpsertResult> UpsertLocked(const Prepared& prepared,
                                            Batch& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Adds an indexed record to the change set (with its blocking postings in
  // replica mode) and to what the batch touched.
  void StageRecord(ChangeSet& cs, const match::IndexedRecord& r, Batch& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Replica mode: marks the blocks an indexed record is posted under as
  // touched by the batch (their text derived again from its features).
  void TouchBlocksOf(const match::IndexedRecord& r, Batch& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<std::string> MintGoldenId() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<std::optional<GoldenRecord>> PreviousGolden(
      const std::string& golden_id, Batch& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status Recompute(const std::string& golden_id, Batch& batch,
                         std::vector<std::string> newly_merged)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Best pair score per entity for a record's features.
  using EntityScore = match::EntityScore;
  std::vector<EntityScore> ScoreEntities(
      const normalize::RecordFeatures& features,
      const std::vector<std::string>& query_keys, const RecordKey* exclude,
      match::BlockingStats* stats, bool decide_only)
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // Golden ids matching the golden-id criterion and one key of every group.
  std::vector<std::string> MatchingGoldenIds(
      const SearchQuery& query,
      const std::vector<std::vector<std::string>>& key_groups)
      ABSL_SHARED_LOCKS_REQUIRED(mu_);

  // Cache refresh (resolution_refresh.cc).
  //
  // Reloads what `batch` touched from the store, dropping its effect (and
  // resetting the cached guard versions it advanced).
  absl::Status Undo(const Batch& batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Replica mode: reloads the records and blocking keys the batch is about to
  // read wherever another hub changed them.
  absl::Status Freshen(const Batch& batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // When other hubs wrote under `blocks`: reloads the entities of the records
  // found there whose versions moved, so that linking to one of them does not
  // lose the race at commit for want of members this cache never saw.
  absl::Status ReloadEntitiesUnder(const std::vector<std::string>& blocks)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The same for a read: takes mu_ itself, exclusively only when something
  // must be reloaded.
  absl::Status FreshenForRead(const std::vector<std::string>& blocks,
                              const std::vector<std::string>& entities)
      ABSL_LOCKS_EXCLUDED(mu_);
  // What a reload looks at: records, blocking keys, entities.
  struct Scope {
    std::vector<RecordKey> records;
    std::vector<std::string> blocks;
    std::vector<std::string> entities;
    // Their guard ids, in that order.
    std::vector<uint64_t> GuardIds() const;
  };
  // Reloads the parts of `scope` whose versions in the store (`versions`,
  // read before any content, in GuardIds() order) are newer than `baseline`,
  // and caches the new versions of those; with `reset_versions`, the cached
  // versions of all blocks and entities become the store's (undo).
  absl::Status Reload(const Scope& scope, absl::Span<const int64_t> versions,
                      absl::Span<const int64_t> baseline, bool reset_versions)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Reload() of what changed since the cached versions.
  absl::Status FreshenLocked(const Scope& scope)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // True when some version in the store is newer than the cached one.
  bool AnyNewer(absl::Span<const uint64_t> ids,
                absl::Span<const int64_t> versions) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // Which records ReloadRecords reads (replica mode; otherwise all).
  enum class ReloadMode {
    kAlways,
    // Those whose version in the store is newer than the cached one.
    kIfChanged,
    // All but those whose cached version is ahead of the store's: this hub's
    // own uncommitted changes.
    kUnlessAhead,
  };
  // Reloads records from the store into the index.
  absl::Status ReloadRecords(absl::Span<const RecordKey> keys, ReloadMode mode)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Reloads the records under blocking keys, or of an entity, that changed.
  absl::Status ReloadBlocks(const std::vector<std::string>& keys)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status ReloadEntity(const std::string& golden_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Reloads the members of one block or entity, as the store (`from_store`)
  // and the cache (`cached`) list them: the ones the cache lacks always, the
  // others when their version moved.
  absl::Status ReloadMembers(const absl::flat_hash_set<RecordKey>& from_store,
                             const std::vector<RecordKey>& cached)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  int64_t CachedVersion(uint64_t guard) const ABSL_SHARED_LOCKS_REQUIRED(mu_);

  // Stewardship internals (steward_ops.cc).
  //
  // Runs `op` as a batch of its own (request_id answered from the store when
  // it was seen before).
  using StewardOp = std::function<absl::StatusOr<StewardResult>(Batch&)>;
  absl::StatusOr<StewardResult> RunSteward(const StewardContext& context,
                                           uint64_t body_hash, StewardOp op);
  // The entities `linked` (best first) that the record `key` may join
  // without breaking a cannot-link, preceded by those holding its must-linked
  // partners.
  std::vector<std::string> ConstrainLinks(
      const RecordKey& key, const std::vector<std::string>& linked)
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // The first dead entity among `ids`, or nullptr.
  const DeadMark* FirstDead(const std::vector<std::string>& ids) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // Holds a record that resolved to a dead entity back (UpsertLocked).
  UpsertResult Quarantine(const SourceRecord& record, const DeadMark& dead,
                          Batch& batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The live entity `id` names (redirects followed), checked against `etag`
  // when one is given (Aborted when stale). `field` names the request field
  // in errors.
  absl::StatusOr<GoldenRecord> StewardTarget(const std::string& id,
                                             const std::string& etag,
                                             const std::string& field,
                                             Batch& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::vector<RecordKey> MemberKeys(const std::string& golden_id) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // Moves records to `target` in the index and the change set.
  void MoveRecords(const std::vector<RecordKey>& keys,
                   const std::string& target, ChangeSet& cs, Batch& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Records `kind` between every record of `a` and every record of `b`.
  void PutConstraints(const std::vector<RecordKey>& a,
                      const std::vector<RecordKey>& b, LinkKind kind,
                      const StewardContext& context, ChangeSet& cs)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Moves `records` of `from` into a new entity (SplitEntity, MarkDead of a
  // record); returns its id.
  absl::StatusOr<std::string> SplitOff(const GoldenRecord& from,
                                       const std::vector<RecordKey>& records,
                                       const StewardContext& context,
                                       Batch& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  StewardResult::Entity EntityState(const std::string& golden_id, Batch& batch)
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // Replica mode: reloads the steward rules when another hub changed them.
  absl::Status FreshenStewardRules() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status LoadStewardRules() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Store* const store_;
  const Clock* const clock_;
  const ServiceOptions options_;
  const bool replicas_;  // store_->SharedByReplicas()

  mutable absl::Mutex mu_;
  match::MatchIndex index_ ABSL_GUARDED_BY(mu_);
  StewardRules rules_ ABSL_GUARDED_BY(mu_);
  // Golden-id sequence numbers reserved in the store: [next_id_, id_limit_).
  int64_t next_id_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t id_limit_ ABSL_GUARDED_BY(mu_) = 0;
  match::BlockingStats blocking_stats_ ABSL_GUARDED_BY(mu_);
  // Replica mode: the guard versions the cache's content reflects (absent =
  // 0). Always read from the store before the content they describe.
  absl::flat_hash_map<uint64_t, int64_t> guard_versions_ ABSL_GUARDED_BY(mu_);
  int64_t guard_conflicts_ ABSL_GUARDED_BY(mu_) = 0;
  absl::BitGen jitter_ ABSL_GUARDED_BY(mu_);
  // An undo failed (store unreachable): reload everything before the next
  // resolution.
  bool reload_needed_ ABSL_GUARDED_BY(mu_) = false;
  golden::SurvivorshipRules survivorship_rules_ ABSL_GUARDED_BY(mu_);
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
  // +1 whenever batches are undone: a batch resolved under an older
  // generation built on undone state and is resolved again.
  int64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread committer_;
  // Normalizes half of each large batch (Prepare).
  mutable HelperThread prepare_helper_;

  // Taken alone or inside mu_, never the other way round.
  mutable absl::Mutex model_mu_;
  std::shared_ptr<const match::ScoringModel> model_ ABSL_GUARDED_BY(model_mu_);
};

// Canonical golden id form for a sequence number: "G" + 10 digits, so ids sort
// by age.
std::string FormatGoldenId(int64_t seq);

// Strips an optional "customers/" resource prefix.
absl::string_view StripCustomerPrefix(absl::string_view id);

}  // namespace mdm::service
