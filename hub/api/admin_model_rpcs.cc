#include "absl/strings/str_cat.h"
#include "hub/api/admin_service.h"
#include "hub/api/proto_convert.h"
#include "hub/api/unary_call.h"
#include "hub/common/errors.h"
#include "hub/common/status_macros.h"
#include "hub/match/model_params.h"

namespace mdm::api {
namespace {

void ToProto(const StoredModel& in, v1::Model* out) {
  out->set_version(in.version);
  out->set_active(in.active);
  MicrosToProto(in.created_at_us, out->mutable_create_time());
  out->set_description(in.description);
}

void ToProto(const service::ModelView& in, v1::Model* out) {
  ToProto(in.stored, out);
  const match::ScoringModel& m = in.model;
  out->set_link_threshold(m.link_threshold);
  out->set_review_threshold(m.review_threshold);
  out->set_prior_log2(m.prior_log2);
  for (const match::LevelParam& p : match::LevelParams()) {
    v1::ModelLevel* l = out->add_levels();
    l->set_field(p.field);
    l->set_level(p.level);
    l->set_weight(m.*(p.weight));
  }
  if (m.tf) {
    int64_t values = 0;
    for (int f = 0; f < match::kTfFieldCount; ++f) {
      values += static_cast<int64_t>(
          m.tf->Counts(static_cast<match::TfField>(f)).size());
    }
    out->set_term_frequency_values(values);
  }
}

// Random pairs are sampled one by one: an unbounded count would keep the
// model pool busy for ever (seen while writing hub_services_fuzz). 30 times
// the default is more than u estimates need on any store.
constexpr int64_t kMaxRandomPairs = 10'000'000;

}  // namespace

grpc::ServerUnaryReactor* AdminService::TrainModel(
    grpc::CallbackServerContext* ctx, const v1::TrainModelRequest* req,
    v1::TrainModelResponse* resp) {
  return Unary(ctx, &model_pool_, [this, req, resp]() -> absl::Status {
    if (req->random_pairs() < 0 || req->random_pairs() > kMaxRandomPairs) {
      return FieldError("random_pairs",
                        absl::StrCat("must be 0 to ", kMaxRandomPairs));
    }
    service::TrainParams params;
    if (req->seed() != 0) params.options.seed = req->seed();
    if (req->random_pairs() > 0) {
      params.options.random_pairs = req->random_pairs();
    }
    params.activate = req->activate();
    if (req->has_link_threshold()) {
      params.link_threshold = req->link_threshold();
    }
    if (req->has_review_threshold()) {
      params.review_threshold = req->review_threshold();
    }
    ASSIGN_OR_RETURN(service::TrainedModel t, models_->Train(params));
    ToProto(t.view, resp->mutable_model());
    for (int i = 0; i < resp->model().levels_size(); ++i) {
      v1::ModelLevel* l = resp->mutable_model()->mutable_levels(i);
      l->set_m(t.report.levels[i].m);
      l->set_u(t.report.levels[i].u);
    }
    resp->set_iterations(t.report.iterations);
    resp->set_converged(t.report.converged);
    resp->set_match_share(t.report.match_share);
    resp->set_records(t.report.records);
    resp->set_candidate_pairs(t.report.candidate_pairs);
    resp->set_random_pairs(t.report.random_pairs);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminService::GetModel(
    grpc::CallbackServerContext* ctx, const v1::GetModelRequest* req,
    v1::Model* resp) {
  return Unary(ctx, &model_pool_, [this, req, resp]() -> absl::Status {
    absl::StatusOr<service::ModelView> v = models_->Get(req->version());
    if (!v.ok()) return WithField(v.status(), "version");
    ToProto(*v, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminService::ListModels(
    grpc::CallbackServerContext* ctx, const v1::ListModelsRequest* /*req*/,
    v1::ListModelsResponse* resp) {
  return Unary(ctx, &model_pool_, [this, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<StoredModel> all, models_->List());
    for (const StoredModel& m : all) ToProto(m, resp->add_models());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminService::ActivateModel(
    grpc::CallbackServerContext* ctx, const v1::ActivateModelRequest* req,
    v1::Model* resp) {
  return Unary(ctx, &model_pool_, [this, req, resp]() -> absl::Status {
    if (req->version() <= 0) return FieldError("version", "required");
    absl::StatusOr<service::ModelView> v = models_->Activate(req->version());
    if (!v.ok()) return WithField(v.status(), "version");
    ToProto(*v, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminService::DiffModel(
    grpc::CallbackServerContext* ctx, const v1::DiffModelRequest* req,
    v1::DiffModelResponse* resp) {
  return Unary(ctx, &model_pool_, [this, req, resp]() -> absl::Status {
    if (req->max_listed() < 0) {
      return FieldError("max_listed", "must not be negative");
    }
    service::DiffParams params{.version = req->version()};
    if (req->has_link_threshold()) {
      params.link_threshold = req->link_threshold();
    }
    absl::StatusOr<service::ModelDiff> d = models_->Diff(params);
    if (!d.ok()) return WithField(d.status(), "version");
    const size_t max = req->max_listed() == 0 ? 100 : req->max_listed();
    resp->set_records(d->records);
    resp->set_customers_now(d->customers_now);
    resp->set_customers_proposed(d->customers_proposed);
    resp->set_merge_count(static_cast<int64_t>(d->diff.merges.size()));
    resp->set_split_count(static_cast<int64_t>(d->diff.splits.size()));
    resp->set_records_moved(d->diff.records_moved);
    resp->set_link_threshold(d->link_threshold);
    for (size_t i = 0; i < d->diff.merges.size() && i < max; ++i) {
      v1::EntityMerge* m = resp->add_merges();
      for (const std::string& id : d->diff.merges[i]) m->add_golden_ids(id);
    }
    for (size_t i = 0; i < d->diff.splits.size() && i < max; ++i) {
      v1::EntitySplit* s = resp->add_splits();
      s->set_golden_id(d->diff.splits[i].first);
      s->set_parts(d->diff.splits[i].second);
    }
    return absl::OkStatus();
  });
}

}  // namespace mdm::api
