// Use cases around match models: train one from the live records, store it
// as a new version, show and list them, make one active, and tell what a
// model would change on the stored data before it is applied (what-if).
//
// Training and what-if run over a copy of the live records' features, taken
// under the resolution lock in one go (milliseconds); the estimation itself
// runs outside it, so ingestion goes on meanwhile. Activation swaps the model
// of this hub's ResolutionService; other hubs on the same database load it
// when they restart.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "hub/common/clock.h"
#include "hub/match/batch_cluster.h"
#include "hub/match/em_trainer.h"
#include "hub/service/resolution_service.h"
#include "hub/store/model_store.h"

namespace mdm::service {

// A model as stored plus its decoded parameters. Version 0 is the built-in
// hand-set model, which is never stored.
struct ModelView {
  StoredModel stored;
  match::ScoringModel model;
};

struct TrainParams {
  match::TrainingOptions options;
  bool activate = false;
  // Thresholds of the new model; unset: the ones of the model in use.
  std::optional<double> link_threshold;
  std::optional<double> review_threshold;
};

struct TrainedModel {
  ModelView view;
  match::TrainingReport report;
};

struct DiffParams {
  int64_t version = 0;  // 0: the model in use
  std::optional<double> link_threshold{};
};

struct ModelDiff {
  match::PartitionDiff diff;
  int64_t records = 0;
  int64_t customers_now = 0;
  int64_t customers_proposed = 0;
  double link_threshold = 0;
};

class ModelService {
 public:
  // `models`, `resolution` and `clock` must outlive the service.
  ModelService(ModelStore* models, ResolutionService* resolution,
               const Clock* clock)
      : models_(models), resolution_(resolution), clock_(clock) {}

  // The active stored model, decoded; nullopt when none was activated (the
  // hub then starts on the built-in model). For hub start.
  static absl::StatusOr<std::optional<match::ScoringModel>> LoadActive(
      ModelStore& models);

  absl::StatusOr<TrainedModel> Train(const TrainParams& params);
  // Version 0: the active model, or the built-in one when none is active.
  absl::StatusOr<ModelView> Get(int64_t version);
  absl::StatusOr<std::vector<StoredModel>> List();
  absl::StatusOr<ModelView> Activate(int64_t version);
  absl::StatusOr<ModelDiff> Diff(const DiffParams& params);

 private:
  ModelStore* const models_;
  ResolutionService* const resolution_;
  const Clock* const clock_;
};

}  // namespace mdm::service
