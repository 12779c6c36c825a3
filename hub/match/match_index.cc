#include "hub/match/match_index.h"

#include <algorithm>

#include "absl/hash/hash.h"
#include "hub/match/blocking.h"
#include "hub/match/packed_record.h"

namespace mdm::match {

void IndexedRecord::Keep(const StoredRecord& s) {
  key = s.record.key;
  golden_id = s.golden_id;
  content_hash = s.content_hash;
  updated_at_us = s.record.updated_at_us;
  source_version = s.record.source_version;
  packed = PackRecord(s.record, s.warnings);
}

StoredRecord IndexedRecord::Stored() const {
  StoredRecord s;
  UnpackRecord(packed, &s.record, &s.warnings);
  s.record.key = key;
  s.golden_id = golden_id;
  s.content_hash = content_hash;
  return s;
}

MatchIndex::Slot MatchIndex::Allocate() {
  if (!free_.empty()) {
    Slot s = free_.back();
    free_.pop_back();
    return s;
  }
  slots_->Grow();
  return static_cast<Slot>(slots_->size() - 1);
}

uint64_t MatchIndex::BlockOf(absl::string_view key) {
  return absl::Hash<absl::string_view>{}(key);
}

template <typename V>
void MatchIndex::EraseSlot(V& v, Slot slot) {
  auto it = std::find(v.begin(), v.end(), slot);
  if (it != v.end()) {
    *it = v.back();
    v.pop_back();
  }
}

void MatchIndex::Unlink(Slot slot) {
  IndexedRecord& r = (*slots_)[slot];
  tf_.Remove(r.features);
  for (const std::string& k : IndexKeys(r.features)) {
    blocks_.Remove(BlockOf(k), slot);
  }
  auto m = members_.find(r.golden_id);
  if (m != members_.end()) {
    EraseSlot(m->second, slot);
    if (m->second.empty()) members_.erase(m);
  }
}

void MatchIndex::Put(IndexedRecord record) {
  Slot slot;
  if (auto it = by_key_.find(record.key); it != by_key_.end()) {
    slot = *it;
    Unlink(slot);
    (*slots_)[slot] = std::move(record);
  } else {
    slot = Allocate();
    // The key set reads the key from the slot: fill it before inserting.
    (*slots_)[slot] = std::move(record);
    by_key_.insert(slot);
  }
  IndexedRecord& r = (*slots_)[slot];
  r.view = MakeComparisonView(r.features);
  tf_.Add(r.features);
  for (const std::string& k : r.keys) blocks_.Add(BlockOf(k), slot);
  r.keys = {};  // frees the text (see IndexedRecord::keys)
  members_[r.golden_id].push_back(slot);
}

void MatchIndex::Remove(const RecordKey& key) {
  auto it = by_key_.find(key);
  if (it == by_key_.end()) return;
  const Slot slot = *it;
  Unlink(slot);
  by_key_.erase(it);
  (*slots_)[slot] = IndexedRecord{};
  free_.push_back(slot);
}

void MatchIndex::SetEntity(const RecordKey& key, const std::string& golden_id) {
  auto it = by_key_.find(key);
  if (it == by_key_.end()) return;
  IndexedRecord& r = (*slots_)[*it];
  if (r.golden_id == golden_id) return;
  auto m = members_.find(r.golden_id);
  if (m != members_.end()) {
    EraseSlot(m->second, *it);
    if (m->second.empty()) members_.erase(m);
  }
  r.golden_id = golden_id;
  members_[golden_id].push_back(*it);
}

const IndexedRecord* MatchIndex::Find(const RecordKey& key) const {
  auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : &(*slots_)[*it];
}

std::vector<const IndexedRecord*> MatchIndex::Candidates(
    const std::vector<std::string>& query_keys, const RecordKey* exclude,
    BlockingStats* stats) const {
  // Gathered, then sorted and made distinct: cheaper than a hash set for the
  // few dozen slots of a query, and slot order walks memory forward.
  absl::InlinedVector<Slot, 64> slots;
  for (const std::string& k : query_keys) {
    const absl::Span<const Slot> block = blocks_.Find(BlockOf(k));
    if (stats) ++stats->keys_looked_up;
    const size_t cap = IsWeakRule(k) ? max_weak_block_size_ : max_block_size_;
    if (block.size() > cap) {
      if (stats) ++stats->oversized_blocks_skipped;
      continue;
    }
    slots.insert(slots.end(), block.begin(), block.end());
  }
  std::sort(slots.begin(), slots.end());
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  // The excluded record is known by its slot: comparing slots spares a read
  // of every candidate's record key.
  if (exclude != nullptr) {
    if (auto it = by_key_.find(*exclude); it != by_key_.end()) {
      auto self = std::lower_bound(slots.begin(), slots.end(), *it);
      if (self != slots.end() && *self == *it) slots.erase(self);
    }
  }
  std::vector<const IndexedRecord*> out;
  out.reserve(slots.size());
  for (Slot s : slots) out.push_back(&(*slots_)[s]);
  if (stats) stats->candidates += static_cast<int64_t>(out.size());
  return out;
}

std::vector<const IndexedRecord*> MatchIndex::Lookup(
    absl::string_view key) const {
  std::vector<const IndexedRecord*> out;
  const absl::Span<const Slot> block = blocks_.Find(BlockOf(key));
  out.reserve(block.size());
  for (Slot s : block) out.push_back(&(*slots_)[s]);
  return out;
}

std::vector<const IndexedRecord*> MatchIndex::Members(
    absl::string_view golden_id) const {
  std::vector<const IndexedRecord*> out;
  auto it = members_.find(golden_id);
  if (it == members_.end()) return out;
  out.reserve(it->second.size());
  for (Slot s : it->second) out.push_back(&(*slots_)[s]);
  return out;
}

std::vector<std::string> MatchIndex::EntityIds() const {
  std::vector<std::string> out;
  out.reserve(members_.size());
  for (const auto& [id, slots] : members_) {
    if (!slots.empty()) out.push_back(id);
  }
  return out;
}

}  // namespace mdm::match
