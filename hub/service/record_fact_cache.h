// A FactStore decorator that also serves all facts of one source record from
// memory. Facts are resolved to customers at query time through the golden
// record's members, so a cache by source record stays right across merges
// and splits; a Put() through this object drops the cached facts of every
// record it touched once the write committed.
//
// Only writes made through this object invalidate, so a hub must not cache
// when other hubs write the same database (enabled = false then: every read
// goes to the store).
//
// Thread-safe.
#pragma once

#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "hub/model/fact.h"
#include "hub/store/fact_store.h"

namespace mdm::service {

class RecordFactCache final : public FactStore {
 public:
  // `store` must outlive this object. At most `max_records` records are
  // cached; beyond that the cache starts over (simple and bounded).
  RecordFactCache(FactStore* store, bool enabled, size_t max_records)
      : store_(store), enabled_(enabled), max_records_(max_records) {}

  absl::Status Put(absl::Span<const Fact> facts) override;
  absl::StatusOr<std::vector<Fact>> List(std::string_view source,
                                         std::string_view source_record_id,
                                         std::string_view after,
                                         int limit) override {
    return store_->List(source, source_record_id, after, limit);
  }

  using Facts = std::shared_ptr<const std::vector<Fact>>;
  // Every fact of `key`, in fact_id order.
  absl::StatusOr<Facts> RecordFacts(const RecordKey& key);

 private:
  FactStore* const store_;
  const bool enabled_;
  const size_t max_records_;
  absl::Mutex mu_;
  absl::flat_hash_map<RecordKey, Facts> cache_ ABSL_GUARDED_BY(mu_);
  // +1 on every invalidation: a read that started before one does not fill
  // the cache (it may have read facts the write replaced).
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace mdm::service
