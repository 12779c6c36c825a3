// `mdmctl xref SOURCE SOURCE_RECORD_ID`.
#include "clients/mdmctl/commands.h"
#include "clients/mdmctl/json_output.h"

namespace mdm::ctl {

int RunXref(const CommandContext& ctx, const std::string& source,
            const std::string& source_record_id) {
  mdm::v1::LookupXrefRequest request;
  request.set_source(source);
  request.set_source_record_id(source_record_id);
  mdm::v1::Xref xref;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status = ctx.stub->LookupXref(&context, request, &xref);
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, xref);
  } else {
    *ctx.out << xref.golden_id() << '\n';
  }
  return kExitOk;
}

}  // namespace mdm::ctl
