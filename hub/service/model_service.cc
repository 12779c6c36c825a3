#include "hub/service/model_service.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "hub/common/status_macros.h"
#include "hub/match/model_codec.h"

namespace mdm::service {
namespace {

absl::StatusOr<ModelView> Decode(StoredModel stored) {
  ASSIGN_OR_RETURN(match::ScoringModel model,
                   match::DecodeModel(stored.parameters));
  return ModelView{std::move(stored), std::move(model)};
}

std::vector<const normalize::RecordFeatures*> Pointers(
    const ResolutionService::TrainingData& data) {
  std::vector<const normalize::RecordFeatures*> out;
  out.reserve(data.features.size());
  for (const auto& f : data.features) out.push_back(&f);
  return out;
}

}  // namespace

absl::StatusOr<std::optional<match::ScoringModel>> ModelService::LoadActive(
    ModelStore& models) {
  ASSIGN_OR_RETURN(std::optional<StoredModel> active, models.Active());
  if (!active) return std::nullopt;
  absl::StatusOr<match::ScoringModel> m =
      match::DecodeModel(active->parameters);
  if (!m.ok()) {
    return absl::DataLossError(absl::StrCat("active model ", active->version,
                                            ": ", m.status().message()));
  }
  return *std::move(m);
}

absl::StatusOr<TrainedModel> ModelService::Train(const TrainParams& params) {
  const ResolutionService::TrainingData data =
      resolution_->SnapshotForTraining();
  match::ScoringModel start = *resolution_->model();
  if (params.link_threshold) start.link_threshold = *params.link_threshold;
  if (params.review_threshold) {
    start.review_threshold = *params.review_threshold;
  }
  if (start.review_threshold > start.link_threshold) {
    return absl::InvalidArgumentError(
        "review_threshold must not exceed link_threshold");
  }
  // Thresholds the caller chose win over those the trained prior would set.
  match::TrainingOptions options = params.options;
  if (params.link_threshold || params.review_threshold) {
    options.link_probability = std::nullopt;
  }
  ASSIGN_OR_RETURN(match::TrainingReport report,
                   match::TrainModel(Pointers(data), data.tf, start, options));
  const std::string description = absl::StrFormat(
      "EM on %d records, %d candidate pairs, %d random pairs, seed %d, %d "
      "iterations%s",
      report.records, report.candidate_pairs, report.random_pairs,
      params.options.seed, report.iterations,
      report.converged ? "" : " (not converged)");
  StoredModel stored{.parameters = match::EncodeModel(report.model),
                     .description = description,
                     .created_at_us = clock_->NowMicros()};
  ASSIGN_OR_RETURN(stored.version,
                   models_->Add(stored.parameters, stored.description,
                                stored.created_at_us));
  TrainedModel out{ModelView{std::move(stored), report.model},
                   std::move(report)};
  if (params.activate) {
    ASSIGN_OR_RETURN(out.view, Activate(out.view.stored.version));
  }
  return out;
}

absl::StatusOr<ModelView> ModelService::Get(int64_t version) {
  if (version == 0) {
    ASSIGN_OR_RETURN(std::optional<StoredModel> active, models_->Active());
    if (!active) {
      return ModelView{
          StoredModel{.description = "built-in hand-set model", .active = true},
          match::ScoringModel{}};
    }
    return Decode(*std::move(active));
  }
  ASSIGN_OR_RETURN(std::optional<StoredModel> stored, models_->Get(version));
  if (!stored) return absl::NotFoundError(absl::StrCat("no model ", version));
  return Decode(*std::move(stored));
}

absl::StatusOr<std::vector<StoredModel>> ModelService::List() {
  return models_->List();
}

absl::StatusOr<ModelView> ModelService::Activate(int64_t version) {
  ASSIGN_OR_RETURN(ModelView view, Get(version));
  if (version == 0) return view;  // already in force
  RETURN_IF_ERROR(models_->Activate(version));
  view.stored.active = true;
  resolution_->SetModel(
      std::make_shared<const match::ScoringModel>(view.model));
  return view;
}

absl::StatusOr<ModelDiff> ModelService::Diff(const DiffParams& params) {
  match::ScoringModel model;
  if (params.version == 0) {
    model = *resolution_->model();
  } else {
    ASSIGN_OR_RETURN(ModelView view, Get(params.version));
    model = std::move(view.model);
  }
  if (params.link_threshold) model.link_threshold = *params.link_threshold;
  const ResolutionService::TrainingData data =
      resolution_->SnapshotForTraining();
  const std::vector<uint32_t> labels =
      match::ClusterAll(Pointers(data), model, {});
  ModelDiff out;
  out.diff = match::DiffPartitions(data.golden_ids, labels);
  out.records = static_cast<int64_t>(labels.size());
  out.customers_now = static_cast<int64_t>(
      std::set<std::string>(data.golden_ids.begin(), data.golden_ids.end())
          .size());
  out.customers_proposed = static_cast<int64_t>(
      std::set<uint32_t>(labels.begin(), labels.end()).size());
  out.link_threshold = model.link_threshold;
  return out;
}

}  // namespace mdm::service
