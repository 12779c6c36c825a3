// ResolutionService: the model decisions use, and the data to train one
// (the use cases around models live in model_service.cc).
#include <algorithm>
#include <memory>
#include <utility>

#include "hub/service/resolution_service.h"

namespace mdm::service {

std::shared_ptr<const match::ScoringModel> ResolutionService::model() const {
  absl::ReaderMutexLock lock(&model_mu_);
  return model_;
}

void ResolutionService::SetModel(
    std::shared_ptr<const match::ScoringModel> model) {
  // Under mu_ too: a batch is resolved with one model from start to end.
  absl::MutexLock lock(&mu_);
  absl::MutexLock model_lock(&model_mu_);
  model_ = std::move(model);
}

ResolutionService::TrainingData ResolutionService::SnapshotForTraining() const {
  absl::ReaderMutexLock lock(&mu_);
  TrainingData out;
  out.features.reserve(index_.size());
  out.golden_ids.reserve(index_.size());
  // Sorted by record key, so that training on the same data gives the same
  // model whatever order the index holds it in.
  std::vector<const match::IndexedRecord*> records;
  records.reserve(index_.size());
  index_.ForEach([&](const match::IndexedRecord& r) { records.push_back(&r); });
  std::sort(records.begin(), records.end(), [](const auto* a, const auto* b) {
    return a->key < b->key;
  });
  for (const match::IndexedRecord* r : records) {
    out.features.push_back(r->features);
    out.golden_ids.push_back(r->golden_id);
  }
  out.tf = index_.term_frequencies();
  return out;
}

}  // namespace mdm::service
