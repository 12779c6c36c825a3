// The records filed under each blocking key (by the key's 64-bit hash).
//
// Most blocks hold a single record (a phone, an id, a rare name), so a block
// of one lives in its table entry alone: 12 bytes, no list, no heap. A larger
// block's entry names a list kept beside the table. At a million records the
// table has millions of entries, and this halves what each costs compared
// with a small inline vector per entry.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/types/span.h"

namespace mdm::match {

class BlockPostings {
 public:
  // Slots must be below 2^31 (the top bit marks a list).
  using Slot = uint32_t;

  void Add(uint64_t block, Slot slot);
  // No-op when `slot` is not in the block.
  void Remove(uint64_t block, Slot slot);
  // The block's slots, in no particular order; empty for an unknown block.
  // Valid until the next Add or Remove.
  absl::Span<const Slot> Find(uint64_t block) const;

  size_t block_count() const { return table_.size(); }

 private:
  static constexpr Slot kList = Slot{1} << 31;
  using List = absl::InlinedVector<Slot, 4>;

  // A record's slot, or kList | an index into lists_.
  absl::flat_hash_map<uint64_t, Slot> table_;
  std::vector<List> lists_;
  std::vector<Slot> free_lists_;
};

}  // namespace mdm::match
