// `mdmctl merge|split|review accept|reject|dead mark|list|revive|quarantine
// list`: the Stewardship service.
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "clients/mdmctl/golden_view.h"
#include "clients/mdmctl/json_output.h"
#include "clients/mdmctl/steward_commands.h"

namespace mdm::ctl {
namespace {

void FillNote(const StewardFlags& flags, mdm::v1::StewardNote* note) {
  note->set_author(flags.author);
  note->set_reason(flags.reason);
}

// Prints the customers an action left, one per line: "GOLDEN_ID ETAG".
int PrintAction(const CommandContext& ctx, const grpc::Status& status,
                const mdm::v1::StewardActionResponse& response) {
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, response);
    return kExitOk;
  }
  Table table({"golden_id", "etag"});
  for (const auto& c : response.customers()) {
    table.AddRow({c.golden_id(), c.etag()});
  }
  table.Print(*ctx.out);
  if (!response.merged_ids().empty()) {
    *ctx.out << "merged away: " << absl::StrJoin(response.merged_ids(), " ")
             << '\n';
  }
  return kExitOk;
}

// Sends one steward action with the common flags and prints its answer.
// `method` is the Stewardship stub's unary method for `Request`.
template <typename Request, typename Method>
int Act(const CommandContext& ctx, const StewardFlags& flags, Request& request,
        Method method) {
  FillNote(flags, request.mutable_note());
  request.set_request_id(flags.request_id);
  mdm::v1::StewardActionResponse response;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  return PrintAction(
      ctx, (ctx.stewardship->*method)(&context, request, &response), response);
}

std::string ReasonName(mdm::v1::DeadReason reason) {
  return absl::AsciiStrToLower(mdm::v1::DeadReason_Name(reason));
}

}  // namespace

bool ParseRecordRef(const std::string& text, mdm::v1::RecordRef* out) {
  const size_t slash = text.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == text.size()) {
    return false;
  }
  out->set_source(text.substr(0, slash));
  out->set_source_record_id(text.substr(slash + 1));
  return true;
}

int RunMerge(const CommandContext& ctx, const MergeOptions& options) {
  mdm::v1::MergeEntitiesRequest request;
  request.set_survivor(options.survivor);
  for (const std::string& id : options.others) request.add_others(id);
  for (const std::string& pair : options.etags) {
    const size_t eq = pair.find('=');
    if (eq == std::string::npos) {
      *ctx.err << "--etag takes GOLDEN_ID=ETAG, got \"" << pair << "\"\n";
      return kExitFailure;
    }
    (*request.mutable_etags())[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  return Act(ctx, options.steward, request,
             &mdm::v1::Stewardship::StubInterface::MergeEntities);
}

int RunSplit(const CommandContext& ctx, const SplitOptions& options) {
  mdm::v1::SplitEntityRequest request;
  request.set_golden_id(options.golden_id);
  for (const std::string& r : options.records) {
    if (!ParseRecordRef(r, request.add_records())) {
      *ctx.err << "--record takes SOURCE/SOURCE_RECORD_ID, got \"" << r
               << "\"\n";
      return kExitFailure;
    }
  }
  request.set_etag(options.etag);
  return Act(ctx, options.steward, request,
             &mdm::v1::Stewardship::StubInterface::SplitEntity);
}

int RunReviewDecision(const CommandContext& ctx, bool accept,
                      const std::string& task_id, const StewardFlags& flags) {
  mdm::v1::DecideReviewTaskRequest request;
  request.set_task_id(task_id);
  return Act(ctx, flags, request,
             accept ? &mdm::v1::Stewardship::StubInterface::AcceptReviewTask
                    : &mdm::v1::Stewardship::StubInterface::RejectReviewTask);
}

int RunDeadMark(const CommandContext& ctx, const DeadMarkOptions& options) {
  mdm::v1::MarkDeadRequest request;
  if (!options.record.empty()) {
    if (!ParseRecordRef(options.record, request.mutable_record())) {
      *ctx.err << "--record takes SOURCE/SOURCE_RECORD_ID\n";
      return kExitFailure;
    }
  } else {
    request.set_golden_id(options.golden_id);
  }
  mdm::v1::DeadReason reason;
  if (!mdm::v1::DeadReason_Parse(absl::AsciiStrToUpper(options.why), &reason) ||
      reason == mdm::v1::DEAD_REASON_UNSPECIFIED) {
    *ctx.err << "--why takes deceased, dissolved, fraud, unreachable or "
                "invalid_data\n";
    return kExitFailure;
  }
  request.set_reason(reason);
  return Act(ctx, options.steward, request,
             &mdm::v1::Stewardship::StubInterface::MarkDead);
}

int RunDeadRevive(const CommandContext& ctx, const std::string& golden_id,
                  const StewardFlags& flags) {
  mdm::v1::ReviveRequest request;
  request.set_golden_id(golden_id);
  return Act(ctx, flags, request, &mdm::v1::Stewardship::StubInterface::Revive);
}

int RunDeadList(const CommandContext& ctx) {
  mdm::v1::ListDeadResponse response;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status = ctx.stewardship->ListDead(
      &context, mdm::v1::ListDeadRequest(), &response);
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    for (const auto& c : response.customers()) PrintJsonLine(*ctx.out, c);
    return kExitOk;
  }
  Table table({"golden_id", "reason", "note", "author", "marked"});
  for (const auto& c : response.customers()) {
    table.AddRow({c.golden_id(), ReasonName(c.mark().reason()), c.mark().note(),
                  c.mark().author(), FormatTimestamp(c.mark().mark_time())});
  }
  table.Print(*ctx.out);
  return kExitOk;
}

int RunQuarantineList(const CommandContext& ctx) {
  mdm::v1::ListQuarantineRequest request;
  Table table({"source", "source_record_id", "name", "dead_golden_id", "reason",
               "quarantined"});
  do {
    mdm::v1::ListQuarantineResponse page;
    grpc::ClientContext context;
    ctx.PrepareUnary(&context);
    grpc::Status status =
        ctx.stewardship->ListQuarantine(&context, request, &page);
    if (!status.ok()) return ctx.Fail(status);
    for (const auto& q : page.records()) {
      if (ctx.format == OutputFormat::kJson) {
        PrintJsonLine(*ctx.out, q);
        continue;
      }
      table.AddRow({q.record().source(), q.record().source_record_id(),
                    q.record().name(), q.golden_id(), ReasonName(q.reason()),
                    FormatTimestamp(q.quarantine_time())});
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  if (ctx.format == OutputFormat::kTable) table.Print(*ctx.out);
  return kExitOk;
}

}  // namespace mdm::ctl
