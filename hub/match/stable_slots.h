// Storage for the match index's records: elements live in fixed chunks, so
// growing never moves one (the index hands out pointers to them) and each
// chunk is a single allocation. std::deque has the first property but, for
// an element as large as an index entry, allocates one node per element,
// rounded up to the allocator's next size class.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

namespace mdm::match {

template <typename T>
class StableSlots {
 public:
  // As many elements as fit in 256 KiB (less the count new[] keeps before
  // them): an allocator size class of its own, so a chunk wastes at most part
  // of one element (a fixed count of elements would be rounded up to the next
  // class, up to a quarter more).
  static constexpr size_t kPerChunk =
      std::max<size_t>(1, ((256 << 10) - 16) / sizeof(T));

  T& operator[](size_t i) { return chunks_[i / kPerChunk][i % kPerChunk]; }
  const T& operator[](size_t i) const {
    return chunks_[i / kPerChunk][i % kPerChunk];
  }
  size_t size() const { return size_; }

  // Appends a default-constructed element.
  void Grow() {
    if (size_ % kPerChunk == 0) {
      chunks_.push_back(std::make_unique<T[]>(kPerChunk));
    }
    ++size_;
  }

 private:
  std::vector<std::unique_ptr<T[]>> chunks_;
  size_t size_ = 0;
};

}  // namespace mdm::match
