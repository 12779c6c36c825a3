#include "clients/mdmctl/lifecycle_commands.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/mdmctl/golden_view.h"
#include "clients/mdmctl/json_output.h"
#include "clients/mdmctl/table.h"

namespace mdm::ctl {
namespace {

std::string Ref(const mdm::v1::RecordRef& r) {
  return r.source() + "/" + r.source_record_id();
}

std::string Refs(
    const google::protobuf::RepeatedPtrField<mdm::v1::RecordRef>& refs) {
  std::vector<std::string> parts;
  for (const auto& r : refs) parts.push_back(Ref(r));
  return absl::StrJoin(parts, " ");
}

std::string EventDetail(const mdm::v1::ChangeEvent& e) {
  switch (e.type()) {
    case mdm::v1::ChangeEvent::UPDATED:
      return absl::StrJoin(e.changed_fields(), ",");
    case mdm::v1::ChangeEvent::MERGED:
      return e.from_id() + " -> " + e.golden_id();
    case mdm::v1::ChangeEvent::SPLIT:
      return e.from_id() + " -> " + absl::StrJoin(e.into_ids(), ",");
    case mdm::v1::ChangeEvent::RECORD_MOVED:
      return Ref(e.record()) + " from " + e.from_id();
    case mdm::v1::ChangeEvent::MARKED_DEAD:
      // A record-level mark names the record split out and marked.
      return e.record().source().empty()
                 ? e.reason()
                 : e.reason() + " (" + Ref(e.record()) + ")";
    default:
      return "";
  }
}

}  // namespace

int RunHistory(const CommandContext& ctx, const std::string& golden_id) {
  mdm::v1::ListGoldenHistoryRequest request;
  request.set_golden_id(golden_id);
  request.set_page_size(500);
  Table table({"version", "time", "records", "name", "phones", "change"});
  do {
    mdm::v1::ListGoldenHistoryResponse page;
    grpc::ClientContext context;
    ctx.PrepareUnary(&context);
    grpc::Status status =
        ctx.lifecycle->ListGoldenHistory(&context, request, &page);
    if (!status.ok()) return ctx.Fail(status);
    for (const mdm::v1::GoldenVersion& v : page.versions()) {
      if (ctx.format == OutputFormat::kJson) {
        PrintJsonLine(*ctx.out, v);
        continue;
      }
      const mdm::v1::GoldenRecord& g = v.record();
      table.AddRow({absl::StrCat(g.version()), FormatTimestamp(g.update_time()),
                    absl::StrCat(g.record_count()), g.full_name().value(),
                    absl::StrCat(g.phones_size()),
                    v.deleted() ? "deleted" : ""});
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  if (ctx.format == OutputFormat::kTable) table.Print(*ctx.out);
  return kExitOk;
}

int RunWatch(const CommandContext& ctx, int64_t from, int64_t max_events) {
  mdm::v1::WatchChangesRequest request;
  request.set_after_sequence(from);
  grpc::ClientContext context;  // no deadline: a watch runs until stopped
  auto reader = ctx.lifecycle->WatchChanges(&context, request);
  mdm::v1::ChangeEvent e;
  int64_t shown = 0;
  while ((max_events == 0 || shown < max_events) && reader->Read(&e)) {
    if (ctx.format == OutputFormat::kJson) {
      PrintJsonLine(*ctx.out, e);
    } else {
      *ctx.out << e.sequence() << '\t' << FormatTimestamp(e.time()) << '\t'
               << mdm::v1::ChangeEvent::Type_Name(e.type()) << '\t'
               << e.golden_id() << "\tv" << e.version() << '\t'
               << EventDetail(e) << '\n';
    }
    ctx.out->flush();
    ++shown;
  }
  if (max_events != 0 && shown >= max_events) {
    context.TryCancel();
    reader->Finish().IgnoreError();
    return kExitOk;
  }
  grpc::Status status = reader->Finish();
  return status.ok() ? kExitOk : ctx.Fail(status);
}

int RunConflicts(const CommandContext& ctx, int page_size,
                 const std::string& page_token) {
  mdm::v1::ListConflictsRequest request;
  request.set_page_size(page_size);
  request.set_page_token(page_token);
  mdm::v1::ListConflictsResponse response;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status =
      ctx.lifecycle->ListConflicts(&context, request, &response);
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, response);
    return kExitOk;
  }
  Table table({"golden_id", "attribute", "value", "sources", "records"});
  for (const mdm::v1::Conflict& c : response.conflicts()) {
    for (int i = 0; i < c.values_size(); ++i) {
      const mdm::v1::ConflictValue& v = c.values(i);
      table.AddRow({i == 0 ? c.golden_id() : "", i == 0 ? c.attribute() : "",
                    (i == 0 ? "* " : "  ") + v.value(),
                    absl::StrJoin(v.sources(), ","), Refs(v.records())});
    }
  }
  table.Print(*ctx.out);
  if (!response.next_page_token().empty()) {
    *ctx.out << "\nnext page token: " << response.next_page_token() << '\n';
  }
  return kExitOk;
}

int RunExplainGolden(const CommandContext& ctx, const std::string& golden_id) {
  mdm::v1::ExplainGoldenRecordRequest request;
  request.set_golden_id(golden_id);
  mdm::v1::ExplainGoldenRecordResponse response;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status =
      ctx.lifecycle->ExplainGoldenRecord(&context, request, &response);
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, response);
    return kExitOk;
  }
  std::ostream& out = *ctx.out;
  out << "customer " << response.golden().golden_id() << " (version "
      << response.golden().version() << ", " << response.golden().record_count()
      << " records)\n\n";
  out << absl::StrFormat(
      "Why these records are one customer (link at %.2f, review at %.2f):\n",
      response.link_threshold(), response.review_threshold());
  Table pairs(
      {"left", "right", "total", "probability", "decision", "comparisons"});
  for (const mdm::v1::PairEvidence& p : response.pairs()) {
    std::vector<std::string> parts;
    for (const mdm::v1::FieldScore& f : p.comparisons()) {
      parts.push_back(
          absl::StrFormat("%s:%s(%+.2f)", f.field(), f.level(), f.weight()));
    }
    pairs.AddRow({Ref(p.left()), Ref(p.right()),
                  absl::StrFormat("%.2f", p.total()),
                  absl::StrFormat("%.4f", p.match_probability()), p.decision(),
                  absl::StrJoin(parts, " ")});
  }
  pairs.Print(out);
  out << "\nWhy each value won:\n";
  Table values(
      {"attribute", "rule", "rank", "value", "sources", "records", "support"});
  for (const mdm::v1::AttributeDecision& d : response.attributes()) {
    std::string rule = d.rule();
    if (d.trust_size() > 0) {
      rule += "[" + absl::StrJoin(d.trust(), ">") + "]+" + d.then();
    }
    if (!d.validated_only()) rule += " (unvalidated allowed)";
    for (int i = 0; i < d.ranked_size(); ++i) {
      const mdm::v1::RankedValue& r = d.ranked(i);
      values.AddRow({i == 0 ? d.attribute() : "", i == 0 ? rule : "",
                     absl::StrCat(i + 1, r.valid() ? "" : " invalid"),
                     r.value().value(), absl::StrJoin(r.sources(), ","),
                     Refs(r.records()), absl::StrCat(r.value().support())});
    }
  }
  values.Print(out);
  return kExitOk;
}

int RunRulesGet(const CommandContext& ctx) {
  mdm::v1::SurvivorshipRules rules;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status = ctx.admin->GetSurvivorshipRules(&context, {}, &rules);
  if (!status.ok()) return ctx.Fail(status);
  *ctx.out << rules.rules_json() << '\n';
  return kExitOk;
}

int RunRulesSet(const CommandContext& ctx, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *ctx.err << "cannot read " << path << '\n';
    return kExitFailure;
  }
  std::ostringstream text;
  text << in.rdbuf();
  mdm::v1::SetSurvivorshipRulesRequest request;
  request.set_rules_json(text.str());
  mdm::v1::SetSurvivorshipRulesResponse response;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status =
      ctx.admin->SetSurvivorshipRules(&context, request, &response);
  if (!status.ok()) return ctx.Fail(status);
  *ctx.out << "rules in force; " << response.recomputed_golden_records()
           << " golden records got a new version\n";
  return kExitOk;
}

}  // namespace mdm::ctl
