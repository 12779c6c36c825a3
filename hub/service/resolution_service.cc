#include "hub/service/resolution_service.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <set>
#include <thread>
#include <tuple>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/notification.h"
#include "hub/common/errors.h"
#include "hub/common/logging.h"
#include "hub/common/status_macros.h"
#include "hub/golden/survivorship.h"
#include "hub/match/blocking.h"
#include "hub/normalize/email.h"
#include "hub/normalize/national_id.h"
#include "hub/normalize/phone.h"
#include "hub/service/content_hash.h"
#include "hub/service/record_validation.h"

namespace mdm::service {

// The pending effect of one transaction: a change set per logical mutation and
// the newest golden record of every entity touched so far, so later records of
// the same batch build on uncommitted state.
class ResolutionService::Batch {
 public:
  ChangeSet& Begin() { return changes.emplace_back(); }
  ChangeSet& Current() { return changes.back(); }

  std::vector<ChangeSet> changes;
  absl::node_hash_map<std::string, GoldenRecord> goldens;
  absl::flat_hash_set<std::string> deleted_entities;
  absl::flat_hash_map<RecordKey, int64_t> tombstones;  // retracted here
  bool minted = false;
  // Index generation the batch was resolved against; a reload in between
  // (after a failed commit) makes it void.
  int64_t generation = 0;
  // Runs on the committer thread once the batch is durable, or failed.
  std::function<void(absl::Status)> done;
};

namespace {
// Bound on cached golden records; past it the cache starts over (cheap, and
// the store still answers every miss).
constexpr size_t kMaxCachedGoldens = 200'000;
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
bool IsOlder(const SourceRecord& incoming, const SourceRecord& stored) {
  if (incoming.source_version > 0 && stored.source_version > 0 &&
      incoming.source_version != stored.source_version) {
    return incoming.source_version < stored.source_version;
  }
  return incoming.updated_at_us < stored.updated_at_us;
}

std::vector<golden::Member> MemberViews(
    const std::vector<const match::IndexedRecord*>& records) {
  std::vector<golden::Member> out;
  out.reserve(records.size());
  for (const match::IndexedRecord* r : records) {
    out.push_back({&r->stored, &r->features});
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
    : store_(store), clock_(clock), options_(std::move(options)) {}

ResolutionService::~ResolutionService() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (committer_.joinable()) committer_.join();
}

void ResolutionService::Enqueue(std::unique_ptr<Batch> batch) {
  batch->generation = generation_;
  if (batch->minted && !batch->changes.empty()) {
    batch->changes.back().next_entity_seq = next_entity_seq_;
  }
  queued_ = std::move(batch);
}

void ResolutionService::LockForResolution() {
  // One batch may wait for the committer while the previous one commits;
  // a third waits here, so no batch is ever resolved on top of one that is
  // neither committing nor committed.
  mu_.LockWhen(absl::Condition(
      +[](std::unique_ptr<Batch>* queued) { return *queued == nullptr; },
      &queued_));
}

void ResolutionService::CommitLoop() {
  while (true) {
    std::unique_ptr<Batch> batch;
    bool stale = false;
    {
      mu_.LockWhen(absl::Condition(
          +[](ResolutionService* s) ABSL_NO_THREAD_SAFETY_ANALYSIS {
            return s->queued_ != nullptr || s->stopping_;
          },
          this));
      if (queued_ == nullptr) {  // stopping, nothing left
        mu_.Unlock();
        return;
      }
      batch = std::move(queued_);
      stale = batch->generation != generation_;
      committing_ = stale ? nullptr : batch.get();
      mu_.Unlock();
    }
    absl::Status s;
    if (stale) {
      s = absl::AbortedError(
          "an earlier batch failed to commit and this one was resolved on "
          "top of it; nothing of it was applied, send it again");
    } else if (!batch->changes.empty()) {
      s = store_->Apply(batch->changes);
    }
    {
      absl::MutexLock lock(&mu_);
      if (!stale && s.ok()) {
        if (golden_cache_.size() + batch->goldens.size() > kMaxCachedGoldens) {
          golden_cache_.clear();
        }
        for (auto& [id, g] : batch->goldens) {
          golden_cache_.insert_or_assign(id, std::move(g));
        }
        for (const std::string& id : batch->deleted_entities)
          golden_cache_.erase(id);
      } else if (!stale) {
        // The index already holds the batch's effect: rebuild it from what the
        // store actually committed; batches resolved meanwhile are void.
        MDM_LOG_ERROR("commit of {} changes failed: {}; reloading the index",
                      batch->changes.size(), s.ToString());
        ++generation_;
        absl::Status reload = LoadIndex();
        if (!reload.ok())
          MDM_LOG_ERROR("index reload failed: {}", reload.ToString());
      }
      committing_ = nullptr;
    }
    batch->done(s);
  }
}

absl::Status ResolutionService::LoadIndex() {
  index_ =
      match::MatchIndex(options_.max_block_size, options_.max_weak_block_size);
  golden_cache_.clear();
  RETURN_IF_ERROR(store_->ForEachRecord([this](const StoredRecord& stored) {
    match::IndexedRecord entry;
    entry.features = normalize::ExtractFeatures(stored.record).features;
    entry.keys = match::IndexKeys(entry.features);
    entry.stored = stored;
    index_.Put(std::move(entry));
    return absl::OkStatus();
  }));
  ASSIGN_OR_RETURN(int64_t seq, store_->GetNextEntitySeq());
  next_entity_seq_ = std::max<int64_t>(seq, 1);
  MDM_LOG_INFO("match index loaded: {} records in {} entities", index_.size(),
               index_.entity_count());
  return absl::OkStatus();
}

std::string ResolutionService::MintGoldenId(Batch& batch) {
  batch.minted = true;
  return FormatGoldenId(next_entity_seq_++);
}

absl::StatusOr<std::optional<GoldenRecord>> ResolutionService::PreviousGolden(
    const std::string& golden_id, Batch& batch) {
  if (auto it = batch.goldens.find(golden_id); it != batch.goldens.end()) {
    return it->second;
  }
  if (batch.deleted_entities.contains(golden_id)) return std::nullopt;
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
  std::vector<golden::Member> members = MemberViews(index_.Members(golden_id));
  GoldenRecord next = golden::BuildGoldenContent(golden_id, members);
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
    const normalize::RecordFeatures& features, const RecordKey* exclude,
    match::BlockingStats* stats, bool decide_only) {
  std::vector<const match::IndexedRecord*> candidates =
      index_.Candidates(match::QueryKeys(features), exclude, stats);
  absl::flat_hash_map<std::string, match::PairScore> best;
  for (const match::IndexedRecord* c : candidates) {
    match::PairScore s = match::ScorePair(
        features, c->features, options_.model,
        decide_only ? std::optional<double>(options_.model.link_threshold)
                    : std::nullopt);
    auto [it, inserted] = best.try_emplace(c->stored.golden_id, s);
    if (!inserted && s.total > it->second.total) it->second = std::move(s);
  }
  std::vector<EntityScore> out;
  out.reserve(best.size());
  for (auto& [id, s] : best) out.push_back({id, std::move(s)});
  std::sort(out.begin(), out.end(),
            [](const EntityScore& a, const EntityScore& b) {
              return std::tie(b.best.total, a.golden_id) <
                     std::tie(a.best.total, b.golden_id);
            });
  return out;
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
    std::thread helper(prepare_range, 0, half);
    prepare_range(half, records.size());
    helper.join();
  }
  return out;
}

absl::StatusOr<UpsertResult> ResolutionService::UpsertLocked(Prepared prepared,
                                                             Batch& batch) {
  SourceRecord& record = prepared.record;
  const uint64_t hash = prepared.content_hash;
  UpsertResult result;

  const match::IndexedRecord* existing = index_.Find(record.key);
  if (existing != nullptr) {
    const bool same = existing->stored.content_hash == hash;
    if (same || IsOlder(record, existing->stored.record)) {
      result.golden_id = existing->stored.golden_id;
      result.outcome = same ? Outcome::kUnchanged : Outcome::kStale;
      result.warnings = existing->stored.warnings;
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

  normalize::ExtractedFeatures& extracted = prepared.extracted;
  match::IndexedRecord entry;
  entry.features = std::move(extracted.features);
  entry.keys = match::IndexKeys(entry.features);
  entry.stored.record = std::move(record);
  entry.stored.warnings = std::move(extracted.warnings);
  entry.stored.content_hash = hash;
  const RecordKey key = entry.stored.record.key;

  std::vector<std::string> linked;
  for (const EntityScore& s : ScoreEntities(
           entry.features, &key, &blocking_stats_, /*decide_only=*/true)) {
    if (s.best.total < options_.model.link_threshold) break;  // sorted
    linked.push_back(s.golden_id);
  }

  const std::string old_entity = existing ? existing->stored.golden_id : "";
  const bool old_has_others =
      existing != nullptr && index_.Members(old_entity).size() > 1;

  std::string target;
  std::vector<std::string> absorbed;
  if (linked.empty()) {
    // A changed record that no longer matches its entity splits off.
    target = (existing && !old_has_others) ? old_entity : MintGoldenId(batch);
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

  ChangeSet& cs = batch.Begin();
  entry.stored.golden_id = target;
  result.warnings = entry.stored.warnings;
  cs.upsert_records.push_back(entry.stored);
  index_.Put(std::move(entry));
  for (const std::string& id : absorbed) {
    for (const match::IndexedRecord* m : index_.Members(id)) {
      const RecordKey moved = m->stored.record.key;
      index_.SetEntity(moved, target);
      cs.upsert_records.push_back(index_.Find(moved)->stored);
    }
    cs.redirects.emplace_back(id, target);
    cs.delete_entities.push_back(id);
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
  auto results = std::make_shared<std::vector<absl::StatusOr<UpsertResult>>>();
  results->reserve(records.size());
  std::vector<Prepared> prepared = Prepare(records);
  LockForResolution();
  auto batch = std::make_unique<Batch>();
  for (Prepared& p : prepared) {
    if (!p.valid.ok()) {
      results->push_back(p.valid);
      continue;
    }
    absl::StatusOr<UpsertResult> res = UpsertLocked(std::move(p), *batch);
    if (!res.ok()) {
      // Past validation only the store can fail: the batch is abandoned and
      // the index rebuilt from what is committed.
      ++generation_;
      absl::Status reload = LoadIndex();
      if (!reload.ok())
        MDM_LOG_ERROR("index reload failed: {}", reload.ToString());
      mu_.Unlock();
      done(res.status());
      return;
    }
    results->push_back(*std::move(res));
  }
  batch->done = [results, done = std::move(done)](absl::Status s) {
    if (s.ok()) {
      done(std::move(*results));
    } else {
      done(s);
    }
  };
  Enqueue(std::move(batch));
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
  LockForResolution();
  absl::StatusOr<DeleteResult> result = DeleteLocked(key, deleted_at_us);
  if (!result.ok() || queued_ == nullptr) {
    mu_.Unlock();
    return result;
  }
  // Queued: wait until the retraction is durable.
  absl::Notification committed;
  absl::Status status;
  queued_->done = [&](absl::Status s) {
    status = s;
    committed.Notify();
  };
  mu_.Unlock();
  committed.WaitForNotification();
  RETURN_IF_ERROR(status);
  return result;
}

absl::StatusOr<DeleteResult> ResolutionService::DeleteLocked(
    const RecordKey& key, int64_t deleted_at_us) {
  const match::IndexedRecord* existing = index_.Find(key);
  DeleteResult result;
  auto batch = std::make_unique<Batch>();
  if (existing == nullptr) {
    ASSIGN_OR_RETURN(std::optional<int64_t> deleted_at,
                     PendingOrStoredDeletion(key, *batch));
    if (!deleted_at) return RecordNotFound(key);
    ASSIGN_OR_RETURN(std::optional<RecordTombstone> tomb,
                     store_->GetTombstone(key));
    if (tomb) {
      result.golden_id = tomb->golden_id;
      ASSIGN_OR_RETURN(result.entity_deleted,
                       store_->IsEntityDeleted(tomb->golden_id));
    }
    return result;  // already retracted
  }
  if (deleted_at_us == 0) deleted_at_us = clock_->NowMicros();
  result.golden_id = existing->stored.golden_id;
  if (deleted_at_us < existing->stored.record.updated_at_us) {
    return result;  // the record changed after this deletion: newer data wins
  }

  ChangeSet& cs = batch->Begin();
  cs.delete_records.push_back({key, result.golden_id, deleted_at_us});
  batch->tombstones[key] = deleted_at_us;
  index_.Remove(key);
  if (index_.Members(result.golden_id).empty()) {
    cs.delete_entities.push_back(result.golden_id);
    batch->deleted_entities.insert(result.golden_id);
    result.entity_deleted = true;
  } else if (absl::Status s = Recompute(result.golden_id, *batch, {});
             !s.ok()) {
    ++generation_;
    absl::Status reload = LoadIndex();
    if (!reload.ok())
      MDM_LOG_ERROR("index reload failed: {}", reload.ToString());
    return s;
  }
  Enqueue(std::move(batch));
  return result;
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

  std::vector<EntityScore> scored;
  {
    absl::ReaderMutexLock lock(&mu_);
    const match::IndexedRecord* self = index_.Find(probe.key);
    scored =
        ScoreEntities(extracted.features, self ? &probe.key : nullptr, nullptr,
                      /*decide_only=*/false);
  }
  Resolution out;
  out.warnings = std::move(extracted.warnings);
  for (EntityScore& s : scored) {
    if (static_cast<int>(out.candidates.size()) >= max_candidates) break;
    if (s.best.total <= 0) break;  // sorted: the rest is evidence against
    ASSIGN_OR_RETURN(std::optional<GoldenRecord> g,
                     store_->GetEntity(s.golden_id));
    if (!g) continue;  // deleted between the index read and now
    Candidate c;
    c.golden_id = s.golden_id;
    c.score = s.best.total;
    c.probability = match::MatchProbability(s.best.total, options_.model);
    c.link = s.best.total >= options_.model.link_threshold;
    c.fields = std::move(s.best.fields);
    c.golden = *std::move(g);
    out.candidates.push_back(std::move(c));
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> ResolutionService::MatchingGoldenIds(
    const SearchQuery& q) {
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
  auto ids_under = [this](const std::vector<std::string>& keys) {
    std::set<std::string> ids;
    for (const std::string& k : keys) {
      for (const match::IndexedRecord* r : index_.Lookup(k)) {
        ids.insert(r->stored.golden_id);
      }
    }
    return ids;
  };

  if (!q.golden_id.empty()) {
    std::set<std::string> ids;
    if (!index_.Members(q.golden_id).empty()) ids.insert(q.golden_id);
    keep(std::move(ids));
  }
  if (!q.name.empty()) {
    std::vector<std::string> keys;
    for (Kind kind : {Kind::kPerson, Kind::kOrganization}) {
      normalize::NormalizedName n = normalize::NormalizeName(q.name, kind);
      const std::string prefix = absl::StrCat(
          match::kRuleName, kind == Kind::kOrganization ? "o" : "p");
      for (const std::string& k : n.keys)
        keys.push_back(absl::StrCat(prefix, k));
    }
    if (keys.empty())
      return FieldError("name", "contains no letters to search by");
    keep(ids_under(keys));
  }
  if (!q.phone.empty()) {
    absl::StatusOr<std::string> p = normalize::NormalizePhone(q.phone);
    if (!p.ok()) return FieldError("phone", p.status().message());
    keep(ids_under({absl::StrCat(match::kRulePhone, *p)}));
  }
  if (!q.email.empty()) {
    absl::StatusOr<std::string> e = normalize::NormalizeEmail(q.email);
    if (!e.ok()) return FieldError("email", e.status().message());
    keep(ids_under({absl::StrCat(match::kRuleEmail, *e)}));
  }
  if (!q.national_id.empty()) {
    absl::StatusOr<normalize::NationalId> id =
        normalize::NormalizeNationalId(q.national_id);
    if (!id.ok()) return FieldError("national_id", id.status().message());
    keep(ids_under({absl::StrCat(match::kRuleId, id->normalized)}));
  }
  if (!result) {
    return FieldError(
        "name",
        "give at least one of name, phone, email, national_id, golden_id");
  }
  return std::vector<std::string>(result->begin(), result->end());
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
  std::vector<std::string> ids;
  {
    absl::ReaderMutexLock lock(&mu_);
    ASSIGN_OR_RETURN(ids, MatchingGoldenIds(q));
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

ResolutionService::Stats ResolutionService::GetStats() const {
  absl::ReaderMutexLock lock(&mu_);
  return {index_.size(), index_.entity_count(), blocking_stats_};
}

}  // namespace mdm::service
