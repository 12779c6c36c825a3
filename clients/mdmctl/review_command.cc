// `mdmctl review list`: the open review tasks, best score first, each with
// its task id (for `review accept|reject`) and the evidence behind it.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/mdmctl/commands.h"
#include "clients/mdmctl/golden_view.h"
#include "clients/mdmctl/json_output.h"

namespace mdm::ctl {
namespace {

// The comparisons that weighed most, either way: "name +8.1, phone -3.0".
std::string Evidence(const mdm::v1::ExplainMatchResponse& e) {
  std::vector<const mdm::v1::FieldScore*> fields;
  for (const auto& f : e.comparisons()) fields.push_back(&f);
  std::sort(fields.begin(), fields.end(), [](const auto* a, const auto* b) {
    return std::abs(a->weight()) > std::abs(b->weight());
  });
  std::vector<std::string> parts;
  for (size_t i = 0; i < fields.size() && i < 3; ++i) {
    parts.push_back(
        absl::StrFormat("%s %+.1f", fields[i]->field(), fields[i]->weight()));
  }
  return absl::StrJoin(parts, ", ");
}

}  // namespace

int RunReviewList(const CommandContext& ctx, const ReviewListOptions& options) {
  mdm::v1::ListReviewQueueRequest request;
  request.set_page_size(options.page_size);
  request.set_page_token(options.page_token);
  mdm::v1::ListReviewQueueResponse response;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status =
      ctx.stewardship->ListReviewQueue(&context, request, &response);
  if (!status.ok()) return ctx.Fail(status);

  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, response);
    return kExitOk;
  }
  Table table({"task_id", "score", "probability", "source", "source_record_id",
               "record_golden_id", "candidate_golden_id", "evidence",
               "raised"});
  for (const mdm::v1::ReviewQueueItem& item : response.items()) {
    const mdm::v1::ReviewTask& t = item.task();
    table.AddRow({item.task_id(), absl::StrFormat("%.2f", t.score()),
                  absl::StrFormat("%.4f", t.probability()), t.source(),
                  t.source_record_id(), t.record_golden_id(),
                  t.candidate_golden_id(), Evidence(item.explanation()),
                  FormatTimestamp(t.create_time())});
  }
  table.Print(*ctx.out);
  if (!response.next_page_token().empty()) {
    *ctx.out << "\nnext page token: " << response.next_page_token() << '\n';
  }
  return kExitOk;
}

}  // namespace mdm::ctl
