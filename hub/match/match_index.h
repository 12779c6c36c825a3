// In-memory index of the live source records: their features, blocking keys
// and entity membership. It is a cache of the Store, rebuilt from it at start;
// the resolution service keeps it in step with every committed change.
//
// Not thread-safe: the owner serializes writers and readers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"
#include "hub/match/block_postings.h"
#include "hub/match/comparison_view.h"
#include "hub/match/stable_slots.h"
#include "hub/match/term_frequency.h"
#include "hub/model/source_record.h"
#include "hub/normalize/record_features.h"

namespace mdm::match {

struct IndexedRecord {
  // Set by MatchIndex::Put from `features` (whatever the caller left here):
  // first, so that scoring a candidate starts on the element's first line.
  ComparisonView view;
  RecordKey key;
  std::string golden_id;
  uint64_t content_hash = 0;  // StoredRecord::content_hash
  // The record's version, to order a later one against it (the rest of the
  // record is in `packed`).
  int64_t updated_at_us = 0;
  int64_t source_version = 0;
  normalize::RecordFeatures features;
  // PackRecord() of the record's content and warnings: the index holds every
  // live record, and packed they take a fraction of the memory.
  std::string packed;
  // Given to Put: IndexKeys(features). Put files the record under their
  // hashes and empties this: the key text would be most of a record's index
  // memory, and it is derived from the features again where it is needed
  // (the record leaving its blocks, a replica's postings).
  std::vector<std::string> keys;
  // Kept by the index: the next record of the same entity. An entity's
  // records form a list through their entries, so an entity costs the index
  // one 4-byte table entry rather than a map node with the id and a vector.
  uint32_t next_member = UINT32_MAX;

  // Takes everything of `s` (the features are the caller's).
  void Keep(const StoredRecord& s);
  // The record as kept, unpacked.
  StoredRecord Stored() const;
};

struct BlockingStats {
  int64_t keys_looked_up = 0;
  int64_t candidates = 0;
  int64_t oversized_blocks_skipped = 0;
};

class MatchIndex {
 public:
  // Blocks larger than these are skipped during candidate generation (and
  // counted), so a very common key never turns into quadratic work. Weak rules
  // (IsWeakRule) have the smaller cap.
  explicit MatchIndex(size_t max_block_size = 1000,
                      size_t max_weak_block_size = 100)
      : max_block_size_(max_block_size),
        max_weak_block_size_(max_weak_block_size) {}

  // Inserts or replaces the record (by key).
  void Put(IndexedRecord record);
  // Removes a record; no-op when absent.
  void Remove(const RecordKey& key);
  // Moves a record to another entity.
  void SetEntity(const RecordKey& key, const std::string& golden_id);

  const IndexedRecord* Find(const RecordKey& key) const;

  // Records sharing at least one of `query_keys`, distinct, excluding
  // `exclude`. Oversized blocks are skipped.
  std::vector<const IndexedRecord*> Candidates(
      const std::vector<std::string>& query_keys, const RecordKey* exclude,
      BlockingStats* stats) const;

  // Every record under one exact key (no size cap); for search. As blocks
  // are kept by hash, a key sharing the hash of another (about 2^-64 per
  // pair) would list that block's records too.
  std::vector<const IndexedRecord*> Lookup(absl::string_view key) const;

  // Members of an entity, in no particular order.
  std::vector<const IndexedRecord*> Members(absl::string_view golden_id) const;

  // Live term frequencies of the indexed records, kept in step with every
  // Put and Remove (a trained model freezes a copy).
  const TermFrequencies& term_frequencies() const { return tf_; }

  // Every indexed record, in no particular order (training).
  template <typename F>
  void ForEach(F&& f) const {
    for (Slot slot : by_key_) f((*slots_)[slot]);
  }

  // Every entity with at least one record, in no particular order.
  std::vector<std::string> EntityIds() const;

  size_t size() const { return by_key_.size(); }
  size_t entity_count() const { return entities_.size(); }

 private:
  using Slot = uint32_t;
  Slot Allocate();
  void Unlink(Slot slot);
  static constexpr Slot kNoSlot = UINT32_MAX;  // end of an entity's list

  // Blocks are keyed by a 64-bit hash of the key text. Keys sharing a hash
  // (about 2^-64 per pair) would only merge two blocks: more candidates
  // scored, never a link missed.
  static uint64_t BlockOf(absl::string_view key);

  size_t max_block_size_;
  size_t max_weak_block_size_;
  // On the heap, so that the key set's functors (which point to it) stay
  // valid when the index is moved.
  std::unique_ptr<StableSlots<IndexedRecord>> slots_ =
      std::make_unique<StableSlots<IndexedRecord>>();
  std::vector<Slot> free_;
  // Records by key. The set holds slots only and reads the key from the
  // record: a table entry is 4 bytes instead of a copy of the key's two
  // strings.
  struct SlotKeyHash {
    using is_transparent = void;
    const StableSlots<IndexedRecord>* slots;
    size_t operator()(Slot s) const { return (*this)((*slots)[s].key); }
    size_t operator()(const RecordKey& k) const {
      return absl::Hash<RecordKey>{}(k);
    }
  };
  struct SlotKeyEq {
    using is_transparent = void;
    const StableSlots<IndexedRecord>* slots;
    bool operator()(Slot a, Slot b) const { return a == b; }
    bool operator()(Slot a, const RecordKey& k) const {
      return (*slots)[a].key == k;
    }
    bool operator()(const RecordKey& k, Slot a) const { return (*this)(a, k); }
  };
  absl::flat_hash_set<Slot, SlotKeyHash, SlotKeyEq> by_key_{
      0, SlotKeyHash{slots_.get()}, SlotKeyEq{slots_.get()}};
  BlockPostings blocks_;
  // The first record of each entity (the others follow through
  // IndexedRecord::next_member), found by the golden id it holds.
  struct SlotEntityHash {
    using is_transparent = void;
    const StableSlots<IndexedRecord>* slots;
    size_t operator()(Slot s) const {
      return (*this)(absl::string_view((*slots)[s].golden_id));
    }
    size_t operator()(absl::string_view id) const {
      return absl::Hash<absl::string_view>{}(id);
    }
  };
  struct SlotEntityEq {
    using is_transparent = void;
    const StableSlots<IndexedRecord>* slots;
    bool operator()(Slot a, Slot b) const { return a == b; }
    bool operator()(Slot a, absl::string_view id) const {
      return (*slots)[a].golden_id == id;
    }
    bool operator()(absl::string_view id, Slot a) const {
      return (*this)(a, id);
    }
  };
  absl::flat_hash_set<Slot, SlotEntityHash, SlotEntityEq> entities_{
      0, SlotEntityHash{slots_.get()}, SlotEntityEq{slots_.get()}};
  void LinkMember(Slot slot);
  void UnlinkMember(Slot slot);
  TermFrequencies tf_;
};

}  // namespace mdm::match
