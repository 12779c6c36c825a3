// `mdmctl resolve --name ... [--max N]`.
#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "clients/mdmctl/commands.h"
#include "clients/mdmctl/json_output.h"
#include "clients/mdmctl/row_issue.h"
#include "clients/mdmctl/table.h"

namespace mdm::ctl {

int RunResolve(const CommandContext& ctx, const ResolveOptions& options) {
  mdm::v1::ResolveIdentityRequest request;
  mdm::v1::SourceRecord& record = *request.mutable_record();
  const std::string kind = absl::AsciiStrToLower(options.kind);
  if (kind == "organization") {
    record.set_kind(mdm::v1::ORGANIZATION);
  } else if (kind.empty() || kind == "person") {
    record.set_kind(mdm::v1::PERSON);
  } else {
    *ctx.err << "error: --kind must be person or organization (" << options.kind
             << ")\n";
    return kExitFailure;
  }
  record.set_name(options.name);
  record.set_national_id(options.national_id);
  record.set_birth_date(options.birth_date);
  for (const std::string& phone : options.phones) record.add_phones(phone);
  for (const std::string& email : options.emails) record.add_emails(email);
  request.set_max_candidates(options.max_candidates);

  mdm::v1::ResolveIdentityResponse response;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status = ctx.stub->ResolveIdentity(&context, request, &response);
  if (!status.ok()) return ctx.Fail(status);

  for (const mdm::v1::FieldWarning& w : response.warnings()) {
    *ctx.err << "warning: " << w.field() << ": " << w.reason() << " ("
             << w.value() << ")\n";
  }
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, response);
    return kExitOk;
  }
  Table candidates({"golden_id", "score", "probability", "decision", "name"});
  for (const mdm::v1::Candidate& c : response.candidates()) {
    candidates.AddRow({c.golden_id(), absl::StrFormat("%.2f", c.score()),
                       absl::StrFormat("%.4f", c.match_probability()),
                       c.decision(), c.golden_record().full_name().value()});
  }
  candidates.Print(*ctx.out);
  for (const mdm::v1::Candidate& c : response.candidates()) {
    *ctx.out << "\nfield scores of " << c.golden_id() << ":\n";
    Table scores({"field", "level", "weight"});
    for (const mdm::v1::FieldScore& f : c.field_scores()) {
      scores.AddRow(
          {f.field(), f.level(), absl::StrFormat("%+.2f", f.weight())});
    }
    scores.Print(*ctx.out);
  }
  return kExitOk;
}

}  // namespace mdm::ctl
