// mdmctl: admin CLI of the customer master-data hub. This file only parses
// flags (CLI11) and wires them to the command functions in commands.h.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/credentials/credential_flags.h"
#include "clients/mdmctl/command_context.h"
#include "clients/mdmctl/commands.h"
#include "clients/mdmctl/insight_cli.h"
#include "clients/mdmctl/lifecycle_commands.h"
#include "clients/mdmctl/steward_commands.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace {

std::string DefaultHub() {
  const char* env = std::getenv("MDM_HUB");
  return env != nullptr && *env != '\0' ? env : "127.0.0.1:50051";
}

}  // namespace

int main(int argc, char** argv) {
  using mdm::ctl::OutputFormat;

  CLI::App app{"Admin CLI of the customer master-data hub", "mdmctl"};
  app.require_subcommand(1);
  app.fallthrough();  // global flags may follow the subcommand

  std::string hub = DefaultHub();
  std::string output = "table";
  double timeout_seconds = 30;
  app.add_option("--hub", hub, "Hub address HOST:PORT (env MDM_HUB)")
      ->capture_default_str();
  app.add_option("-o,--output", output, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  app.add_option("--timeout", timeout_seconds,
                 "Deadline of each call in seconds; for import, the longest "
                 "wait for a batch answer (0: none)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  mdm::client::CredentialFlags credential_flags;
  mdm::client::AddCredentialFlags(app, "--token-file", &credential_flags);

  mdm::ctl::ImportOptions import_options;
  std::string import_path;
  CLI::App* import_cmd =
      app.add_subcommand("import", "Import a canonical customer CSV");
  import_cmd->add_option("--source", import_options.source, "Source system")
      ->required();
  import_cmd
      ->add_option("--batch-size", import_options.batch_size,
                   "Records per batch")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  import_options.max_retries = 5;
  import_cmd
      ->add_option("--retries", import_options.max_retries,
                   "Times a stream the hub fails with UNAVAILABLE or ABORTED "
                   "is reopened, unacknowledged batches sent again (safe: "
                   "ingestion is idempotent); 0: fail at once")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  import_cmd->add_option("FILE", import_path, "CSV file ('-' for stdin)")
      ->required();

  std::string golden_id;
  bool list_records = false;
  CLI::App* get_cmd = app.add_subcommand("get", "Show a golden record");
  get_cmd->add_option("GOLDEN_ID", golden_id)->required();
  get_cmd->add_flag("--records", list_records, "Also list its source records");
  std::string as_of;
  get_cmd->add_option("--as-of", as_of,
                      "ISO 8601 time: the record as it stood then");

  std::string xref_source, xref_id;
  CLI::App* xref_cmd =
      app.add_subcommand("xref", "Golden id of a source record");
  xref_cmd->add_option("SOURCE", xref_source)->required();
  xref_cmd->add_option("SOURCE_RECORD_ID", xref_id)->required();

  mdm::ctl::ResolveOptions resolve;
  CLI::App* resolve_cmd = app.add_subcommand(
      "resolve", "Which customers do these attributes match?");
  resolve_cmd->add_option("--name", resolve.name);
  resolve_cmd->add_option("--national-id", resolve.national_id);
  resolve_cmd->add_option("--birth-date", resolve.birth_date);
  resolve_cmd->add_option("--phone", resolve.phones, "Repeatable");
  resolve_cmd->add_option("--email", resolve.emails, "Repeatable");
  resolve_cmd->add_option("--kind", resolve.kind, "person or organization");
  resolve_cmd
      ->add_option("--max", resolve.max_candidates,
                   "Most candidates to return (hub default 5)")
      ->check(CLI::Range(1, 100));

  mdm::ctl::SearchOptions search;
  CLI::App* search_cmd = app.add_subcommand("search", "Find customers");
  search_cmd->add_option("--name", search.name);
  search_cmd->add_option("--phone", search.phone);
  search_cmd->add_option("--email", search.email);
  search_cmd->add_option("--id", search.national_id, "National id");
  search_cmd->add_option("--golden-id", search.golden_id);
  search_cmd->add_option("--page-size", search.page_size)
      ->check(CLI::Range(1, 200));
  search_cmd->add_option("--page-token", search.page_token);

  mdm::ctl::ExplainOptions explain;
  CLI::App* explain_cmd = app.add_subcommand(
      "explain", "Why a record matches another record or a customer");
  explain_cmd->add_option("SOURCE", explain.source)->required();
  explain_cmd->add_option("SOURCE_RECORD_ID", explain.source_record_id)
      ->required();
  CLI::Option* with_source =
      explain_cmd->add_option("--with-source", explain.with_source);
  CLI::Option* with_id = explain_cmd->add_option("--with-id", explain.with_id);
  CLI::Option* with_golden =
      explain_cmd->add_option("--with-golden", explain.with_golden_id,
                              "A golden id: compare with its best member");
  with_source->needs(with_id);
  with_id->needs(with_source);
  with_golden->excludes(with_source)->excludes(with_id);
  explain_cmd->callback([&] {
    if (explain.with_golden_id.empty() && explain.with_id.empty()) {
      throw CLI::ValidationError(
          "explain", "give --with-source and --with-id, or --with-golden");
    }
  });

  CLI::App* review_cmd =
      app.add_subcommand("review", "Doubtful pairs awaiting a steward");
  review_cmd->require_subcommand(1);
  mdm::ctl::ReviewListOptions review_list;
  CLI::App* review_list_cmd =
      review_cmd->add_subcommand("list", "Open review tasks, best score first");
  review_list_cmd->add_option("--page-size", review_list.page_size)
      ->check(CLI::Range(1, 1000));
  review_list_cmd->add_option("--page-token", review_list.page_token);
  // Every steward action takes --reason, --author and --request-id.
  auto steward_flags = [](CLI::App* cmd, mdm::ctl::StewardFlags* flags) {
    cmd->add_option("--reason", flags->reason, "Why (stored with it)");
    cmd->add_option("--author", flags->author, "Who decides");
    cmd->add_option("--request-id", flags->request_id,
                    "Idempotency key: a retry with it changes nothing");
  };
  std::string task_id;
  mdm::ctl::StewardFlags review_flags;
  CLI::App* review_accept_cmd = review_cmd->add_subcommand(
      "accept", "Link: merge the record's customer with the candidate");
  CLI::App* review_reject_cmd = review_cmd->add_subcommand(
      "reject", "Keep apart: cannot-link the record from the candidate");
  for (CLI::App* cmd : {review_accept_cmd, review_reject_cmd}) {
    cmd->add_option("TASK_ID", task_id, "From `review list`")->required();
    steward_flags(cmd, &review_flags);
  }

  mdm::ctl::MergeOptions merge;
  CLI::App* merge_cmd = app.add_subcommand(
      "merge", "Merge customers into a survivor (must-links them)");
  merge_cmd->add_option("SURVIVOR", merge.survivor)->required();
  merge_cmd->add_option("OTHERS", merge.others)->required();
  merge_cmd->add_option("--etag", merge.etags,
                        "GOLDEN_ID=ETAG expected (stale: ABORTED)");
  steward_flags(merge_cmd, &merge.steward);

  mdm::ctl::SplitOptions split;
  CLI::App* split_cmd = app.add_subcommand(
      "split", "Move records out of a customer into a new one");
  split_cmd->add_option("GOLDEN_ID", split.golden_id)->required();
  split_cmd->add_option("--record", split.records, "SOURCE/SOURCE_RECORD_ID")
      ->required();
  split_cmd->add_option("--etag", split.etag, "Expected etag");
  steward_flags(split_cmd, &split.steward);

  CLI::App* dead_cmd = app.add_subcommand("dead", "Dead-record registry");
  dead_cmd->require_subcommand(1);
  mdm::ctl::DeadMarkOptions dead_mark;
  CLI::App* dead_mark_cmd =
      dead_cmd->add_subcommand("mark", "Declare a customer (or record) dead");
  dead_mark_cmd->add_option("GOLDEN_ID", dead_mark.golden_id);
  dead_mark_cmd->add_option("--record", dead_mark.record,
                            "SOURCE/SOURCE_RECORD_ID instead of a customer");
  dead_mark_cmd
      ->add_option("--why", dead_mark.why,
                   "deceased|dissolved|fraud|unreachable|invalid_data")
      ->required();
  steward_flags(dead_mark_cmd, &dead_mark.steward);
  CLI::App* dead_list_cmd = dead_cmd->add_subcommand("list", "Dead customers");
  std::string revive_id;
  mdm::ctl::StewardFlags revive_flags;
  CLI::App* dead_revive_cmd =
      dead_cmd->add_subcommand("revive", "Take a customer off the registry");
  dead_revive_cmd->add_option("GOLDEN_ID", revive_id)->required();
  steward_flags(dead_revive_cmd, &revive_flags);

  CLI::App* quarantine_cmd =
      app.add_subcommand("quarantine", "Records held back by the registry");
  quarantine_cmd->require_subcommand(1);
  CLI::App* quarantine_list_cmd = quarantine_cmd->add_subcommand(
      "list", "Records that resolved to a dead customer");

  std::string lifecycle_id;
  CLI::App* history_cmd =
      app.add_subcommand("history", "Every version of a golden record");
  history_cmd->add_option("GOLDEN_ID", lifecycle_id)->required();
  int64_t watch_from = 0;
  int64_t watch_max = 0;
  CLI::App* watch_cmd = app.add_subcommand(
      "watch", "Follow the change feed (resumable with --from)");
  watch_cmd->add_option("--from", watch_from,
                        "Last sequence already seen (0: from the start)");
  watch_cmd->add_option("--max", watch_max, "Stop after N events (0: never)");
  int conflicts_page_size = 50;
  std::string conflicts_page_token;
  CLI::App* conflicts_cmd =
      app.add_subcommand("conflicts", "Attributes on which sources disagree");
  conflicts_cmd->add_option("--page-size", conflicts_page_size)
      ->check(CLI::Range(1, 500));
  conflicts_cmd->add_option("--page-token", conflicts_page_token);
  CLI::App* explain_golden_cmd = app.add_subcommand(
      "explain-golden", "Why records are one customer and why values won");
  explain_golden_cmd->add_option("GOLDEN_ID", lifecycle_id)->required();
  CLI::App* rules_cmd = app.add_subcommand("rules", "Survivorship rules");
  rules_cmd->require_subcommand(1);
  CLI::App* rules_get_cmd =
      rules_cmd->add_subcommand("get", "Print the rules in force (JSON)");
  std::string rules_path;
  CLI::App* rules_set_cmd =
      rules_cmd->add_subcommand("set", "Put the rules of a JSON file in force");
  rules_set_cmd->add_option("FILE", rules_path)->required();

  CLI::App* export_cmd = app.add_subcommand("export", "Export data as CSV");
  export_cmd->require_subcommand(1);
  CLI::App* export_xref_cmd =
      export_cmd->add_subcommand("xref", "source,source_record_id,golden_id");

  CLI::App* connectors_cmd =
      app.add_subcommand("connectors", "Department connectors");
  connectors_cmd->require_subcommand(1);
  CLI::App* connectors_list_cmd = connectors_cmd->add_subcommand(
      "list", "Every connector: checkpoint, lag, counters, last error");
  std::string connector_id;
  CLI::App* connectors_status_cmd =
      connectors_cmd->add_subcommand("status", "One connector in full");
  connectors_status_cmd->add_option("ID", connector_id)->required();
  mdm::ctl::AuditOptions audit;
  CLI::App* audit_cmd = app.add_subcommand(
      "audit", "The audit trail of mutating calls (admin role)");
  audit_cmd->add_option("--principal", audit.principal,
                        "Only this principal, e.g. token:alice");
  audit_cmd->add_option("--method", audit.method,
                        "Only this method, e.g. CustomerHub/UpsertRecord");
  audit_cmd->add_option("--since", audit.since, "From this ISO 8601 time");
  audit_cmd->add_option("--until", audit.until,
                        "Before this ISO 8601 time (exclusive)");

  CLI::App* admin_cmd = app.add_subcommand("admin", "Operate the hub's store");
  admin_cmd->require_subcommand(1);
  CLI::App* admin_check_cmd = admin_cmd->add_subcommand(
      "check", "Integrity check of the store and the hub's invariants");
  mdm::ctl::AdminBackupOptions backup;
  CLI::App* admin_backup_cmd = admin_cmd->add_subcommand(
      "backup", "Write a consistent snapshot of the store to a local file");
  admin_backup_cmd->add_option("FILE", backup.path)->required();
  admin_backup_cmd->add_option(
      "--key-file", backup.key_file,
      "Encrypt (AES-256-GCM) under the secret in this file (16+ bytes)");
  mdm::ctl::AdminRestoreOptions restore;
  CLI::App* admin_restore_cmd = admin_cmd->add_subcommand(
      "restore",
      "Offline: turn a backup into a checked database file a hub can start "
      "on (--store sqlite:PATH)");
  admin_restore_cmd->add_option("BACKUP", restore.backup)->required();
  admin_restore_cmd->add_option("--to", restore.to, "Database file to create")
      ->required();
  admin_restore_cmd->add_option("--key-file", restore.key_file,
                                "The backup's key file, if encrypted");
  mdm::ctl::InsightCli insight_cli;
  insight_cli.Add(app);
  CLI::App* model_cmd = app.add_subcommand("model", "Match models");
  model_cmd->require_subcommand(1);
  mdm::ctl::ModelTrainOptions train;
  CLI::App* model_train_cmd = model_cmd->add_subcommand(
      "train", "Estimate a model from the stored records (EM, no labels)");
  model_train_cmd->add_option("--seed", train.seed);
  model_train_cmd->add_option("--random-pairs", train.random_pairs);
  model_train_cmd->add_flag("--activate", train.activate,
                            "make it the model decisions use");
  model_train_cmd->add_option("--link-threshold", train.link_threshold);
  model_train_cmd->add_option("--review-threshold", train.review_threshold);
  int64_t model_version = 0;
  CLI::App* model_show_cmd = model_cmd->add_subcommand(
      "show", "A model's thresholds and weights (default: the active one)");
  model_show_cmd->add_option("VERSION", model_version);
  CLI::App* model_list_cmd =
      model_cmd->add_subcommand("list", "Every stored model, newest first");
  CLI::App* model_activate_cmd =
      model_cmd->add_subcommand("activate", "Make a stored model active");
  model_activate_cmd->add_option("VERSION", model_version)->required();
  mdm::ctl::ModelDiffOptions diff;
  CLI::App* model_diff_cmd = model_cmd->add_subcommand(
      "diff", "Which customers a model or threshold would merge or split");
  model_diff_cmd->add_option("VERSION", diff.version,
                             "stored model (default: the one in use)");
  model_diff_cmd->add_option("--link-threshold", diff.link_threshold);
  model_diff_cmd->add_option("--max-listed", diff.max_listed);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help exits 0; every usage error exits kExitFailure.
    return app.exit(e) == 0 ? mdm::ctl::kExitOk : mdm::ctl::kExitFailure;
  }

  auto credentials = mdm::client::CredentialsFromFlags(credential_flags);
  if (!credentials.ok()) {
    std::cerr << "error: " << credentials.status().message() << "\n";
    return mdm::ctl::kExitFailure;
  }
  auto channel = grpc::CreateChannel(hub, *credentials);
  auto stub = mdm::v1::CustomerHub::NewStub(channel);
  auto connectors = mdm::v1::Connectors::NewStub(channel);
  auto admin = mdm::v1::Admin::NewStub(channel);
  auto insight = mdm::v1::Insight::NewStub(channel);
  auto facts = mdm::v1::Facts::NewStub(channel);
  mdm::ctl::CommandContext ctx;
  ctx.stub = stub.get();
  ctx.connectors = connectors.get();
  ctx.admin = admin.get();
  ctx.insight = insight.get();
  ctx.facts = facts.get();
  auto stewardship = mdm::v1::Stewardship::NewStub(channel);
  ctx.stewardship = stewardship.get();
  auto lifecycle = mdm::v1::GoldenLifecycle::NewStub(channel);
  ctx.lifecycle = lifecycle.get();
  ctx.format = output == "json" ? OutputFormat::kJson : OutputFormat::kTable;
  ctx.timeout =
      std::chrono::milliseconds(static_cast<int64_t>(timeout_seconds * 1000));
  ctx.out = &std::cout;
  ctx.err = &std::cerr;

  int code = mdm::ctl::kExitFailure;
  if (insight_cli.Run(ctx, &code)) {
    // an insight or import-facts subcommand
  } else if (*import_cmd) {
    import_options.show_progress = isatty(STDERR_FILENO) != 0;
    code = mdm::ctl::RunImportFile(ctx, import_options, import_path);
  } else if (*get_cmd) {
    code = mdm::ctl::RunGet(ctx, golden_id, list_records, as_of);
  } else if (*xref_cmd) {
    code = mdm::ctl::RunXref(ctx, xref_source, xref_id);
  } else if (*resolve_cmd) {
    code = mdm::ctl::RunResolve(ctx, resolve);
  } else if (*search_cmd) {
    code = mdm::ctl::RunSearch(ctx, search);
  } else if (*explain_cmd) {
    code = mdm::ctl::RunExplain(ctx, explain);
  } else if (*review_list_cmd) {
    code = mdm::ctl::RunReviewList(ctx, review_list);
  } else if (*review_accept_cmd || *review_reject_cmd) {
    code = mdm::ctl::RunReviewDecision(ctx, review_accept_cmd->parsed(),
                                       task_id, review_flags);
  } else if (*merge_cmd) {
    code = mdm::ctl::RunMerge(ctx, merge);
  } else if (*split_cmd) {
    code = mdm::ctl::RunSplit(ctx, split);
  } else if (*dead_mark_cmd) {
    code = mdm::ctl::RunDeadMark(ctx, dead_mark);
  } else if (*dead_list_cmd) {
    code = mdm::ctl::RunDeadList(ctx);
  } else if (*dead_revive_cmd) {
    code = mdm::ctl::RunDeadRevive(ctx, revive_id, revive_flags);
  } else if (*quarantine_list_cmd) {
    code = mdm::ctl::RunQuarantineList(ctx);
  } else if (*history_cmd) {
    code = mdm::ctl::RunHistory(ctx, lifecycle_id);
  } else if (*watch_cmd) {
    code = mdm::ctl::RunWatch(ctx, watch_from, watch_max);
  } else if (*conflicts_cmd) {
    code =
        mdm::ctl::RunConflicts(ctx, conflicts_page_size, conflicts_page_token);
  } else if (*explain_golden_cmd) {
    code = mdm::ctl::RunExplainGolden(ctx, lifecycle_id);
  } else if (*rules_get_cmd) {
    code = mdm::ctl::RunRulesGet(ctx);
  } else if (*rules_set_cmd) {
    code = mdm::ctl::RunRulesSet(ctx, rules_path);
  } else if (*export_xref_cmd) {
    code = mdm::ctl::RunExportXref(ctx);
  } else if (*connectors_list_cmd) {
    code = mdm::ctl::RunConnectorsList(ctx);
  } else if (*connectors_status_cmd) {
    code = mdm::ctl::RunConnectorStatus(ctx, connector_id);
  } else if (*admin_check_cmd) {
    code = mdm::ctl::RunAdminCheck(ctx);
  } else if (*admin_backup_cmd) {
    code = mdm::ctl::RunAdminBackup(ctx, backup);
  } else if (*admin_restore_cmd) {
    code = mdm::ctl::RunAdminRestore(ctx, restore);
  } else if (*model_train_cmd) {
    code = mdm::ctl::RunModelTrain(ctx, train);
  } else if (*model_show_cmd) {
    code = mdm::ctl::RunModelShow(ctx, model_version);
  } else if (*model_list_cmd) {
    code = mdm::ctl::RunModelList(ctx);
  } else if (*model_activate_cmd) {
    code = mdm::ctl::RunModelActivate(ctx, model_version);
  } else if (*model_diff_cmd) {
    code = mdm::ctl::RunModelDiff(ctx, diff);
  } else if (*audit_cmd) {
    code = mdm::ctl::RunAudit(ctx, audit);
  }
  std::cout.flush();
  return code;
}
