#include "hub/service/record_fact_cache.h"

#include "hub/common/status_macros.h"

namespace mdm::service {

absl::Status RecordFactCache::Put(absl::Span<const Fact> facts) {
  RETURN_IF_ERROR(store_->Put(facts));
  absl::MutexLock lock(&mu_);
  ++generation_;
  for (const Fact& f : facts) cache_.erase(f.record);
  return absl::OkStatus();
}

absl::StatusOr<RecordFactCache::Facts> RecordFactCache::RecordFacts(
    const RecordKey& key) {
  uint64_t generation = 0;
  if (enabled_) {
    absl::MutexLock lock(&mu_);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    generation = generation_;
  }
  constexpr int kPage = 1000;
  auto facts = std::make_shared<std::vector<Fact>>();
  std::string after;
  while (true) {
    ASSIGN_OR_RETURN(
        std::vector<Fact> page,
        store_->List(key.source, key.source_record_id, after, kPage));
    const bool more = static_cast<int>(page.size()) == kPage;
    if (more) after = page.back().fact_id;
    for (Fact& f : page) facts->push_back(std::move(f));
    if (!more) break;
  }
  if (enabled_) {
    absl::MutexLock lock(&mu_);
    if (generation == generation_) {
      if (cache_.size() >= max_records_) cache_.clear();
      cache_[key] = facts;
    }
  }
  return Facts(std::move(facts));
}

}  // namespace mdm::service
