// `mdmctl model train|show|list|activate|diff`: the Admin model RPCs.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "clients/mdmctl/commands.h"
#include "clients/mdmctl/json_output.h"
#include "clients/mdmctl/table.h"

namespace mdm::ctl {
namespace {

std::string Created(const v1::Model& m) {
  if (m.version() == 0) return "-";
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                          absl::FromUnixSeconds(m.create_time().seconds()),
                          absl::UTCTimeZone());
}

// The model's header and, when it has them, its level weights (with m and u
// when training just estimated them).
void PrintModel(std::ostream& out, const v1::Model& m) {
  out << "model " << m.version() << (m.active() ? " (active)" : "") << "  "
      << Created(m) << "\n"
      << m.description() << "\n"
      << absl::StrFormat(
             "link >= %.2f  review >= %.2f  prior %.2f (log2 odds)  "
             "term-frequency values %d\n\n",
             m.link_threshold(), m.review_threshold(), m.prior_log2(),
             m.term_frequency_values());
  const bool estimates = m.levels_size() > 0 && m.levels(0).u() > 0;
  Table table(
      estimates ? std::vector<std::string>{"FIELD", "LEVEL", "WEIGHT", "M", "U"}
                : std::vector<std::string>{"FIELD", "LEVEL", "WEIGHT"});
  for (const v1::ModelLevel& l : m.levels()) {
    std::vector<std::string> row = {l.field(), l.level(),
                                    absl::StrFormat("%+.2f", l.weight())};
    if (estimates) {
      row.push_back(absl::StrFormat("%.4g", l.m()));
      row.push_back(absl::StrFormat("%.4g", l.u()));
    }
    table.AddRow(std::move(row));
  }
  table.Print(out);
}

}  // namespace

int RunModelTrain(const CommandContext& ctx, const ModelTrainOptions& o) {
  v1::TrainModelRequest request;
  request.set_seed(o.seed);
  request.set_random_pairs(o.random_pairs);
  request.set_activate(o.activate);
  if (o.link_threshold) request.set_link_threshold(*o.link_threshold);
  if (o.review_threshold) request.set_review_threshold(*o.review_threshold);
  v1::TrainModelResponse response;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status = ctx.admin->TrainModel(&context, request, &response);
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, response);
    return kExitOk;
  }
  *ctx.out << absl::StrFormat(
      "trained on %d records: %d candidate pairs, %d random pairs, %d EM "
      "iterations%s, match share %.4f\n",
      response.records(), response.candidate_pairs(), response.random_pairs(),
      response.iterations(), response.converged() ? "" : " (not converged)",
      response.match_share());
  PrintModel(*ctx.out, response.model());
  return kExitOk;
}

int RunModelShow(const CommandContext& ctx, int64_t version) {
  v1::GetModelRequest request;
  request.set_version(version);
  v1::Model m;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status = ctx.admin->GetModel(&context, request, &m);
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, m);
  } else {
    PrintModel(*ctx.out, m);
  }
  return kExitOk;
}

int RunModelList(const CommandContext& ctx) {
  v1::ListModelsResponse response;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status =
      ctx.admin->ListModels(&context, v1::ListModelsRequest(), &response);
  if (!status.ok()) return ctx.Fail(status);
  Table table({"VERSION", "ACTIVE", "CREATED", "DESCRIPTION"});
  for (const v1::Model& m : response.models()) {
    if (ctx.format == OutputFormat::kJson) {
      PrintJsonLine(*ctx.out, m);
    } else {
      table.AddRow({absl::StrCat(m.version()), m.active() ? "*" : "",
                    Created(m), m.description()});
    }
  }
  if (ctx.format == OutputFormat::kTable) table.Print(*ctx.out);
  return kExitOk;
}

int RunModelActivate(const CommandContext& ctx, int64_t version) {
  v1::ActivateModelRequest request;
  request.set_version(version);
  v1::Model m;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status = ctx.admin->ActivateModel(&context, request, &m);
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, m);
  } else {
    *ctx.out << "model " << m.version() << " is active\n";
  }
  return kExitOk;
}

int RunModelDiff(const CommandContext& ctx, const ModelDiffOptions& o) {
  v1::DiffModelRequest request;
  request.set_version(o.version);
  if (o.link_threshold) request.set_link_threshold(*o.link_threshold);
  request.set_max_listed(o.max_listed);
  v1::DiffModelResponse r;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status = ctx.admin->DiffModel(&context, request, &r);
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, r);
    return kExitOk;
  }
  std::ostream& out = *ctx.out;
  out << absl::StrFormat(
      "%d records: %d customers now, %d with this model (link >= %.2f)\n"
      "%d merges, %d splits, %d records would move\n",
      r.records(), r.customers_now(), r.customers_proposed(),
      r.link_threshold(), r.merge_count(), r.split_count(), r.records_moved());
  for (const v1::EntityMerge& m : r.merges()) {
    out << "merge:";
    for (const std::string& id : m.golden_ids()) out << " " << id;
    out << "\n";
  }
  for (const v1::EntitySplit& s : r.splits()) {
    out << "split: " << s.golden_id() << " into " << s.parts() << "\n";
  }
  return kExitOk;
}

}  // namespace mdm::ctl
