// How the resolution service keeps its cache (the match index, the golden
// cache and, with replicas, the guard versions) in step with the store: undo
// a failed batch, and reload what other hubs changed.
//
// Every reload reads guard versions from the store before the content they
// describe, so a cached version never claims more than the cached content has.

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/match/blocking.h"
#include "hub/service/guard_ids.h"
#include "hub/service/resolution_batch.h"
#include "hub/service/resolution_service.h"

namespace mdm::service {
namespace {

// Records read per page when reloading an entity's members.
constexpr int kMembersPage = 1000;

}  // namespace

std::vector<uint64_t> ResolutionService::Scope::GuardIds() const {
  std::vector<uint64_t> ids;
  ids.reserve(records.size() + blocks.size() + entities.size());
  for (const RecordKey& k : records) ids.push_back(RecordGuard(k));
  for (const std::string& k : blocks) ids.push_back(BlockGuard(k));
  for (const std::string& id : entities) ids.push_back(EntityGuard(id));
  return ids;
}

int64_t ResolutionService::CachedVersion(uint64_t guard) const {
  auto it = guard_versions_.find(guard);
  return it == guard_versions_.end() ? 0 : it->second;
}

bool ResolutionService::AnyNewer(absl::Span<const uint64_t> ids,
                                 absl::Span<const int64_t> versions) const {
  for (size_t i = 0; i < ids.size(); ++i) {
    if (versions[i] > CachedVersion(ids[i])) return true;
  }
  return false;
}

absl::Status ResolutionService::ReloadRecords(absl::Span<const RecordKey> keys,
                                              ReloadMode mode) {
  if (keys.empty()) return absl::OkStatus();
  std::vector<RecordKey> wanted;
  std::vector<int64_t> wanted_versions;
  if (replicas_) {
    std::vector<uint64_t> ids;
    ids.reserve(keys.size());
    for (const RecordKey& k : keys) ids.push_back(RecordGuard(k));
    ASSIGN_OR_RETURN(std::vector<int64_t> versions,
                     store_->GetGuardVersions(ids));
    for (size_t i = 0; i < keys.size(); ++i) {
      const int64_t cached = CachedVersion(ids[i]);
      if ((mode == ReloadMode::kIfChanged && versions[i] <= cached) ||
          (mode == ReloadMode::kUnlessAhead && versions[i] < cached)) {
        continue;
      }
      wanted.push_back(keys[i]);
      wanted_versions.push_back(versions[i]);
    }
  } else {
    wanted.assign(keys.begin(), keys.end());
  }
  if (wanted.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<std::optional<StoredRecord>> stored,
                   store_->GetRecords(wanted));
  for (size_t i = 0; i < wanted.size(); ++i) {
    const RecordKey& key = wanted[i];
    if (const match::IndexedRecord* cached = index_.Find(key)) {
      golden_cache_.erase(cached->golden_id);
    }
    if (stored[i]) {
      golden_cache_.erase(stored[i]->golden_id);
      match::IndexedRecord entry;
      entry.features = normalize::ExtractFeatures(stored[i]->record).features;
      entry.keys = match::IndexKeys(entry.features);
      entry.Keep(*stored[i]);
      index_.Put(std::move(entry));
    } else {
      index_.Remove(key);
    }
    // Only now that the content is in: see the file comment.
    if (replicas_) guard_versions_[RecordGuard(key)] = wanted_versions[i];
  }
  return absl::OkStatus();
}

absl::Status ResolutionService::ReloadMembers(
    const absl::flat_hash_set<RecordKey>& from_store,
    const std::vector<RecordKey>& cached) {
  // A record the store lists but the cache lacks is read unless this hub's
  // own uncommitted batch retracted it (its cached version is ahead); the
  // others only if their own version moved.
  std::vector<RecordKey> missing, known;
  for (const RecordKey& k : from_store) {
    (index_.Find(k) == nullptr ? missing : known).push_back(k);
  }
  for (const RecordKey& k : cached) {
    if (!from_store.contains(k)) known.push_back(k);
  }
  RETURN_IF_ERROR(ReloadRecords(missing, ReloadMode::kUnlessAhead));
  return ReloadRecords(known, ReloadMode::kIfChanged);
}

absl::Status ResolutionService::ReloadBlocks(
    const std::vector<std::string>& keys) {
  if (keys.empty()) return absl::OkStatus();
  std::vector<uint64_t> hashes;
  hashes.reserve(keys.size());
  for (const std::string& k : keys) hashes.push_back(BlockGuard(k));
  ASSIGN_OR_RETURN(std::vector<RecordKey> postings,
                   store_->ListBlockPostings(hashes));
  std::vector<RecordKey> cached;
  for (const std::string& k : keys) {
    for (const match::IndexedRecord* r : index_.Lookup(k)) {
      cached.push_back(r->key);
    }
  }
  return ReloadMembers({postings.begin(), postings.end()}, cached);
}

absl::Status ResolutionService::ReloadEntity(const std::string& golden_id) {
  golden_cache_.erase(golden_id);
  absl::flat_hash_set<RecordKey> from_store;
  RecordKey after;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<StoredRecord> page,
                     store_->ListEntityRecords(golden_id, after, kMembersPage));
    for (const StoredRecord& r : page) from_store.insert(r.record.key);
    if (page.size() < static_cast<size_t>(kMembersPage)) break;
    after = page.back().record.key;
  }
  std::vector<RecordKey> cached;
  for (const match::IndexedRecord* r : index_.Members(golden_id)) {
    cached.push_back(r->key);
  }
  return ReloadMembers(from_store, cached);
}

absl::Status ResolutionService::Reload(const Scope& scope,
                                       absl::Span<const int64_t> versions,
                                       absl::Span<const int64_t> baseline,
                                       bool reset_versions) {
  const std::vector<uint64_t> ids = scope.GuardIds();
  auto changed = [&](size_t i) { return versions[i] > baseline[i]; };
  size_t i = 0;
  std::vector<RecordKey> records;
  for (const RecordKey& k : scope.records) {
    if (changed(i++)) records.push_back(k);
  }
  RETURN_IF_ERROR(ReloadRecords(records, ReloadMode::kAlways));
  std::vector<std::string> blocks;
  for (const std::string& k : scope.blocks) {
    if (changed(i++)) blocks.push_back(k);
  }
  RETURN_IF_ERROR(ReloadBlocks(blocks));
  for (const std::string& id : scope.entities) {
    if (changed(i++)) RETURN_IF_ERROR(ReloadEntity(id));
  }
  for (size_t j = scope.records.size(); j < ids.size(); ++j) {
    if (reset_versions || changed(j)) guard_versions_[ids[j]] = versions[j];
  }
  return absl::OkStatus();
}

absl::Status ResolutionService::Undo(const Batch& batch) {
  if (batch.steward_touched) {
    // The action changed the rules in memory before it failed.
    if (replicas_) {
      ASSIGN_OR_RETURN(std::vector<int64_t> v,
                       store_->GetGuardVersions({StewardGuard()}));
      guard_versions_[StewardGuard()] = v[0];
    }
    RETURN_IF_ERROR(LoadStewardRules());
  }
  Scope scope;
  scope.records.assign(batch.touched_records.begin(),
                       batch.touched_records.end());
  for (const std::string& id : batch.touched_entities) golden_cache_.erase(id);
  if (!replicas_) {
    // The only writer: the batch's own records are all that changed.
    return ReloadRecords(scope.records, ReloadMode::kAlways);
  }
  scope.blocks.assign(batch.touched_blocks.begin(), batch.touched_blocks.end());
  scope.entities.assign(batch.touched_entities.begin(),
                        batch.touched_entities.end());
  const std::vector<uint64_t> ids = scope.GuardIds();
  ASSIGN_OR_RETURN(std::vector<int64_t> versions,
                   store_->GetGuardVersions(ids));
  // The batch's own records are read back whatever their version; a block or
  // an entity only if another hub changed it since the batch expected it
  // (its own effect there is undone with its records).
  absl::flat_hash_map<uint64_t, int64_t> expected;
  for (const Guard& g : batch.guards) expected.emplace(g.id, g.expected);
  std::vector<int64_t> baseline(ids.size(), -1);
  for (size_t i = scope.records.size(); i < ids.size(); ++i) {
    auto it = expected.find(ids[i]);
    baseline[i] = it != expected.end() ? it->second : CachedVersion(ids[i]);
  }
  RETURN_IF_ERROR(Reload(scope, versions, baseline, /*reset_versions=*/true));
  return ReloadEntitiesUnder(scope.blocks);
}

absl::Status ResolutionService::Freshen(const Batch& batch) {
  Scope scope;
  if (batch.deletion) scope.records.push_back(batch.deletion->first);
  absl::flat_hash_set<std::string> blocks;
  for (const Prepared& p : batch.inputs) {
    if (!p.valid.ok()) continue;
    scope.records.push_back(p.record.key);
    for (std::string& k : match::QueryKeys(p.extracted.features)) {
      blocks.insert(std::move(k));
    }
  }
  scope.blocks.assign(blocks.begin(), blocks.end());
  RETURN_IF_ERROR(FreshenLocked(scope));
  return ReloadEntitiesUnder(scope.blocks);
}

absl::Status ResolutionService::FreshenLocked(const Scope& scope) {
  const std::vector<uint64_t> ids = scope.GuardIds();
  ASSIGN_OR_RETURN(std::vector<int64_t> versions,
                   store_->GetGuardVersions(ids));
  std::vector<int64_t> cached(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) cached[i] = CachedVersion(ids[i]);
  return Reload(scope, versions, cached, /*reset_versions=*/false);
}

absl::Status ResolutionService::ReloadEntitiesUnder(
    const std::vector<std::string>& blocks) {
  Scope scope;
  absl::flat_hash_set<std::string> seen;
  for (const std::string& k : blocks) {
    for (const match::IndexedRecord* r : index_.Lookup(k)) {
      if (seen.insert(r->golden_id).second) {
        scope.entities.push_back(r->golden_id);
      }
    }
  }
  if (scope.entities.empty()) return absl::OkStatus();
  return FreshenLocked(scope);
}

absl::Status ResolutionService::FreshenForRead(
    const std::vector<std::string>& blocks,
    const std::vector<std::string>& entities) {
  Scope scope;
  scope.blocks = blocks;
  scope.entities = entities;
  const std::vector<uint64_t> ids = scope.GuardIds();
  ASSIGN_OR_RETURN(std::vector<int64_t> versions,
                   store_->GetGuardVersions(ids));
  {
    absl::ReaderMutexLock lock(&mu_);
    if (!AnyNewer(ids, versions)) return absl::OkStatus();
  }
  absl::MutexLock lock(&mu_);
  std::vector<int64_t> cached(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) cached[i] = CachedVersion(ids[i]);
  return Reload(scope, versions, cached, /*reset_versions=*/false);
}

}  // namespace mdm::service
