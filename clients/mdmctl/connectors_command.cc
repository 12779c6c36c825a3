// `mdmctl connectors list` and `mdmctl connectors status ID`.
#include <cctype>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "clients/mdmctl/commands.h"
#include "clients/mdmctl/json_output.h"
#include "clients/mdmctl/table.h"

namespace mdm::ctl {
namespace {

std::string TimeText(const google::protobuf::Timestamp& ts) {
  if (ts.seconds() == 0 && ts.nanos() == 0) return "-";
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                          absl::FromUnixSeconds(ts.seconds()),
                          absl::UTCTimeZone());
}

// Checkpoints are opaque bytes; most connectors write JSON. Text is shown as
// it is, anything else in hex.
std::string PositionText(const std::string& position) {
  if (position.empty()) return "(start)";
  for (unsigned char c : position) {
    if (c < 0x20 || c == 0x7f) {
      std::string hex = "0x";
      for (unsigned char b : position) {
        absl::StrAppend(&hex, absl::Hex(b, absl::kZeroPad2));
      }
      return hex;
    }
  }
  return position;
}

std::vector<std::string> Row(const v1::Connector& c) {
  const v1::ConnectorCounters& n = c.counters();
  return {c.connector_id(),
          c.source(),
          absl::StrCat(c.checkpoint().generation()),
          TimeText(c.checkpoint().commit_time()),
          absl::StrCat(c.lag_ms()),
          absl::StrCat(n.records_read()),
          absl::StrCat(n.records_sent()),
          absl::StrCat(n.records_acknowledged()),
          absl::StrCat(n.records_rejected()),
          c.last_error().empty() ? "-" : c.last_error()};
}

const std::vector<std::string> kHeaders = {
    "ID",   "SOURCE", "GENERATION", "COMMITTED", "LAG_MS",
    "READ", "SENT",   "ACKED",      "REJECTED",  "LAST_ERROR"};

}  // namespace

int RunConnectorsList(const CommandContext& ctx) {
  Table table(kHeaders);
  v1::ListConnectorsRequest request;
  do {
    v1::ListConnectorsResponse response;
    grpc::ClientContext context;
    ctx.PrepareUnary(&context);
    grpc::Status status =
        ctx.connectors->ListConnectors(&context, request, &response);
    if (!status.ok()) return ctx.Fail(status);
    for (const v1::Connector& c : response.connectors()) {
      if (ctx.format == OutputFormat::kJson) {
        PrintJsonLine(*ctx.out, c);
      } else {
        table.AddRow(Row(c));
      }
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  if (ctx.format == OutputFormat::kTable) table.Print(*ctx.out);
  return kExitOk;
}

int RunConnectorStatus(const CommandContext& ctx, const std::string& id) {
  v1::GetConnectorRequest request;
  request.set_connector_id(id);
  v1::Connector c;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status = ctx.connectors->GetConnector(&context, request, &c);
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, c);
    return kExitOk;
  }
  const std::vector<std::string> row = Row(c);
  Table table({"FIELD", "VALUE"});
  for (size_t i = 0; i < kHeaders.size(); ++i) {
    table.AddRow({kHeaders[i], row[i]});
  }
  table.AddRow({"REGISTERED", TimeText(c.register_time())});
  table.AddRow({"LAST_ERROR_AT", TimeText(c.last_error_time())});
  table.AddRow({"CHECKPOINT", PositionText(c.checkpoint().position())});
  table.Print(*ctx.out);
  return kExitOk;
}

}  // namespace mdm::ctl
