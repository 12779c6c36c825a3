// `mdmctl audit [--principal P] [--method M] [--since T] [--until T]`.
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "clients/mdmctl/commands.h"
#include "clients/mdmctl/iso_time.h"
#include "clients/mdmctl/json_output.h"
#include "clients/mdmctl/table.h"

namespace mdm::ctl {
namespace {

// Sets `*out` from `text` unless it is empty; false (after telling the user)
// when it does not parse.
bool SetTime(const CommandContext& ctx, const char* flag,
             const std::string& text, google::protobuf::Timestamp* out) {
  if (text.empty()) return true;
  absl::StatusOr<ParsedTime> t = ParseIsoTimestamp(text);
  if (!t.ok()) {
    *ctx.err << "error: " << flag << ": " << t.status().message() << "\n";
    return false;
  }
  *out = t->timestamp;
  return true;
}

std::string TimeText(const google::protobuf::Timestamp& ts) {
  return absl::FormatTime(
      "%Y-%m-%dT%H:%M:%E3SZ",
      absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos()),
      absl::UTCTimeZone());
}

}  // namespace

int RunAudit(const CommandContext& ctx, const AuditOptions& options) {
  v1::ListAuditEventsRequest request;
  request.set_principal(options.principal);
  request.set_method(options.method);
  if (!SetTime(ctx, "--since", options.since, request.mutable_since()) ||
      !SetTime(ctx, "--until", options.until, request.mutable_until())) {
    return kExitFailure;
  }
  Table table(
      {"ID", "TIME", "PRINCIPAL", "METHOD", "REQUEST_ID", "TARGET", "OUTCOME"});
  do {
    v1::ListAuditEventsResponse response;
    grpc::ClientContext context;
    ctx.PrepareUnary(&context);
    grpc::Status status =
        ctx.admin->ListAuditEvents(&context, request, &response);
    if (!status.ok()) return ctx.Fail(status);
    for (const v1::AuditEvent& e : response.events()) {
      if (ctx.format == OutputFormat::kJson) {
        PrintJsonLine(*ctx.out, e);
      } else {
        table.AddRow({absl::StrCat(e.id()), TimeText(e.time()), e.principal(),
                      e.method(), e.request_id(),
                      e.target().empty() ? "-" : e.target(), e.code_name()});
      }
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  if (ctx.format == OutputFormat::kTable) table.Print(*ctx.out);
  return kExitOk;
}

}  // namespace mdm::ctl
