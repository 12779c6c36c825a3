#include "hub/service/resolution_service.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <set>
#include <thread>
#include <tuple>

#include "absl/container/flat_hash_set.h"
#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "hub/common/errors.h"
#include "hub/common/logging.h"
#include "hub/common/status_macros.h"
#include "hub/golden/survivorship.h"
#include "hub/match/blocking.h"
#include "hub/normalize/email.h"
#include "hub/normalize/national_id.h"
#include "hub/normalize/phone.h"
#include "hub/service/content_hash.h"
#include "hub/service/guard_ids.h"
#include "hub/service/record_validation.h"
#include "hub/service/resolution_batch.h"

namespace mdm::service {

namespace {
// Bound on cached golden records; past it the cache starts over (cheap, and
// the store still answers every miss). A golden record takes 3-4 KiB in
// memory; at 20,000 the cache holds those a running batch keeps touching
// without growing with the store (at 200,000 it was most of the hub's
// memory: 6.3 KB per record at 100k records, 4.2 KB now, same ingest rate).
constexpr size_t kMaxCachedGoldens = 20'000;
// Golden-id numbers reserved from the store at a time. Unused ones (after a
// restart) are skipped: ids stay unique and roughly ordered by age.
constexpr int64_t kIdsPerReservation = 1000;
// Attempts to commit a batch that keeps losing races with other hubs; after
// kSplitAfterConflicts of them a batch of several records is committed in
// parts.
constexpr int kMaxCommitAttempts = 20;
constexpr int kSplitAfterConflicts = 3;
}  // namespace

std::string FormatGoldenId(int64_t seq) {
  return absl::StrFormat("G%010d", seq);
}

absl::string_view StripCustomerPrefix(absl::string_view id) {
  absl::ConsumePrefix(&id, "customers/");
  return id;
}

namespace {

// True when `incoming` is older than `stored`. A source version, when both
// carry one, decides first; otherwise the update time. Equal times with
// different content: the later arrival wins.
bool IsOlder(const SourceRecord& incoming, const match::IndexedRecord& stored) {
  if (incoming.source_version > 0 && stored.source_version > 0 &&
      incoming.source_version != stored.source_version) {
    return incoming.source_version < stored.source_version;
  }
  return incoming.updated_at_us < stored.updated_at_us;
}

// An entity's members unpacked for survivorship: `members` points into
// `records`.
struct UnpackedMembers {
  std::vector<StoredRecord> records;
  std::vector<golden::Member> members;
};

UnpackedMembers Unpack(const std::vector<const match::IndexedRecord*>& in) {
  UnpackedMembers out;
  out.records.reserve(in.size());
  out.members.reserve(in.size());
  for (const match::IndexedRecord* r : in) {
    out.members.push_back(
        {&out.records.emplace_back(r->Stored()), &r->features});
  }
  return out;
}

absl::Status RecordNotFound(const RecordKey& key) {
  return WithField(absl::NotFoundError(absl::StrCat("no record ", key.source,
                                                    "/", key.source_record_id)),
                   "source_record_id");
}

}  // namespace

absl::StatusOr<std::unique_ptr<ResolutionService>> ResolutionService::Create(
    Store* store, const Clock* clock, ServiceOptions options) {
  std::unique_ptr<ResolutionService> service(
      new ResolutionService(store, clock, std::move(options)));
  {
    absl::MutexLock lock(&service->mu_);
    RETURN_IF_ERROR(service->LoadIndex());
  }
  service->committer_ = std::thread([s = service.get()] { s->CommitLoop(); });
  return service;
}

ResolutionService::ResolutionService(Store* store, const Clock* clock,
                                     ServiceOptions options)
    : store_(store),
      clock_(clock),
      options_(std::move(options)),
      replicas_(store->SharedByReplicas()),
      model_(std::make_shared<const match::ScoringModel>(options_.model)) {}

ResolutionService::~ResolutionService() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (committer_.joinable()) committer_.join();
}

void ResolutionService::LockForResolution() {
  // One batch may wait for the committer while the previous one commits;
  // a third waits here, so no batch is ever resolved on top of one that is
  // neither committing nor committed.
  mu_.LockWhen(absl::Condition(
      +[](std::unique_ptr<Batch>* queued) { return *queued == nullptr; },
      &queued_));
}

void ResolutionService::ResolveAndEnqueue(std::unique_ptr<Batch> batch) {
  batch->resolve_status = ResolveBatch(*batch);
  batch->generation = generation_;
  if (batch->resolve_status.ok()) StageGuards(*batch);
  queued_ = std::move(batch);
}

absl::Status ResolutionService::ResolveBatch(Batch& batch) {
  batch.Reset();
  if (reload_needed_) {
    RETURN_IF_ERROR(LoadIndex());
    reload_needed_ = false;
  }
  if (replicas_) {
    RETURN_IF_ERROR(Freshen(batch));
    RETURN_IF_ERROR(FreshenStewardRules());
  }
  if (batch.steward) {
    // A refused action changed nothing: its error is the answer. One that
    // failed after it began changing things is undone like a failed batch.
    batch.steward_result = batch.steward(batch);
    if (batch.steward_result.ok() || batch.changes.empty()) {
      return absl::OkStatus();
    }
    return batch.steward_result.status();
  }
  if (batch.deletion) {
    return DeleteLocked(batch.deletion->first, batch.deletion->second, batch);
  }
  if (batch.new_rules) return RulesLocked(batch);
  batch.results.reserve(batch.inputs.size());
  for (const Prepared& p : batch.inputs) {
    if (!p.valid.ok()) {
      batch.results.push_back(p.valid);
      continue;
    }
    // Past validation only the store can fail: the whole batch fails.
    ASSIGN_OR_RETURN(UpsertResult r, UpsertLocked(p, batch));
    batch.results.push_back(std::move(r));
  }
  return absl::OkStatus();
}

void ResolutionService::StageGuards(Batch& batch) {
  if (!replicas_) return;
  auto add = [&](uint64_t id) {
    int64_t& version = guard_versions_[id];
    batch.guards.push_back({.id = id, .expected = version});
    ++version;
  };
  for (const RecordKey& k : batch.touched_records) add(RecordGuard(k));
  for (const std::string& k : batch.touched_blocks) add(BlockGuard(k));
  for (const std::string& id : batch.touched_entities) add(EntityGuard(id));
  if (batch.steward_touched) add(StewardGuard());
}

void ResolutionService::CommitLoop() {
  while (true) {
    mu_.LockWhen(absl::Condition(
        +[](ResolutionService* s) ABSL_NO_THREAD_SAFETY_ANALYSIS {
          return s->queued_ != nullptr || s->stopping_;
        },
        this));
    if (queued_ == nullptr) {  // stopping, nothing left
      mu_.Unlock();
      return;
    }
    std::unique_ptr<Batch> batch = std::move(queued_);
    absl::Status s = CommitLocked(*batch);
    mu_.Unlock();
    batch->done(s, *batch);
  }
}

absl::Status ResolutionService::CommitLocked(Batch& batch) {
  for (int attempt = 1;; ++attempt) {
    if (batch.generation != generation_) {
      // Resolved on top of a batch that was undone since: resolve it again
      // on what the store holds now.
      batch.resolve_status = ResolveBatch(batch);
      batch.generation = generation_;
      if (batch.resolve_status.ok()) StageGuards(batch);
    }
    absl::Status s = batch.resolve_status;
    if (s.ok()) {
      if (batch.changes.empty()) return s;  // nothing to write
      committing_ = &batch;
      mu_.Unlock();
      s = store_->Apply(batch.changes, batch.guards);
      mu_.Lock();
      committing_ = nullptr;
      if (s.ok()) {
        if (golden_cache_.size() + batch.goldens.size() > kMaxCachedGoldens) {
          golden_cache_.clear();
        }
        for (auto& [id, g] : batch.goldens) {
          golden_cache_.insert_or_assign(id, std::move(g));
        }
        for (const std::string& id : batch.deleted_entities)
          golden_cache_.erase(id);
        return s;
      }
    }
    // The index holds this batch's effect, and that of the batch resolved on
    // top of it if one is queued: reload what they touched; the queued one is
    // resolved again when its turn comes.
    const bool lost_race = absl::IsAborted(s);
    if (lost_race) {
      ++guard_conflicts_;
    } else {
      MDM_LOG_ERROR("batch of {} changes failed: {}", batch.changes.size(),
                    s.ToString());
    }
    ++generation_;
    absl::Status undo = Undo(batch);
    if (undo.ok() && queued_ != nullptr) undo = Undo(*queued_);
    if (!undo.ok()) {
      MDM_LOG_ERROR(
          "reloading what a failed batch touched failed: {}; the "
          "whole index is reloaded before the next batch",
          undo.ToString());
      reload_needed_ = true;
      golden_cache_.clear();
    }
    if (!lost_race) return s;
    if (attempt >= kSplitAfterConflicts && batch.inputs.size() > 1) {
      CommitInParts(batch);
      return absl::OkStatus();
    }
    if (attempt >= kMaxCommitAttempts) {
      return absl::AbortedError(absl::StrCat(
          "gave up after ", attempt,
          " attempts: other hubs kept changing the same customers; nothing "
          "of this was applied, send it again"));
    }
    // A little jitter, so two hubs that collided do not collide again in
    // step.
    mu_.Unlock();
    absl::SleepFor(absl::Milliseconds(absl::Uniform(jitter_, 1, 5 * attempt)));
    mu_.Lock();
  }
}

void ResolutionService::CommitInParts(Batch& batch) {
  batch.results.clear();
  // An eighth at a time: parts touch fewer customers, so collide less; a part
  // that keeps colliding is split again, down to single records.
  const size_t part = std::max<size_t>(1, batch.inputs.size() / 8);
  for (size_t begin = 0; begin < batch.inputs.size(); begin += part) {
    Batch sub;
    const size_t end = std::min(batch.inputs.size(), begin + part);
    sub.inputs.assign(batch.inputs.begin() + begin, batch.inputs.begin() + end);
    sub.resolve_status = ResolveBatch(sub);
    sub.generation = generation_;
    if (sub.resolve_status.ok()) StageGuards(sub);
    absl::Status s = CommitLocked(sub);
    for (size_t i = 0; i < end - begin; ++i) {
      if (s.ok()) {
        batch.results.push_back(std::move(sub.results[i]));
      } else {
        batch.results.push_back(s);
      }
    }
  }
}

absl::Status ResolutionService::LoadIndex() {
  index_ =
      match::MatchIndex(options_.max_block_size, options_.max_weak_block_size);
  golden_cache_.clear();
  guard_versions_.clear();
  RETURN_IF_ERROR(LoadRules());
  if (replicas_) {
    // Versions first: content read afterwards is at least that new, so the
    // cache never claims a version its content does not have.
    RETURN_IF_ERROR(store_->ForEachGuard([this](uint64_t id, int64_t v) {
      guard_versions_[id] = v;
      return absl::OkStatus();
    }));
  }
  RETURN_IF_ERROR(LoadStewardRules());
  RETURN_IF_ERROR(store_->ForEachRecord([this](const StoredRecord& stored) {
    match::IndexedRecord entry;
    entry.features = normalize::ExtractFeatures(stored.record).features;
    entry.keys = match::IndexKeys(entry.features);
    entry.Keep(stored);
    index_.Put(std::move(entry));
    return absl::OkStatus();
  }));
  MDM_LOG_INFO("match index loaded: {} records in {} entities", index_.size(),
               index_.entity_count());
  return absl::OkStatus();
}

absl::StatusOr<std::string> ResolutionService::MintGoldenId() {
  if (next_id_ == id_limit_) {
    ASSIGN_OR_RETURN(next_id_, store_->ReserveEntityIds(kIdsPerReservation));
    id_limit_ = next_id_ + kIdsPerReservation;
  }
  return FormatGoldenId(next_id_++);
}

void ResolutionService::StageRecord(ChangeSet& cs,
                                    const match::IndexedRecord& r,
                                    Batch& batch) {
  cs.upsert_records.push_back(r.Stored());
  batch.touched_records.insert(r.key);
  // Postings and block guards are for hubs sharing a store; the index keeps
  // no key text, so it is derived again here.
  if (replicas_) {
    const std::vector<std::string> keys = match::IndexKeys(r.features);
    std::vector<uint64_t>& blocks = cs.record_blocks.emplace_back();
    blocks.reserve(keys.size());
    for (const std::string& k : keys) blocks.push_back(BlockGuard(k));
    batch.touched_blocks.insert(keys.begin(), keys.end());
  }
}

void ResolutionService::TouchBlocksOf(const match::IndexedRecord& r,
                                      Batch& batch) {
  for (std::string& k : match::IndexKeys(r.features)) {
    batch.touched_blocks.insert(std::move(k));
  }
}

absl::StatusOr<std::optional<GoldenRecord>> ResolutionService::PreviousGolden(
    const std::string& golden_id, Batch& batch) {
  if (auto it = batch.goldens.find(golden_id); it != batch.goldens.end()) {
    return it->second;
  }
  if (batch.deleted_entities.contains(golden_id) ||
      batch.minted.contains(golden_id)) {
    return std::nullopt;
  }
  if (committing_ != nullptr) {
    if (auto it = committing_->goldens.find(golden_id);
        it != committing_->goldens.end()) {
      return it->second;
    }
    if (committing_->deleted_entities.contains(golden_id)) return std::nullopt;
  }
  if (auto it = golden_cache_.find(golden_id); it != golden_cache_.end()) {
    return it->second;
  }
  ASSIGN_OR_RETURN(std::optional<GoldenRecord> stored,
                   store_->GetEntity(golden_id));
  if (stored) {
    if (golden_cache_.size() >= kMaxCachedGoldens) golden_cache_.clear();
    golden_cache_.emplace(golden_id, *stored);
  }
  return stored;
}

absl::Status ResolutionService::Recompute(
    const std::string& golden_id, Batch& batch,
    std::vector<std::string> newly_merged) {
  batch.touched_entities.insert(golden_id);
  batch.touched_entities.insert(newly_merged.begin(), newly_merged.end());
  const UnpackedMembers unpacked = Unpack(index_.Members(golden_id));
  GoldenRecord next = golden::BuildGoldenContent(golden_id, unpacked.members,
                                                 survivorship_rules_);
  ASSIGN_OR_RETURN(std::optional<GoldenRecord> previous,
                   PreviousGolden(golden_id, batch));

  // Ids merged here earlier, the ones merged now, and whatever those had
  // absorbed before: all of them redirect to this entity.
  std::set<std::string> merged;
  if (previous)
    merged.insert(previous->merged_ids.begin(), previous->merged_ids.end());
  for (const std::string& id : newly_merged) {
    merged.insert(id);
    ASSIGN_OR_RETURN(std::optional<GoldenRecord> absorbed,
                     PreviousGolden(id, batch));
    if (absorbed)
      merged.insert(absorbed->merged_ids.begin(), absorbed->merged_ids.end());
    batch.goldens.erase(id);
    batch.deleted_entities.insert(id);
  }
  next.merged_ids.assign(merged.begin(), merged.end());

  if (golden::StampVersion(next, previous ? &*previous : nullptr,
                           clock_->NowMicros())) {
    batch.Current().upsert_entities.push_back(next);
  }
  batch.deleted_entities.erase(golden_id);
  batch.goldens[golden_id] = std::move(next);
  return absl::OkStatus();
}

std::vector<ResolutionService::EntityScore> ResolutionService::ScoreEntities(
    const normalize::RecordFeatures& features,
    const std::vector<std::string>& query_keys, const RecordKey* exclude,
    match::BlockingStats* stats, bool decide_only) {
  const std::shared_ptr<const match::ScoringModel> model = this->model();
  return match::ScoreEntities(index_, features, query_keys, exclude, *model,
                              stats, decide_only);
}

absl::StatusOr<std::optional<int64_t>>
ResolutionService::PendingOrStoredDeletion(const RecordKey& key,
                                           const Batch& batch) {
  for (const Batch* b : {&batch, static_cast<const Batch*>(committing_)}) {
    if (b == nullptr) continue;
    if (auto it = b->tombstones.find(key); it != b->tombstones.end())
      return it->second;
  }
  ASSIGN_OR_RETURN(std::optional<RecordTombstone> tomb,
                   store_->GetTombstone(key));
  if (!tomb) return std::nullopt;
  return tomb->deleted_at_us;
}

std::vector<ResolutionService::Prepared> ResolutionService::Prepare(
    absl::Span<const SourceRecord> records) const {
  std::vector<Prepared> out(records.size());
  const int64_t now = clock_->NowMicros();
  auto prepare_range = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      Prepared& p = out[i];
      p.valid = ValidateRecord(records[i], "record");
      if (!p.valid.ok()) continue;
      p.record = records[i];
      if (p.record.updated_at_us == 0) p.record.updated_at_us = now;
      p.content_hash = ContentHash(p.record);
      p.extracted = normalize::ExtractFeatures(p.record);
    }
  };
  // Small batches are not worth a thread; large ones are split in two halves
  // (the hub targets small machines; resolution itself stays serialized).
  constexpr size_t kParallelFrom = 64;
  if (records.size() < kParallelFrom) {
    prepare_range(0, records.size());
  } else {
    const size_t half = records.size() / 2;
    prepare_helper_.RunBoth([&] { prepare_range(0, half); },
                            [&] { prepare_range(half, records.size()); });
  }
  return out;
}

absl::StatusOr<UpsertResult> ResolutionService::UpsertLocked(
    const Prepared& prepared, Batch& batch) {
  const SourceRecord& record = prepared.record;
  const uint64_t hash = prepared.content_hash;
  UpsertResult result;

  const match::IndexedRecord* existing = index_.Find(record.key);
  if (existing != nullptr) {
    const bool same = existing->content_hash == hash;
    if (same || IsOlder(record, *existing)) {
      result.golden_id = existing->golden_id;
      result.outcome = same ? Outcome::kUnchanged : Outcome::kStale;
      result.warnings = existing->Stored().warnings;
      ASSIGN_OR_RETURN(std::optional<GoldenRecord> g,
                       PreviousGolden(result.golden_id, batch));
      if (g) result.golden_version = g->version;
      return result;
    }
  } else {
    ASSIGN_OR_RETURN(std::optional<int64_t> deleted_at,
                     PendingOrStoredDeletion(record.key, batch));
    if (deleted_at && *deleted_at >= record.updated_at_us) {
      result.outcome = Outcome::kStale;  // retracted after this version
      return result;
    }
  }

  match::IndexedRecord entry;
  entry.features = prepared.extracted.features;
  entry.keys = match::IndexKeys(entry.features);
  entry.Keep({.record = record,
              .golden_id = "",  // decided below
              .warnings = prepared.extracted.warnings,
              .content_hash = hash});
  const RecordKey key = entry.key;

  // The decision reads every block it looks up, and rewrites the record's
  // old postings.
  const std::vector<std::string> query_keys =
      match::QueryKeys(entry.features, entry.keys);
  if (replicas_) {
    batch.touched_blocks.insert(query_keys.begin(), query_keys.end());
    if (existing != nullptr) TouchBlocksOf(*existing, batch);
  }
  std::vector<std::string> linked;
  std::vector<std::pair<std::string, double>> doubtful;  // review band
  const std::shared_ptr<const match::ScoringModel> model = this->model();
  for (const EntityScore& s :
       ScoreEntities(entry.features, query_keys, &key, &blocking_stats_,
                     /*decide_only=*/true)) {
    if (s.best.total < model->review_threshold) break;  // sorted
    if (s.best.total >= model->link_threshold) {
      linked.push_back(s.golden_id);
    } else {
      doubtful.emplace_back(s.golden_id, s.best.total);
    }
  }

  // Steward decisions override scores; a dead customer takes no new data.
  linked = ConstrainLinks(key, linked);
  const std::string old_entity = existing ? existing->golden_id : "";
  {
    std::vector<std::string> reached = linked;
    if (existing) reached.push_back(old_entity);
    if (const DeadMark* dead = FirstDead(reached)) {
      result = Quarantine(record, *dead, batch);
      result.warnings = prepared.extracted.warnings;
      return result;
    }
  }
  const bool old_has_others =
      existing != nullptr && index_.Members(old_entity).size() > 1;

  std::string target;
  std::vector<std::string> absorbed;
  if (linked.empty()) {
    // A changed record that no longer matches its entity splits off.
    if (existing && !old_has_others) {
      target = old_entity;
    } else {
      ASSIGN_OR_RETURN(target, MintGoldenId());
      batch.minted.insert(target);
    }
  } else {
    std::vector<std::string> group = linked;
    if (existing && !old_has_others &&
        std::find(group.begin(), group.end(), old_entity) == group.end()) {
      group.push_back(old_entity);  // its only record leaves: fold it in
    }
    // Stable ids: the oldest entity survives, the others redirect to it.
    std::sort(group.begin(), group.end());
    target = group.front();
    absorbed.assign(group.begin() + 1, group.end());
  }
  if (existing) batch.touched_entities.insert(old_entity);

  ChangeSet& cs = batch.Begin();
  entry.golden_id = target;
  result.warnings = prepared.extracted.warnings;
  index_.Put(std::move(entry));
  StageRecord(cs, *index_.Find(key), batch);
  for (const std::string& id : absorbed) {
    for (const match::IndexedRecord* m : index_.Members(id)) {
      const RecordKey moved = m->key;
      index_.SetEntity(moved, target);
      StageRecord(cs, *index_.Find(moved), batch);
    }
    cs.redirects.emplace_back(id, target);
    cs.delete_entities.push_back(id);
  }
  // The record's review tasks are raised anew: one per doubtful entity it
  // did not join.
  cs.reviewed_records.push_back(key);
  for (const auto& [id, score] : doubtful) {
    if (id == target ||
        std::find(absorbed.begin(), absorbed.end(), id) != absorbed.end()) {
      continue;
    }
    cs.review_tasks.push_back({.record = key,
                               .candidate_golden_id = id,
                               .score = score,
                               .created_at_us = clock_->NowMicros()});
  }
  RETURN_IF_ERROR(Recompute(target, batch, absorbed));
  if (existing && old_entity != target && old_has_others) {
    RETURN_IF_ERROR(Recompute(old_entity, batch, {}));
  }

  result.golden_id = target;
  result.merged_ids = absorbed;
  result.golden_version = batch.goldens[target].version;
  if (existing) {
    result.outcome = absorbed.empty() ? Outcome::kUpdated : Outcome::kMerged;
  } else if (linked.empty()) {
    result.outcome = Outcome::kCreated;
  } else {
    result.outcome = absorbed.empty() ? Outcome::kLinked : Outcome::kMerged;
  }
  return result;
}

void ResolutionService::SubmitBatch(absl::Span<const SourceRecord> records,
                                    BatchCallback done) {
  auto batch = std::make_unique<Batch>();
  batch->inputs = Prepare(records);
  batch->done = [done = std::move(done)](absl::Status s, Batch& b) {
    if (s.ok()) {
      done(std::move(b.results));
    } else {
      done(s);
    }
  };
  LockForResolution();
  ResolveAndEnqueue(std::move(batch));
  mu_.Unlock();
}

absl::StatusOr<std::vector<absl::StatusOr<UpsertResult>>>
ResolutionService::UpsertBatch(absl::Span<const SourceRecord> records) {
  absl::Notification committed;
  absl::StatusOr<std::vector<absl::StatusOr<UpsertResult>>> out;
  SubmitBatch(records,
              [&](absl::StatusOr<std::vector<absl::StatusOr<UpsertResult>>> r) {
                out = std::move(r);
                committed.Notify();
              });
  committed.WaitForNotification();
  return out;
}

absl::StatusOr<UpsertResult> ResolutionService::Upsert(
    const SourceRecord& record) {
  ASSIGN_OR_RETURN(auto results, UpsertBatch(absl::MakeConstSpan(&record, 1)));
  return std::move(results.front());
}

absl::StatusOr<DeleteResult> ResolutionService::Delete(const RecordKey& key,
                                                       int64_t deleted_at_us) {
  RETURN_IF_ERROR(ValidateRecordKey(key, ""));
  // Fixed now, so that resolving the retraction again means the same.
  if (deleted_at_us == 0) deleted_at_us = clock_->NowMicros();
  absl::StatusOr<DeleteResult> out;
  auto batch = std::make_unique<Batch>();
  batch->deletion.emplace(key, deleted_at_us);
  batch->done = [&](absl::Status s, Batch& b) {
    out = s.ok() ? b.delete_result : s;
  };
  ResolveAndWait(std::move(batch));
  return out;
}

void ResolutionService::ResolveAndWait(std::unique_ptr<Batch> batch) {
  absl::Notification committed;
  batch->done = [&committed, done = std::move(batch->done)](absl::Status s,
                                                            Batch& b) {
    done(s, b);
    committed.Notify();
  };
  LockForResolution();
  ResolveAndEnqueue(std::move(batch));
  mu_.Unlock();
  committed.WaitForNotification();
}

absl::Status ResolutionService::DeleteLocked(const RecordKey& key,
                                             int64_t deleted_at_us,
                                             Batch& batch) {
  const match::IndexedRecord* existing = index_.Find(key);
  DeleteResult result;
  if (existing == nullptr) {
    ASSIGN_OR_RETURN(std::optional<int64_t> deleted_at,
                     PendingOrStoredDeletion(key, batch));
    if (!deleted_at) {
      batch.delete_result = RecordNotFound(key);
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(std::optional<RecordTombstone> tomb,
                     store_->GetTombstone(key));
    if (tomb) {
      result.golden_id = tomb->golden_id;
      ASSIGN_OR_RETURN(result.entity_deleted,
                       store_->IsEntityDeleted(tomb->golden_id));
    }
    batch.delete_result = result;  // already retracted
    return absl::OkStatus();
  }
  result.golden_id = existing->golden_id;
  if (deleted_at_us < existing->updated_at_us) {
    // The record changed after this deletion: newer data wins.
    batch.delete_result = result;
    return absl::OkStatus();
  }

  ChangeSet& cs = batch.Begin();
  cs.delete_records.push_back({key, result.golden_id, deleted_at_us});
  batch.tombstones[key] = deleted_at_us;
  batch.touched_records.insert(key);
  if (replicas_) TouchBlocksOf(*existing, batch);
  batch.touched_entities.insert(result.golden_id);
  index_.Remove(key);
  if (index_.Members(result.golden_id).empty()) {
    cs.delete_entities.push_back(result.golden_id);
    batch.deleted_entities.insert(result.golden_id);
    result.entity_deleted = true;
  } else {
    RETURN_IF_ERROR(Recompute(result.golden_id, batch, {}));
  }
  batch.delete_result = result;
  return absl::OkStatus();
}

absl::StatusOr<GoldenRecord> ResolutionService::GetGolden(
    absl::string_view golden_id) {
  const std::string id(StripCustomerPrefix(golden_id));
  if (id.empty()) return FieldError("golden_id", "required");
  ASSIGN_OR_RETURN(std::optional<std::string> redirect,
                   store_->ResolveRedirect(id));
  const std::string target = redirect.value_or(id);
  ASSIGN_OR_RETURN(std::optional<GoldenRecord> g, store_->GetEntity(target));
  if (g) return *std::move(g);
  ASSIGN_OR_RETURN(bool deleted, store_->IsEntityDeleted(target));
  return WithField(
      absl::NotFoundError(
          deleted ? absl::StrCat(
                        "customer ", target,
                        " was deleted: all its source records were retracted")
                  : absl::StrCat("no customer ", id)),
      "golden_id");
}

absl::StatusOr<std::vector<GoldenRecord>> ResolutionService::BatchGetGolden(
    absl::Span<const std::string> golden_ids) {
  std::vector<GoldenRecord> out;
  out.reserve(golden_ids.size());
  for (size_t i = 0; i < golden_ids.size(); ++i) {
    absl::StatusOr<GoldenRecord> g = GetGolden(golden_ids[i]);
    if (!g.ok()) {
      return WithField(g.status(), absl::StrCat("golden_ids[", i, "]"));
    }
    out.push_back(*std::move(g));
  }
  return out;
}

absl::StatusOr<Xref> ResolutionService::LookupXref(const RecordKey& key) {
  RETURN_IF_ERROR(ValidateRecordKey(key, ""));
  // From the store, not the index: the index may already hold a batch whose
  // commit is still in flight.
  ASSIGN_OR_RETURN(std::optional<StoredRecord> r, store_->GetRecord(key));
  if (!r) return RecordNotFound(key);
  return Xref{key, r->golden_id};
}

absl::StatusOr<std::vector<Xref>> ResolutionService::ListXrefs(
    const RecordKey& after, int limit) {
  return store_->ListXrefs(after, limit);
}

absl::StatusOr<std::vector<StoredRecord>> ResolutionService::ListEntityRecords(
    absl::string_view golden_id, const RecordKey& after, int limit) {
  ASSIGN_OR_RETURN(GoldenRecord g, GetGolden(golden_id));
  return store_->ListEntityRecords(g.golden_id, after, limit);
}

absl::StatusOr<ResolutionService::Resolution> ResolutionService::Resolve(
    const SourceRecord& attributes, int max_candidates) {
  SourceRecord probe = attributes;
  // Only the attributes matter; a placeholder key passes validation.
  if (probe.key.source.empty()) probe.key.source = "resolve";
  if (probe.key.source_record_id.empty()) probe.key.source_record_id = "-";
  RETURN_IF_ERROR(ValidateRecord(probe, "record"));
  normalize::ExtractedFeatures extracted = normalize::ExtractFeatures(probe);
  const std::vector<std::string> query_keys =
      match::QueryKeys(extracted.features);
  if (replicas_) RETURN_IF_ERROR(FreshenForRead(query_keys, {}));

  std::vector<EntityScore> scored;
  {
    absl::ReaderMutexLock lock(&mu_);
    const match::IndexedRecord* self = index_.Find(probe.key);
    scored = ScoreEntities(extracted.features, query_keys,
                           self ? &probe.key : nullptr, nullptr,
                           /*decide_only=*/false);
    // Dead customers are out of the live views.
    std::erase_if(scored,
                  [this](const EntityScore& s) ABSL_NO_THREAD_SAFETY_ANALYSIS {
                    return rules_.Dead(s.golden_id) != nullptr;
                  });
  }
  Resolution out;
  out.warnings = std::move(extracted.warnings);
  const std::shared_ptr<const match::ScoringModel> model = this->model();
  for (EntityScore& s : scored) {
    if (static_cast<int>(out.candidates.size()) >= max_candidates) break;
    if (s.best.total <= 0) break;  // sorted: the rest is evidence against
    ASSIGN_OR_RETURN(std::optional<GoldenRecord> g,
                     store_->GetEntity(s.golden_id));
    if (!g) continue;  // deleted between the index read and now
    Candidate c;
    c.golden_id = s.golden_id;
    c.score = s.best.total;
    c.probability = match::MatchProbability(s.best.total, *model);
    c.link = s.best.total >= model->link_threshold;
    c.fields = std::move(s.best.fields);
    c.golden = *std::move(g);
    out.candidates.push_back(std::move(c));
  }
  return out;
}

namespace {

// The blocking keys each criterion of a search looks up (a customer must match
// every criterion: one key of each group). Pure, so it runs without a lock.
absl::StatusOr<std::vector<std::vector<std::string>>> SearchKeys(
    const SearchQuery& q) {
  std::vector<std::vector<std::string>> groups;
  if (!q.name.empty()) {
    std::vector<std::string>& keys = groups.emplace_back();
    for (Kind kind : {Kind::kPerson, Kind::kOrganization}) {
      normalize::NormalizedName n = normalize::NormalizeName(q.name, kind);
      const std::string prefix = absl::StrCat(
          match::kRuleName, kind == Kind::kOrganization ? "o" : "p");
      for (const std::string& k : n.keys)
        keys.push_back(absl::StrCat(prefix, k));
    }
    if (keys.empty())
      return FieldError("name", "contains no letters to search by");
  }
  if (!q.phone.empty()) {
    absl::StatusOr<std::string> p = normalize::NormalizePhone(q.phone);
    if (!p.ok()) return FieldError("phone", p.status().message());
    groups.push_back({absl::StrCat(match::kRulePhone, *p)});
  }
  if (!q.email.empty()) {
    absl::StatusOr<std::string> e = normalize::NormalizeEmail(q.email);
    if (!e.ok()) return FieldError("email", e.status().message());
    groups.push_back({absl::StrCat(match::kRuleEmail, *e)});
  }
  if (!q.national_id.empty()) {
    absl::StatusOr<normalize::NationalId> id =
        normalize::NormalizeNationalId(q.national_id);
    if (!id.ok()) return FieldError("national_id", id.status().message());
    groups.push_back({absl::StrCat(match::kRuleId, id->normalized)});
  }
  if (groups.empty() && q.golden_id.empty()) {
    return FieldError(
        "name",
        "give at least one of name, phone, email, national_id, golden_id");
  }
  return groups;
}

}  // namespace

std::vector<std::string> ResolutionService::MatchingGoldenIds(
    const SearchQuery& q,
    const std::vector<std::vector<std::string>>& key_groups) {
  std::optional<std::set<std::string>> result;
  auto keep = [&result](std::set<std::string> ids) {
    if (!result) {
      result = std::move(ids);
      return;
    }
    std::set<std::string> both;
    std::set_intersection(result->begin(), result->end(), ids.begin(),
                          ids.end(), std::inserter(both, both.end()));
    result = std::move(both);
  };
  if (!q.golden_id.empty()) {
    std::set<std::string> ids;
    if (!index_.Members(q.golden_id).empty() &&
        rules_.Dead(q.golden_id) == nullptr) {
      ids.insert(q.golden_id);
    }
    keep(std::move(ids));
  }
  for (const std::vector<std::string>& keys : key_groups) {
    std::set<std::string> ids;
    for (const std::string& k : keys) {
      for (const match::IndexedRecord* r : index_.Lookup(k)) {
        // Dead customers are out of the live views.
        if (rules_.Dead(r->golden_id) == nullptr) {
          ids.insert(r->golden_id);
        }
      }
    }
    keep(std::move(ids));
  }
  return result ? std::vector<std::string>(result->begin(), result->end())
                : std::vector<std::string>{};
}

absl::StatusOr<ResolutionService::SearchPage> ResolutionService::Search(
    const SearchQuery& query, absl::string_view after_golden_id, int limit) {
  SearchQuery q = query;
  if (!q.golden_id.empty()) {
    q.golden_id = std::string(StripCustomerPrefix(q.golden_id));
    ASSIGN_OR_RETURN(std::optional<std::string> redirect,
                     store_->ResolveRedirect(q.golden_id));
    if (redirect) q.golden_id = *redirect;
  }
  ASSIGN_OR_RETURN(std::vector<std::vector<std::string>> key_groups,
                   SearchKeys(q));
  if (replicas_) {
    std::vector<std::string> all;
    for (const auto& keys : key_groups)
      all.insert(all.end(), keys.begin(), keys.end());
    std::vector<std::string> entities;
    if (!q.golden_id.empty()) entities.push_back(q.golden_id);
    RETURN_IF_ERROR(FreshenForRead(all, entities));
  }
  std::vector<std::string> ids;
  {
    absl::ReaderMutexLock lock(&mu_);
    ids = MatchingGoldenIds(q, key_groups);
  }
  SearchPage page;
  auto it = std::upper_bound(
      ids.begin(), ids.end(), after_golden_id,
      [](absl::string_view a, const std::string& b) { return a < b; });
  for (; it != ids.end(); ++it) {
    if (static_cast<int>(page.customers.size()) == limit) {
      page.more = true;
      break;
    }
    ASSIGN_OR_RETURN(std::optional<GoldenRecord> g, store_->GetEntity(*it));
    if (g) page.customers.push_back(*std::move(g));
  }
  return page;
}

absl::StatusOr<SourceRecord> ResolutionService::GetSourceRecord(
    const RecordKey& key, absl::string_view field) {
  RETURN_IF_ERROR(ValidateRecordKey(key, std::string(field)));
  ASSIGN_OR_RETURN(std::optional<StoredRecord> r, store_->GetRecord(key));
  if (!r) {
    return WithField(RecordNotFound(key),
                     absl::StrCat(field, ".source_record_id"));
  }
  return r->record;
}

namespace {

Explanation Explain(const normalize::RecordFeatures& left,
                    const StoredRecord& right,
                    const match::ScoringModel& model) {
  Explanation e;
  e.score = match::ScorePair(
      left, normalize::ExtractFeatures(right.record).features, model);
  e.probability = match::MatchProbability(e.score.total, model);
  e.decision = e.score.total >= model.link_threshold     ? "link"
               : e.score.total >= model.review_threshold ? "review"
                                                         : "no_link";
  e.compared_with = right;
  return e;
}

}  // namespace

absl::StatusOr<Explanation> ResolutionService::ExplainAgainstRecord(
    const SourceRecord& left, const RecordKey& right) {
  RETURN_IF_ERROR(ValidateRecordKey(right, "right_record"));
  ASSIGN_OR_RETURN(std::optional<StoredRecord> r, store_->GetRecord(right));
  if (!r) {
    return WithField(RecordNotFound(right), "right_record.source_record_id");
  }
  return Explain(normalize::ExtractFeatures(left).features, *r, *model());
}

absl::StatusOr<Explanation> ResolutionService::ExplainAgainstEntity(
    const SourceRecord& left, absl::string_view golden_id) {
  absl::StatusOr<GoldenRecord> g = GetGolden(golden_id);
  if (!g.ok()) return WithField(g.status(), "right_golden_id");
  const normalize::RecordFeatures features =
      normalize::ExtractFeatures(left).features;
  const std::shared_ptr<const match::ScoringModel> model = this->model();
  std::optional<Explanation> best;
  RecordKey after;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<StoredRecord> page,
                     store_->ListEntityRecords(g->golden_id, after, 500));
    for (const StoredRecord& member : page) {
      if (member.record.key == left.key) continue;  // not against itself
      Explanation e = Explain(features, member, *model);
      if (!best || e.score.total > best->score.total) best = std::move(e);
    }
    if (page.size() < 500) break;
    after = page.back().record.key;
  }
  if (!best) {
    return WithField(
        absl::FailedPreconditionError(absl::StrCat(
            "customer ", g->golden_id, " has no other record to compare with")),
        "right_golden_id");
  }
  return *std::move(best);
}

absl::StatusOr<std::vector<OpenReview>> ResolutionService::ListReviewTasks(
    const std::optional<ReviewTask>& after, int limit) {
  std::vector<OpenReview> out;
  std::optional<ReviewTask> from = after;
  const std::shared_ptr<const match::ScoringModel> model = this->model();
  // Tasks a merge has settled since (the record now sits in the candidate's
  // entity) are skipped; pages are refilled so a page is short only at the
  // end.
  while (static_cast<int>(out.size()) < limit) {
    ASSIGN_OR_RETURN(std::vector<ReviewTask> tasks,
                     store_->ListReviewTasks(from, limit));
    for (ReviewTask& t : tasks) {
      from = t;
      ASSIGN_OR_RETURN(std::optional<StoredRecord> r,
                       store_->GetRecord(t.record));
      if (!r) continue;
      ASSIGN_OR_RETURN(std::optional<std::string> redirect,
                       store_->ResolveRedirect(t.candidate_golden_id));
      std::string candidate = redirect.value_or(t.candidate_golden_id);
      if (candidate == r->golden_id) continue;
      {
        // A steward rejected it (kept the record apart from the candidate).
        absl::ReaderMutexLock lock(&mu_);
        if (rules_.AnyCannotLink({t.record}, MemberKeys(candidate))) continue;
      }
      const double probability = match::MatchProbability(t.score, *model);
      out.push_back({.task = std::move(t),
                     .record_golden_id = r->golden_id,
                     .candidate_golden_id = std::move(candidate),
                     .probability = probability});
      if (static_cast<int>(out.size()) == limit) break;
    }
    if (static_cast<int>(tasks.size()) < limit) break;
  }
  return out;
}

absl::StatusOr<int64_t> ResolutionService::ReviewQueueSize() {
  ASSIGN_OR_RETURN(Store::Stats stats, store_->GetStats());
  return stats.review_tasks;
}

ResolutionService::Stats ResolutionService::GetStats() const {
  absl::ReaderMutexLock lock(&mu_);
  return {index_.size(), index_.entity_count(), blocking_stats_,
          guard_conflicts_};
}

}  // namespace mdm::service
