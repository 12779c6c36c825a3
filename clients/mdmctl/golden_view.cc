#include "clients/mdmctl/golden_view.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/time_util.h"

namespace mdm::ctl {
namespace {

void AddValueRow(Table& table, const std::string& attribute,
                 const mdm::v1::GoldenValue& value) {
  if (value.value().empty()) return;
  const mdm::v1::Lineage& lineage = value.lineage();
  table.AddRow({attribute, value.value(), lineage.source(),
                lineage.source_record_id(), lineage.rule(),
                FormatTimestamp(lineage.updated_at())});
}

}  // namespace

std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp) {
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) return "";
  return google::protobuf::util::TimeUtil::ToString(timestamp);
}

std::string KindName(mdm::v1::Kind kind) {
  return kind == mdm::v1::ORGANIZATION ? "organization" : "person";
}

std::string JoinValues(
    const google::protobuf::RepeatedPtrField<mdm::v1::GoldenValue>& values) {
  return absl::StrJoin(values, "; ",
                       [](std::string* out, const mdm::v1::GoldenValue& v) {
                         out->append(v.value());
                       });
}

Table GoldenValuesTable(const mdm::v1::GoldenRecord& golden) {
  Table table({"attribute", "value", "source", "record", "rule", "updated_at"});
  AddValueRow(table, "name", golden.full_name());
  AddValueRow(table, "national_id", golden.national_id());
  AddValueRow(table, "birth_date", golden.birth_date());
  AddValueRow(table, "gender", golden.gender());
  for (int i = 0; i < golden.phones_size(); ++i) {
    AddValueRow(table, absl::StrCat("phones #", i + 1), golden.phones(i));
  }
  for (int i = 0; i < golden.emails_size(); ++i) {
    AddValueRow(table, absl::StrCat("emails #", i + 1), golden.emails(i));
  }
  AddValueRow(table, "address", golden.address_line());
  AddValueRow(table, "city", golden.city());
  AddValueRow(table, "region", golden.region());
  AddValueRow(table, "postal_code", golden.postal_code());
  AddValueRow(table, "country", golden.country());
  for (int i = 0; i < golden.addresses_size(); ++i) {
    AddValueRow(table, absl::StrCat("addresses #", i + 1), golden.addresses(i));
  }
  // Protobuf maps iterate in no fixed order; sort for stable output.
  std::vector<std::string> keys;
  for (const auto& [key, value] : golden.attributes()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  for (const std::string& key : keys) {
    AddValueRow(table, absl::StrCat("attr.", key), golden.attributes().at(key));
  }
  return table;
}

void PrintGoldenRecord(std::ostream& out, const mdm::v1::GoldenRecord& golden) {
  out << "golden id: " << golden.golden_id()
      << "  kind: " << KindName(golden.kind())
      << "  version: " << golden.version() << "  etag: " << golden.etag()
      << "  records: " << golden.record_count() << '\n';
  if (golden.merged_ids_size() > 0) {
    out << "merged ids: " << absl::StrJoin(golden.merged_ids(), ", ") << '\n';
  }
  if (golden.has_dead()) {
    out << "DEAD: "
        << absl::AsciiStrToLower(
               mdm::v1::DeadReason_Name(golden.dead().reason()))
        << " since " << FormatTimestamp(golden.dead().mark_time()) << " by "
        << golden.dead().author();
    if (!golden.dead().note().empty())
      out << " (" << golden.dead().note() << ")";
    out << '\n';
  }
  out << '\n';
  GoldenValuesTable(golden).Print(out);
  if (golden.xrefs_size() > 0) {
    out << '\n';
    Table xrefs({"source", "source_record_id"});
    for (const mdm::v1::Xref& xref : golden.xrefs()) {
      xrefs.AddRow({xref.source(), xref.source_record_id()});
    }
    xrefs.Print(out);
  }
}

Table StoredRecordsTable(
    const google::protobuf::RepeatedPtrField<mdm::v1::StoredRecord>& records) {
  Table table({"source", "record", "name", "national_id", "phones", "emails",
               "updated_at", "warnings"});
  for (const mdm::v1::StoredRecord& stored : records) {
    const mdm::v1::SourceRecord& r = stored.record();
    table.AddRow(
        {r.source(), r.source_record_id(), r.name(), r.national_id(),
         absl::StrJoin(r.phones(), "; "), absl::StrJoin(r.emails(), "; "),
         FormatTimestamp(r.updated_at()),
         absl::StrJoin(stored.warnings(), ", ",
                       [](std::string* out, const mdm::v1::FieldWarning& w) {
                         out->append(w.field());
                       })});
  }
  return table;
}

}  // namespace mdm::ctl
