// `mdmctl profile`, `segment`, `flag`, `pareto`: the customer 360 view and
// value segments.
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/mdmctl/golden_view.h"
#include "clients/mdmctl/insight_commands.h"
#include "clients/mdmctl/json_output.h"

namespace mdm::ctl {
namespace {

std::string Origin(const mdm::v1::CustomerFlag& f) {
  return f.origin() == mdm::v1::CustomerFlag::STEWARD ? "steward" : "computed";
}

std::string Scores(const mdm::v1::ValueScores& s) {
  return absl::StrFormat("R%d F%d M%d", s.recency(), s.frequency(),
                         s.monetary());
}

void PrintProfile(std::ostream& out, const mdm::v1::CustomerProfile& p) {
  PrintGoldenRecord(out, p.golden());
  if (!p.other_matches().empty()) {
    out << "\nalso matching: " << absl::StrJoin(p.other_matches(), ", ")
        << '\n';
  }
  out << "\nsegments: " << absl::StrJoin(p.segments(), ", ") << '\n';
  const mdm::v1::ValueScores& s = p.scores();
  out << absl::StrFormat("scores: %s  recency %d days  profit %.2f\n",
                         Scores(s), s.recency_days(), s.profit());
  const mdm::v1::CreditLevel& c = p.credit();
  out << absl::StrFormat(
      "credit: %s (%d invoices, %d overdue, at most %d days)\n", c.level(),
      c.invoices(), c.overdue(), c.max_days_overdue());
  const mdm::v1::TransactionSummary& t = p.transactions();
  out << absl::StrFormat(
      "transactions: %d purchases (%d in %d days: %d recent half, %d older), "
      "sales %.2f, profit %.2f, lifetime %.2f %s; %d refunds\n",
      t.purchases_total(), t.purchases_in_window(), t.window_days(),
      t.purchases_recent_half(), t.purchases_older_half(), t.monetary(),
      t.profit(), t.lifetime_monetary(), absl::StrJoin(t.currencies(), "/"),
      t.refunds_in_window());
  if (t.has_last_purchase()) {
    out << "last purchase: " << FormatTimestamp(t.last_purchase()) << '\n';
  }
  out << '\n';
  Table flags({"flag", "value", "origin", "reason", "set_by", "set_at"});
  for (const auto& f : p.flags()) {
    flags.AddRow({f.name(), f.value(), Origin(f), f.reason(), f.set_by(),
                  FormatTimestamp(f.set_at())});
  }
  flags.Print(out);
  if (p.recent_interactions().empty()) return;
  out << "\nrecent interactions:\n";
  Table contacts(
      {"when", "source", "channel", "topic", "outcome", "complaint"});
  for (const auto& f : p.recent_interactions()) {
    contacts.AddRow({FormatTimestamp(f.occurred_at()), f.source(),
                     f.interaction().channel(), f.interaction().topic(),
                     f.interaction().outcome(),
                     f.interaction().complaint() ? "yes" : ""});
  }
  contacts.Print(out);
}

}  // namespace

int RunProfile(const CommandContext& ctx, const ProfileOptions& options) {
  mdm::v1::GetCustomerProfileRequest request;
  if (!options.golden_id.empty()) request.set_golden_id(options.golden_id);
  if (!options.phone.empty()) request.set_phone(options.phone);
  if (!options.name.empty()) request.set_name(options.name);
  mdm::v1::CustomerProfile profile;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status =
      ctx.insight->GetCustomerProfile(&context, request, &profile);
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, profile);
  } else {
    PrintProfile(*ctx.out, profile);
  }
  return kExitOk;
}

int RunSegment(const CommandContext& ctx, const SegmentOptions& options) {
  mdm::v1::ListSegmentRequest request;
  request.set_segment(options.segment);
  request.set_page_size(options.page_size);
  request.set_page_token(options.page_token);
  Table table({"golden_id", "name", "scores", "profit", "segments"});
  while (true) {
    mdm::v1::ListSegmentResponse response;
    grpc::ClientContext context;
    ctx.PrepareUnary(&context);
    grpc::Status status =
        ctx.insight->ListSegment(&context, request, &response);
    if (!status.ok()) return ctx.Fail(status);
    if (ctx.format == OutputFormat::kJson) PrintJsonLine(*ctx.out, response);
    for (const auto& m : response.customers()) {
      table.AddRow({m.golden_id(), m.display_name(), Scores(m.scores()),
                    absl::StrFormat("%.2f", m.scores().profit()),
                    absl::StrJoin(m.segments(), ",")});
    }
    if (!options.all || response.next_page_token().empty()) {
      if (ctx.format == OutputFormat::kTable) {
        table.Print(*ctx.out);
        if (!response.next_page_token().empty()) {
          *ctx.out << "\nnext page token: " << response.next_page_token()
                   << '\n';
        }
      }
      return kExitOk;
    }
    request.set_page_token(response.next_page_token());
  }
}

int RunFlag(const CommandContext& ctx, const FlagOptions& options) {
  mdm::v1::SetFlagRequest request;
  request.set_golden_id(options.golden_id);
  request.set_name(options.name);
  request.set_value(options.value);
  request.set_reason(options.reason);
  request.set_set_by(options.set_by);
  mdm::v1::CustomerFlag flag;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status = ctx.insight->SetFlag(&context, request, &flag);
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, flag);
  } else if (flag.value().empty()) {
    *ctx.out << "cleared " << flag.name() << " on " << options.golden_id
             << '\n';
  } else {
    *ctx.out << "set " << flag.name() << "=" << flag.value() << " on "
             << options.golden_id << '\n';
  }
  return kExitOk;
}

int RunPareto(const CommandContext& ctx, int max_ids) {
  mdm::v1::GetParetoViewRequest request;
  request.set_max_ids(max_ids);
  mdm::v1::ParetoView view;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status = ctx.insight->GetParetoView(&context, request, &view);
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, view);
    return kExitOk;
  }
  *ctx.out << absl::StrFormat(
      "%d of %d customers (%.1f%%) bring %.1f%% of the profit (%.2f of "
      "%.2f; target %.0f%%); %d customers are profitable; the smallest top "
      "profit is %.2f\n",
      view.top_customers(), view.customers(), 100 * view.top_share(),
      100 * view.profit_share(), view.profit_share() * view.total_profit(),
      view.total_profit(), 100 * view.target_share(), view.profitable(),
      view.threshold_profit());
  if (!view.top_ids().empty()) {
    *ctx.out << "top: " << absl::StrJoin(view.top_ids(), ", ") << '\n';
  }
  return kExitOk;
}

}  // namespace mdm::ctl
