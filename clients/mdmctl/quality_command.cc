// `mdmctl quality`, `sample`, `verdict`, `inspection`: data-quality
// monitoring and sampling inspection.
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/mdmctl/golden_view.h"
#include "clients/mdmctl/insight_commands.h"
#include "clients/mdmctl/json_output.h"
#include "clients/mdmctl/quality_html.h"

namespace mdm::ctl {
namespace {

std::string Pct(double share) { return absl::StrFormat("%.1f%%", 100 * share); }

void PrintQuality(std::ostream& out, const mdm::v1::QualityReport& r) {
  out << absl::StrFormat(
      "%s: %d records in %d customers (%.2f records per customer)\n\n",
      FormatTimestamp(r.taken_at()), r.records(), r.entities(),
      r.records_per_entity());
  Table sources({"source", "records", "entities", "records/entity",
                 "mean age (days)", "stale"});
  for (const auto& s : r.sources()) {
    sources.AddRow(
        {s.source(), absl::StrCat(s.records()), absl::StrCat(s.entities()),
         absl::StrFormat("%.2f", s.duplicate_rate()),
         absl::StrFormat("%.0f", s.mean_age_days()), Pct(s.stale_share())});
  }
  sources.Print(out);
  out << '\n';
  Table attributes(
      {"source", "attribute", "completeness", "validity", "checked"});
  for (const auto& s : r.sources()) {
    for (const auto& a : s.attributes()) {
      attributes.AddRow({s.source(), a.attribute(), Pct(a.completeness()),
                         a.checked() > 0 ? Pct(a.validity()) : "",
                         a.checked() > 0 ? absl::StrCat(a.checked()) : ""});
    }
  }
  attributes.Print(out);
  out << '\n';
  Table conflicts({"attribute", "compared", "conflicts", "rate"});
  for (const auto& c : r.conflicts()) {
    conflicts.AddRow({c.attribute(), absl::StrCat(c.compared()),
                      absl::StrCat(c.conflicts()), Pct(c.rate())});
  }
  conflicts.Print(out);
}

}  // namespace

int RunQuality(const CommandContext& ctx, const QualityOptions& options) {
  mdm::v1::GetQualityReportRequest request;
  request.set_snapshot(options.snapshot);
  request.set_history(true);
  mdm::v1::GetQualityReportResponse response;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status =
      ctx.insight->GetQualityReport(&context, request, &response);
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, response);
  } else {
    PrintQuality(*ctx.out, response.current());
    if (!response.history().empty()) {
      *ctx.out << "\nhistory (mean completeness per source):\n";
      Table history({"taken_at", "source", "records", "stale"});
      for (const auto& r : response.history()) {
        for (const auto& s : r.sources()) {
          history.AddRow({FormatTimestamp(r.taken_at()), s.source(),
                          absl::StrCat(s.records()), Pct(s.stale_share())});
        }
      }
      history.Print(*ctx.out);
    }
  }
  if (!options.html_path.empty()) {
    std::ofstream html(options.html_path, std::ios::binary | std::ios::trunc);
    html << RenderQualityHtml(response);
    if (!html.flush()) {
      *ctx.err << "cannot write " << options.html_path << '\n';
      return kExitFailure;
    }
  }
  return kExitOk;
}

int RunSample(const CommandContext& ctx, uint64_t seed, int size) {
  mdm::v1::DrawSampleRequest request;
  request.set_seed(seed);
  request.set_size(size);
  mdm::v1::DrawSampleResponse response;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status = ctx.insight->DrawSample(&context, request, &response);
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, response);
    return kExitOk;
  }
  *ctx.out << absl::StrFormat("sample of %d from %d customers, seed %d\n",
                              response.customers_size(), response.population(),
                              response.seed());
  for (const auto& c : response.customers()) {
    *ctx.out << '\n';
    PrintGoldenRecord(*ctx.out, c.golden());
  }
  return kExitOk;
}

int RunVerdict(const CommandContext& ctx, const VerdictOptions& options) {
  mdm::v1::RecordVerdictRequest request;
  request.set_seed(options.seed);
  request.set_golden_id(options.golden_id);
  request.set_correct(options.correct);
  request.set_note(options.note);
  request.set_inspector(options.inspector);
  mdm::v1::Verdict verdict;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status = ctx.insight->RecordVerdict(&context, request, &verdict);
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, verdict);
  } else {
    *ctx.out << "recorded " << (verdict.correct() ? "correct" : "wrong")
             << " for " << verdict.golden_id() << " in sample "
             << verdict.seed() << '\n';
  }
  return kExitOk;
}

int RunInspection(const CommandContext& ctx, uint64_t seed) {
  mdm::v1::GetInspectionReportRequest request;
  request.set_seed(seed);
  mdm::v1::InspectionReport report;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status =
      ctx.insight->GetInspectionReport(&context, request, &report);
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, report);
    return kExitOk;
  }
  *ctx.out << absl::StrFormat(
      "sample %d: %d inspected, %d wrong: error rate %s (95%% Wilson interval "
      "%s to %s)\n",
      report.seed(), report.inspected(), report.errors(),
      Pct(report.error_rate()), Pct(report.ci_low()), Pct(report.ci_high()));
  return kExitOk;
}

}  // namespace mdm::ctl
