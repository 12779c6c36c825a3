#include "hub/match/block_postings.h"

#include <algorithm>

namespace mdm::match {

void BlockPostings::Add(uint64_t block, Slot slot) {
  auto [it, inserted] = table_.try_emplace(block, slot);
  if (inserted) return;
  if (it->second & kList) {
    lists_[it->second & ~kList].push_back(slot);
    return;
  }
  Slot list;
  if (free_lists_.empty()) {
    list = static_cast<Slot>(lists_.size());
    lists_.emplace_back();
  } else {
    list = free_lists_.back();
    free_lists_.pop_back();
  }
  lists_[list] = {it->second, slot};
  it->second = list | kList;
}

void BlockPostings::Remove(uint64_t block, Slot slot) {
  auto it = table_.find(block);
  if (it == table_.end()) return;
  if ((it->second & kList) == 0) {
    if (it->second == slot) table_.erase(it);
    return;
  }
  const Slot list = it->second & ~kList;
  List& v = lists_[list];
  auto pos = std::find(v.begin(), v.end(), slot);
  if (pos == v.end()) return;
  *pos = v.back();
  v.pop_back();
  if (v.size() == 1) {  // back to a block of one: the entry holds it again
    it->second = v.front();
    v.clear();
    v.shrink_to_fit();  // frees a list that had outgrown its inline room
    free_lists_.push_back(list);
  }
}

absl::Span<const BlockPostings::Slot> BlockPostings::Find(
    uint64_t block) const {
  auto it = table_.find(block);
  if (it == table_.end()) return {};
  if (it->second & kList) return lists_[it->second & ~kList];
  return absl::MakeConstSpan(&it->second, 1);
}

}  // namespace mdm::match
