#include "hub/match/match_index.h"

#include <algorithm>

#include "absl/container/inlined_vector.h"
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

void MatchIndex::Unlink(Slot slot) {
  IndexedRecord& r = (*slots_)[slot];
  tf_.Remove(r.features);
  for (const std::string& k : IndexKeys(r.features)) {
    blocks_.Remove(BlockOf(k), slot);
  }
  UnlinkMember(slot);
}

void MatchIndex::LinkMember(Slot slot) {
  IndexedRecord& r = (*slots_)[slot];
  auto it = entities_.find(absl::string_view(r.golden_id));
  if (it == entities_.end()) {
    r.next_member = kNoSlot;
    entities_.insert(slot);
    return;
  }
  IndexedRecord& first = (*slots_)[*it];
  r.next_member = first.next_member;
  first.next_member = slot;
}

void MatchIndex::UnlinkMember(Slot slot) {
  IndexedRecord& r = (*slots_)[slot];
  auto it = entities_.find(absl::string_view(r.golden_id));
  if (it == entities_.end()) return;
  if (*it == slot) {
    const Slot next = r.next_member;
    entities_.erase(it);
    if (next != kNoSlot) entities_.insert(next);
  } else {
    for (Slot s = *it; s != kNoSlot; s = (*slots_)[s].next_member) {
      if ((*slots_)[s].next_member == slot) {
        (*slots_)[s].next_member = r.next_member;
        break;
      }
    }
  }
  r.next_member = kNoSlot;
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
  // Move-assigned: `= {}` would keep the vector's buffer.
  r.keys = std::vector<std::string>();  // see IndexedRecord::keys
  LinkMember(slot);
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
  UnlinkMember(*it);
  r.golden_id = golden_id;
  LinkMember(*it);
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
  auto it = entities_.find(golden_id);
  if (it == entities_.end()) return out;
  for (Slot s = *it; s != kNoSlot; s = (*slots_)[s].next_member) {
    out.push_back(&(*slots_)[s]);
  }
  return out;
}

std::vector<std::string> MatchIndex::EntityIds() const {
  std::vector<std::string> out;
  out.reserve(entities_.size());
  for (Slot s : entities_) out.push_back((*slots_)[s].golden_id);
  return out;
}

}  // namespace mdm::match
