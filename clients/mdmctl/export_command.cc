// `mdmctl export xref`: the DESIGN §8 cross-reference CSV.
#include "clients/mdmctl/commands.h"
#include "clients/mdmctl/csv_writer.h"

namespace mdm::ctl {
namespace {

// Large pages: the export walks every live record.
constexpr int kExportPageSize = 5000;

}  // namespace

int RunExportXref(const CommandContext& ctx) {
  mdm::v1::ListXrefsRequest request;
  request.set_page_size(kExportPageSize);
  int64_t written = 0;
  do {
    grpc::ClientContext context;
    ctx.PrepareUnary(&context);
    mdm::v1::ListXrefsResponse page;
    grpc::Status status = ctx.stub->ListXrefs(&context, request, &page);
    if (!status.ok()) {
      // Rows already written stay on stdout; make the truncation explicit.
      ctx.Fail(status);
      *ctx.err << "error: export incomplete after " << written << " rows\n";
      return kExitFailure;
    }
    // The header waits for the first page, so a hub that cannot be reached
    // leaves stdout empty rather than looking like an empty export.
    if (request.page_token().empty()) {
      csv::WriteRow(*ctx.out, {"source", "source_record_id", "golden_id"});
    }
    for (const mdm::v1::Xref& x : page.xrefs()) {
      csv::WriteRow(*ctx.out,
                    {x.source(), x.source_record_id(), x.golden_id()});
      ++written;
    }
    if (page.next_page_token() == request.page_token()) break;  // no progress
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  ctx.out->flush();
  return kExitOk;
}

}  // namespace mdm::ctl
