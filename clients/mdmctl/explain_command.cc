// `mdmctl explain SOURCE ID (--with-source S --with-id I | --with-golden G)`:
// ExplainMatch drawn as a text waterfall, one bar per comparison, running
// from the prior to the total. A comparison whose weight was adjusted for how
// common the shared value is says so: "name exact (tf -4.1)".
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/mdmctl/commands.h"
#include "clients/mdmctl/json_output.h"

namespace mdm::ctl {
namespace {

// Columns per unit of weight (log2 Bayes factor), and the widest bar.
constexpr double kColumnsPerBit = 1.0;
constexpr int kMaxColumns = 40;

int Columns(double weight) {
  return std::min(kMaxColumns, static_cast<int>(std::lround(std::abs(weight) *
                                                            kColumnsPerBit)));
}

// One waterfall line: the bar starts where the running total was and runs
// right for evidence for a match, left (shown as '-') for evidence against.
void Bar(std::ostream& out, const std::string& label, double weight,
         double before, double lowest) {
  const int origin = Columns(before - lowest);
  const int width = Columns(weight);
  const int start = weight >= 0 ? origin : std::max(0, origin - width);
  out << absl::StrFormat("%-28s %+8.2f  |", label, weight)
      << std::string(start, ' ') << std::string(width, weight >= 0 ? '#' : '-')
      << '\n';
}

}  // namespace

int RunExplain(const CommandContext& ctx, const ExplainOptions& options) {
  mdm::v1::ExplainMatchRequest request;
  request.mutable_left_record()->set_source(options.source);
  request.mutable_left_record()->set_source_record_id(options.source_record_id);
  if (!options.with_golden_id.empty()) {
    request.set_right_golden_id(options.with_golden_id);
  } else {
    request.mutable_right_record()->set_source(options.with_source);
    request.mutable_right_record()->set_source_record_id(options.with_id);
  }
  mdm::v1::ExplainMatchResponse response;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status = ctx.stub->ExplainMatch(&context, request, &response);
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, response);
    return kExitOk;
  }

  std::ostream& out = *ctx.out;
  out << options.source << '/' << options.source_record_id << "  vs  "
      << response.compared_with().source() << '/'
      << response.compared_with().source_record_id() << " ("
      << response.compared_golden_id() << ")\n\n";
  // The lowest running total fixes the left edge of the drawing.
  double running = 0, lowest = 0;
  for (const auto& c : response.comparisons()) {
    running += c.weight();
    lowest = std::min(lowest, running);
  }
  running = 0;
  for (const auto& c : response.comparisons()) {
    std::string label = absl::StrCat(c.field(), " ", c.level());
    if (c.tf_adjustment() != 0) {
      absl::StrAppend(&label,
                      absl::StrFormat(" (tf %+.1f)", c.tf_adjustment()));
    }
    Bar(out, label, c.weight(), running, lowest);
    running += c.weight();
  }
  out << absl::StrFormat("%-28s %8.2f\n", "total (log2 Bayes factor)",
                         response.total());
  out << absl::StrFormat("%-28s %8.2f  -> match probability %.4f\n",
                         "with prior (log2 odds)", response.prior_log2(),
                         response.match_probability());
  out << absl::StrFormat("decision: %s  (review >= %.1f, link >= %.1f)\n",
                         response.decision(), response.review_threshold(),
                         response.link_threshold());
  return kExitOk;
}

}  // namespace mdm::ctl
