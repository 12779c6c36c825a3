// `mdmctl import-facts`: the transaction or interaction CSV of DESIGN §8
// through Facts.IngestFacts, in batches.
#include <fstream>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/mdmctl/csv_reader.h"
#include "clients/mdmctl/insight_commands.h"
#include "clients/mdmctl/iso_time.h"
#include "clients/mdmctl/row_issue.h"

namespace mdm::ctl {
namespace {

constexpr int kBatch = 1000;

// Column index by name, -1 when absent.
class Columns {
 public:
  explicit Columns(const std::vector<std::string>& header) {
    for (size_t i = 0; i < header.size(); ++i) index_[header[i]] = i;
  }
  bool Has(const std::string& name) const { return index_.count(name) > 0; }
  std::string Get(const csv::CsvRow& row, const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? ""
                              : std::string(absl::StripAsciiWhitespace(
                                    row.fields[it->second]));
  }

 private:
  std::map<std::string, size_t> index_;
};

// Fills `fact` from one row; an error names the column at fault.
absl::Status MapRow(const Columns& c, const csv::CsvRow& row, bool transactions,
                    mdm::v1::Fact* fact) {
  fact->set_source_record_id(c.Get(row, "source_record_id"));
  fact->set_fact_id(c.Get(row, transactions ? "txn_id" : "interaction_id"));
  absl::StatusOr<ParsedTime> at = ParseIsoTimestamp(c.Get(row, "occurred_at"));
  if (!at.ok()) return absl::InvalidArgumentError("occurred_at");
  *fact->mutable_occurred_at() = at->timestamp;
  if (transactions) {
    mdm::v1::Transaction* t = fact->mutable_transaction();
    t->set_kind(c.Get(row, "kind"));
    t->set_amount(c.Get(row, "amount"));
    t->set_currency(c.Get(row, "currency"));
    t->set_profit(c.Get(row, "profit"));
    t->set_status(c.Get(row, "status"));
    const std::string due = c.Get(row, "due_at");
    if (!due.empty()) {
      absl::StatusOr<ParsedTime> d = ParseIsoTimestamp(due);
      if (!d.ok()) return absl::InvalidArgumentError("due_at");
      *t->mutable_due_at() = d->timestamp;
    }
    return absl::OkStatus();
  }
  mdm::v1::Interaction* i = fact->mutable_interaction();
  i->set_channel(c.Get(row, "channel"));
  i->set_topic(c.Get(row, "topic"));
  i->set_outcome(c.Get(row, "outcome"));
  const std::string complaint = absl::AsciiStrToLower(c.Get(row, "complaint"));
  i->set_complaint(complaint == "true" || complaint == "1" ||
                   complaint == "yes");
  return absl::OkStatus();
}

}  // namespace

int RunImportFacts(const CommandContext& ctx, const std::string& source,
                   std::istream& csv_in) {
  csv::CsvReader::Options csv_options;
  csv_options.required_columns = {"source_record_id", "occurred_at"};
  csv::CsvReader reader(csv_in, csv_options);
  if (absl::Status s = reader.ReadHeader(); !s.ok()) {
    *ctx.err << "import-facts: " << s.message() << '\n';
    return kExitFailure;
  }
  const Columns columns(reader.header());
  const bool transactions = columns.Has("txn_id");
  if (!transactions && !columns.Has("interaction_id")) {
    *ctx.err << "import-facts: the header needs txn_id (transactions) or "
                "interaction_id (interactions)\n";
    return kExitFailure;
  }
  int64_t imported = 0, rejected = 0;
  mdm::v1::IngestFactsRequest request;
  std::vector<int64_t> lines;  // of the facts in `request`
  auto flush = [&]() -> bool {
    if (request.facts().empty()) return true;
    mdm::v1::IngestFactsResponse response;
    grpc::ClientContext context;
    ctx.PrepareUnary(&context);
    grpc::Status status = ctx.facts->IngestFacts(&context, request, &response);
    if (!status.ok()) {
      ctx.Fail(status);
      return false;
    }
    for (int i = 0; i < response.results_size(); ++i) {
      const auto& r = response.results(i);
      if (!r.has_error()) {
        ++imported;
        continue;
      }
      ++rejected;
      *ctx.err << FormatRowIssue(
                      {lines[i], "", r.error().message(), r.fact_id()})
               << '\n';
    }
    request.clear_facts();
    lines.clear();
    return true;
  };
  csv::CsvRow row;
  while (reader.Next(&row)) {
    if (!row.ok()) {
      ++rejected;
      *ctx.err << FormatRowIssue({row.line, row.error_column, row.error, ""})
               << '\n';
      continue;
    }
    mdm::v1::Fact* fact = request.add_facts();
    fact->set_source(source);
    if (absl::Status s = MapRow(columns, row, transactions, fact); !s.ok()) {
      ++rejected;
      *ctx.err << FormatRowIssue({row.line, std::string(s.message()),
                                  "not an ISO 8601 time", ""})
               << '\n';
      request.mutable_facts()->RemoveLast();
      continue;
    }
    lines.push_back(row.line);
    if (request.facts_size() == kBatch && !flush()) return kExitFailure;
  }
  if (!flush()) return kExitFailure;
  *ctx.out << "imported " << imported << " "
           << (transactions ? "transactions" : "interactions") << ", rejected "
           << rejected << '\n';
  return rejected > 0 ? kExitRowsRejected : kExitOk;
}

int RunImportFactsFile(const CommandContext& ctx, const std::string& source,
                       const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *ctx.err << "import-facts: cannot open " << path << '\n';
    return kExitFailure;
  }
  return RunImportFacts(ctx, source, in);
}

}  // namespace mdm::ctl
