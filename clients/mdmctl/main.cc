// mdmctl: admin CLI of the customer master-data hub. This file only parses
// flags (CLI11) and wires them to the command functions in commands.h.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/credentials/channel_credentials.h"
#include "clients/mdmctl/command_context.h"
#include "clients/mdmctl/commands.h"
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
  mdm::client::ClientSecurity security;
  std::string token_file;
  app.add_option("--ca", security.ca_file,
                 "CA of the hub's TLS certificate (PEM); enables TLS");
  app.add_option("--cert", security.cert_file,
                 "Client certificate (PEM) for mutual TLS");
  app.add_option("--key", security.key_file, "Private key of --cert (PEM)");
  app.add_option("--token-file", token_file,
                 "File holding the bearer token (default: env MDM_TOKEN)");

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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help exits 0; every usage error exits kExitFailure.
    return app.exit(e) == 0 ? mdm::ctl::kExitOk : mdm::ctl::kExitFailure;
  }

  absl::StatusOr<std::string> token = mdm::client::LoadToken(token_file);
  if (token.ok()) security.token = *token;
  auto credentials =
      token.ok() ? mdm::client::ChannelCredentials(security) : token.status();
  if (!credentials.ok()) {
    std::cerr << "error: " << credentials.status().message() << "\n";
    return mdm::ctl::kExitFailure;
  }
  auto channel = grpc::CreateChannel(hub, *credentials);
  auto stub = mdm::v1::CustomerHub::NewStub(channel);
  auto connectors = mdm::v1::Connectors::NewStub(channel);
  auto admin = mdm::v1::Admin::NewStub(channel);
  mdm::ctl::CommandContext ctx;
  ctx.stub = stub.get();
  ctx.connectors = connectors.get();
  ctx.admin = admin.get();
  ctx.format = output == "json" ? OutputFormat::kJson : OutputFormat::kTable;
  ctx.timeout =
      std::chrono::milliseconds(static_cast<int64_t>(timeout_seconds * 1000));
  ctx.out = &std::cout;
  ctx.err = &std::cerr;

  int code = mdm::ctl::kExitFailure;
  if (*import_cmd) {
    import_options.show_progress = isatty(STDERR_FILENO) != 0;
    code = mdm::ctl::RunImportFile(ctx, import_options, import_path);
  } else if (*get_cmd) {
    code = mdm::ctl::RunGet(ctx, golden_id, list_records);
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
  } else if (*export_xref_cmd) {
    code = mdm::ctl::RunExportXref(ctx);
  } else if (*connectors_list_cmd) {
    code = mdm::ctl::RunConnectorsList(ctx);
  } else if (*connectors_status_cmd) {
    code = mdm::ctl::RunConnectorStatus(ctx, connector_id);
  } else if (*audit_cmd) {
    code = mdm::ctl::RunAudit(ctx, audit);
  }
  std::cout.flush();
  return code;
}
