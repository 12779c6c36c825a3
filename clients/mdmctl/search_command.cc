// `mdmctl search [--name] [--phone] [--email] [--id] [--golden-id]`.
#include "clients/mdmctl/commands.h"
#include "clients/mdmctl/golden_view.h"
#include "clients/mdmctl/json_output.h"

namespace mdm::ctl {

int RunSearch(const CommandContext& ctx, const SearchOptions& options) {
  mdm::v1::SearchCustomersRequest request;
  request.set_name(options.name);
  request.set_phone(options.phone);
  request.set_email(options.email);
  request.set_national_id(options.national_id);
  request.set_golden_id(options.golden_id);
  request.set_page_size(options.page_size);
  request.set_page_token(options.page_token);

  mdm::v1::SearchCustomersResponse response;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status = ctx.stub->SearchCustomers(&context, request, &response);
  if (!status.ok()) return ctx.Fail(status);

  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, response);
    return kExitOk;
  }
  Table table({"golden_id", "name", "phones", "emails", "records"});
  for (const mdm::v1::GoldenRecord& g : response.customers()) {
    table.AddRow({g.golden_id(), g.full_name().value(), JoinValues(g.phones()),
                  JoinValues(g.emails()), std::to_string(g.record_count())});
  }
  table.Print(*ctx.out);
  if (!response.next_page_token().empty()) {
    *ctx.out << "\nnext page token: " << response.next_page_token() << '\n';
  }
  return kExitOk;
}

}  // namespace mdm::ctl
