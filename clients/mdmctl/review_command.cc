// `mdmctl review list`: the open review tasks, best score first.
#include "absl/strings/str_format.h"
#include "clients/mdmctl/commands.h"
#include "clients/mdmctl/golden_view.h"
#include "clients/mdmctl/json_output.h"

namespace mdm::ctl {

int RunReviewList(const CommandContext& ctx, const ReviewListOptions& options) {
  mdm::v1::ListReviewTasksRequest request;
  request.set_page_size(options.page_size);
  request.set_page_token(options.page_token);
  mdm::v1::ListReviewTasksResponse response;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status = ctx.stub->ListReviewTasks(&context, request, &response);
  if (!status.ok()) return ctx.Fail(status);

  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, response);
    return kExitOk;
  }
  Table table({"score", "probability", "source", "source_record_id",
               "record_golden_id", "candidate_golden_id", "raised"});
  for (const mdm::v1::ReviewTask& t : response.tasks()) {
    table.AddRow({absl::StrFormat("%.2f", t.score()),
                  absl::StrFormat("%.4f", t.probability()), t.source(),
                  t.source_record_id(), t.record_golden_id(),
                  t.candidate_golden_id(), FormatTimestamp(t.create_time())});
  }
  table.Print(*ctx.out);
  if (!response.next_page_token().empty()) {
    *ctx.out << "\nnext page token: " << response.next_page_token() << '\n';
  }
  return kExitOk;
}

}  // namespace mdm::ctl
