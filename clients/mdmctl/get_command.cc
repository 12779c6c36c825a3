// `mdmctl get GOLDEN_ID [--records]`.
#include "clients/mdmctl/commands.h"
#include "clients/mdmctl/golden_view.h"
#include "clients/mdmctl/iso_time.h"
#include "clients/mdmctl/json_output.h"

namespace mdm::ctl {

int RunGet(const CommandContext& ctx, const std::string& golden_id,
           bool list_records, const std::string& as_of) {
  mdm::v1::GetGoldenRecordRequest request;
  request.set_golden_id(golden_id);
  if (!as_of.empty()) {
    absl::StatusOr<ParsedTime> t = ParseIsoTimestamp(as_of);
    if (!t.ok()) {
      *ctx.err << "--as-of: " << t.status().message() << '\n';
      return kExitFailure;
    }
    *request.mutable_as_of() = t->timestamp;
  }
  mdm::v1::GoldenRecord golden;
  {
    grpc::ClientContext context;
    ctx.PrepareUnary(&context);
    grpc::Status status = ctx.stub->GetGoldenRecord(&context, request, &golden);
    if (!status.ok()) return ctx.Fail(status);
  }
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, golden);
  } else {
    PrintGoldenRecord(*ctx.out, golden);
  }
  if (!list_records) return kExitOk;

  // Page through with the id the hub answered with: a merged-away id given on
  // the command line has been redirected to the survivor.
  google::protobuf::RepeatedPtrField<mdm::v1::StoredRecord> records;
  mdm::v1::ListEntityRecordsRequest list;
  list.set_golden_id(golden.golden_id());
  do {
    grpc::ClientContext context;
    ctx.PrepareUnary(&context);
    mdm::v1::ListEntityRecordsResponse page;
    grpc::Status status = ctx.stub->ListEntityRecords(&context, list, &page);
    if (!status.ok()) return ctx.Fail(status);
    for (mdm::v1::StoredRecord& stored : *page.mutable_records()) {
      if (ctx.format == OutputFormat::kJson) {
        PrintJsonLine(*ctx.out, stored);
      } else {
        *records.Add() = std::move(stored);
      }
    }
    if (page.next_page_token() == list.page_token()) break;  // no progress
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  if (ctx.format == OutputFormat::kTable) {
    *ctx.out << '\n';
    StoredRecordsTable(records).Print(*ctx.out);
  }
  return kExitOk;
}

}  // namespace mdm::ctl
