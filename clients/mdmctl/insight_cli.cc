#include "clients/mdmctl/insight_cli.h"

namespace mdm::ctl {

void InsightCli::Add(CLI::App& app) {
  profile_cmd_ = app.add_subcommand(
      "profile", "Customer 360: record, flags, scores, segments, credit");
  auto* by_id = profile_cmd_->add_option("GOLDEN_ID", profile_.golden_id);
  auto* by_phone = profile_cmd_->add_option("--phone", profile_.phone);
  auto* by_name = profile_cmd_->add_option("--name", profile_.name);
  by_id->excludes(by_phone)->excludes(by_name);
  by_phone->excludes(by_name);
  profile_cmd_->callback([this] {
    if (profile_.golden_id.empty() && profile_.phone.empty() &&
        profile_.name.empty()) {
      throw CLI::ValidationError("profile",
                                 "give GOLDEN_ID, --phone or --name");
    }
  });

  segment_cmd_ = app.add_subcommand("segment", "Customers in a segment");
  segment_cmd_
      ->add_option("SEGMENT", segment_.segment,
                   "key, potential, regular, temporary, high_value, "
                   "low_value, dissatisfied, frequent_buyer, churn_risk, "
                   "prospect")
      ->required();
  segment_cmd_->add_option("--page-size", segment_.page_size)
      ->check(CLI::Range(1, 500));
  segment_cmd_->add_option("--page-token", segment_.page_token);
  segment_cmd_->add_flag("--all", segment_.all, "Follow every page");

  flag_cmd_ = app.add_subcommand("flag", "Set or clear a steward flag");
  flag_cmd_->add_option("GOLDEN_ID", flag_.golden_id)->required();
  flag_cmd_->add_option("NAME", flag_.name, "e.g. blacklist")->required();
  flag_cmd_->add_option("VALUE", flag_.value, "e.g. true");
  flag_cmd_->add_flag("--clear", clear_flag_, "Remove the steward flag");
  flag_cmd_->add_option("--reason", flag_.reason);
  flag_cmd_->add_option("--by", flag_.set_by, "Who sets it");
  flag_cmd_->callback([this] {
    if (flag_.value.empty() != clear_flag_) {
      throw CLI::ValidationError("flag", "give VALUE or --clear");
    }
  });

  pareto_cmd_ =
      app.add_subcommand("pareto", "Which top share of customers brings 80%");
  pareto_cmd_->add_option("--top", pareto_max_, "Top ids to list")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();

  quality_cmd_ = app.add_subcommand("quality", "Data-quality report");
  quality_cmd_->add_flag("--snapshot", quality_.snapshot,
                         "Keep this report in the history");
  quality_cmd_->add_option("--html", quality_.html_path,
                           "Also write a self-contained HTML page");

  sample_cmd_ = app.add_subcommand(
      "sample", "Reproducible random sample of customers to inspect");
  sample_cmd_->add_option("--seed", seed_)->capture_default_str();
  sample_cmd_->add_option("--size", sample_size_)
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();

  verdict_cmd_ = app.add_subcommand("verdict", "Record an inspector's verdict");
  verdict_cmd_->add_option("--seed", verdict_.seed, "The sample's seed")
      ->required();
  verdict_cmd_->add_option("GOLDEN_ID", verdict_.golden_id)->required();
  verdict_cmd_->add_flag("--wrong", wrong_, "The golden record is wrong");
  verdict_cmd_->add_option("--note", verdict_.note);
  verdict_cmd_->add_option("--by", verdict_.inspector);

  inspection_cmd_ = app.add_subcommand(
      "inspection", "Error rate of a sample with its confidence interval");
  inspection_cmd_->add_option("--seed", seed_)->required();

  import_facts_cmd_ = app.add_subcommand(
      "import-facts", "Import a transaction or interaction CSV");
  import_facts_cmd_->add_option("--source", facts_source_)->required();
  import_facts_cmd_->add_option("FILE", facts_path_)->required();
}

bool InsightCli::Run(const CommandContext& ctx, int* code) const {
  if (*profile_cmd_) {
    *code = RunProfile(ctx, profile_);
  } else if (*segment_cmd_) {
    *code = RunSegment(ctx, segment_);
  } else if (*flag_cmd_) {
    *code = RunFlag(ctx, flag_);
  } else if (*pareto_cmd_) {
    *code = RunPareto(ctx, pareto_max_);
  } else if (*quality_cmd_) {
    *code = RunQuality(ctx, quality_);
  } else if (*sample_cmd_) {
    *code = RunSample(ctx, seed_, sample_size_);
  } else if (*verdict_cmd_) {
    VerdictOptions v = verdict_;
    v.correct = !wrong_;
    *code = RunVerdict(ctx, v);
  } else if (*inspection_cmd_) {
    *code = RunInspection(ctx, seed_);
  } else if (*import_facts_cmd_) {
    *code = RunImportFactsFile(ctx, facts_source_, facts_path_);
  } else {
    return false;
  }
  return true;
}

}  // namespace mdm::ctl
