// mdm-gen-sources: fills the three source systems the connectors read with
// overlapping synthetic customers (tests/bench/gen: the same person or
// company in ERP, finance and the call center under different ids, scripts
// and formats), plus the ground truth:
//
//   DIR/erp.sql           INSERTs for connectors/erp/schema.sql
//                         (customers, sales orders)
//   DIR/finance.sql       INSERTs for connectors/finance/schema.sql
//                         (customers, invoices, payments, credit lines)
//   DIR/callcenter/interactions-YYYYMMDD.jsonl   one file per day
//   DIR/truth.csv         source,source_record_id,entity
//   DIR/<source>.csv      the same records as canonical import CSVs, with
//                         exactly the fields the connector carries (the
//                         baseline `mdmctl import` of the same data)
//   DIR/counts.txt        records and facts per source, for the tests
//
//   mdm-gen-sources --out DIR [--count N] [--seed S]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "clients/mdmctl/csv_writer.h"
#include "nlohmann/json.hpp"
#include "tests/bench/gen/record_generator.h"

namespace {

using mdm::v1::SourceRecord;

constexpr int64_t kBaseTime = 1704067200;  // 2024-01-01T00:00:00Z

// SQL string literal (MariaDB: backslash and quote escaped).
std::string Sql(const std::string& s) {
  if (s.empty()) return "NULL";
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}

std::string DateTime(int64_t seconds) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S", absl::FromUnixSeconds(seconds),
                          absl::UTCTimeZone());
}

std::string Rfc3339(int64_t seconds) {
  return absl::FormatTime(absl::RFC3339_sec, absl::FromUnixSeconds(seconds),
                          absl::UTCTimeZone());
}

std::string First(const google::protobuf::RepeatedPtrField<std::string>& v,
                  int i) {
  return v.size() > i ? v.Get(i) : "";
}

// Keeps only what the source system has columns for (the connector can
// carry no more), so the baseline import and the connector see the same.
void Restrict(SourceRecord& r) {
  r.clear_attributes();
  r.clear_source_version();
  const std::string& s = r.source();
  const int phones = s == "erp" ? 2 : 1;
  while (r.phones_size() > phones) r.mutable_phones()->RemoveLast();
  while (r.emails_size() > 1) r.mutable_emails()->RemoveLast();
  if (s == "callcenter") {
    SourceRecord keep;
    keep.set_source(s);
    keep.set_source_record_id(r.source_record_id());
    keep.set_kind(r.kind());
    keep.set_name(r.name());
    *keep.mutable_phones() = r.phones();
    *keep.mutable_emails() = r.emails();
    r = keep;
  }
}

// Multi-row INSERTs of one table, 500 rows per statement, in a buffer of its
// own (the tables are filled interleaved).
class SqlInserts {
 public:
  SqlInserts(std::string table, std::string columns)
      : table_(std::move(table)), columns_(std::move(columns)) {}
  void Add(const std::vector<std::string>& values) {
    if (rows_ == 0) {
      absl::StrAppend(&out_, "INSERT INTO ", table_, " (", columns_,
                      ") VALUES\n");
    } else {
      out_.append(",\n");
    }
    out_.append("(");
    for (size_t i = 0; i < values.size(); ++i) {
      absl::StrAppend(&out_, i ? ", " : "", values[i]);
    }
    out_.append(")");
    if (++rows_ == 500) Flush();
  }
  // All statements, the last one terminated.
  std::string Text() {
    Flush();
    return out_;
  }

 private:
  void Flush() {
    if (rows_ > 0) out_.append(";\n");
    rows_ = 0;
  }
  std::string table_, columns_, out_;
  int rows_ = 0;
};

std::string Gender(const SourceRecord& r) {
  return r.gender() == mdm::v1::MALE     ? "'M'"
         : r.gender() == mdm::v1::FEMALE ? "'F'"
                                         : "NULL";
}

void WriteCsvRow(std::ostream& out, const SourceRecord& r) {
  const auto& a = r.address();
  std::string phones, emails;
  for (const auto& p : r.phones())
    absl::StrAppend(&phones, phones.empty() ? "" : ";", p);
  for (const auto& e : r.emails())
    absl::StrAppend(&emails, emails.empty() ? "" : ";", e);
  mdm::csv::WriteRow(
      out, {r.source_record_id(),
            r.kind() == mdm::v1::ORGANIZATION ? "organization" : "person",
            r.name(), r.national_id(), r.birth_date(),
            r.gender() == mdm::v1::MALE     ? "M"
            : r.gender() == mdm::v1::FEMALE ? "F"
                                            : "",
            phones, emails, a.address_line(), a.city(), a.region(),
            a.postal_code(), a.country(), Rfc3339(r.updated_at().seconds())});
}

}  // namespace

int main(int argc, char** argv) {
  mdm::bench::GenOptions options;
  options.count = 1000;
  std::string out_dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--out") {
      out_dir = argv[i + 1];
    } else if (arg == "--count") {
      options.count = std::stoll(argv[i + 1]);
    } else if (arg == "--seed") {
      options.seed = std::stoull(argv[i + 1]);
    } else {
      std::fprintf(stderr, "unknown argument %s\n", arg.c_str());
      return 2;
    }
  }
  if (out_dir.empty()) {
    std::fputs("usage: mdm-gen-sources --out DIR [--count N] [--seed S]\n",
               stderr);
    return 2;
  }
  std::filesystem::create_directories(out_dir + "/callcenter");
  mdm::bench::GeneratedRecords gen = mdm::bench::GenerateRecords(options);

  std::map<std::string, std::string> calls;  // file -> lines
  std::map<std::string, std::ofstream> csv;
  std::map<std::string, int64_t> records, facts;
  for (const char* s : {"erp", "finance", "callcenter"}) {
    csv[s].open(out_dir + "/" + s + ".csv");
    mdm::csv::WriteRow(
        csv[s], {"source_record_id", "kind", "name", "national_id",
                 "birth_date", "gender", "phones", "emails", "address", "city",
                 "region", "postal_code", "country", "updated_at"});
  }
  std::ofstream truth(out_dir + "/truth.csv");
  truth << "source,source_record_id,entity\n";

  SqlInserts erp_customers(
      "customers",
      "id, customer_code, kind, name, national_id, birth_date, gender, phone,"
      " mobile, email, address, city, region, postal_code, country,"
      " updated_at");
  SqlInserts orders("sales_orders",
                    "id, order_no, customer_id, amount, currency, profit,"
                    " status, ordered_at, updated_at");
  SqlInserts fin_customers(
      "fin_customers",
      "id, account_no, kind, name, credit_code, resident_id, birth_date,"
      " gender, phone, email, billing_address, city, region, postal_code,"
      " country, updated_at");
  SqlInserts invoices("invoices",
                      "id, invoice_no, customer_id, amount, currency,"
                      " issued_at, due_date, status, updated_at");
  SqlInserts payments("payments",
                      "id, payment_no, customer_id, invoice_id, amount,"
                      " paid_at, due_date, updated_at");
  SqlInserts credit("credit_lines",
                    "id, credit_limit, currency, rating, updated_at");
  int64_t order_id = 0, invoice_id = 0, payment_id = 0, call_id = 0;

  for (size_t i = 0; i < gen.records.size(); ++i) {
    SourceRecord& r = gen.records[i];
    Restrict(r);
    const int64_t id = static_cast<int64_t>(i) + 1;
    // Distinct, increasing change times: the watermark order is the
    // generation order.
    const int64_t t = kBaseTime + id * 300;
    r.mutable_updated_at()->set_seconds(t);
    r.mutable_updated_at()->set_nanos(0);
    const std::string& s = r.source();
    truth << s << "," << r.source_record_id() << "," << gen.truth[i] << "\n";
    const bool org = r.kind() == mdm::v1::ORGANIZATION;
    const auto& a = r.address();
    if (s == "erp") {
      erp_customers.Add({absl::StrCat(id), Sql(r.source_record_id()),
                         org ? "'company'" : "'person'", Sql(r.name()),
                         Sql(r.national_id()), Sql(r.birth_date()), Gender(r),
                         Sql(First(r.phones(), 0)), Sql(First(r.phones(), 1)),
                         Sql(First(r.emails(), 0)), Sql(a.address_line()),
                         Sql(a.city()), Sql(a.region()), Sql(a.postal_code()),
                         Sql(a.country()), Sql(DateTime(t))});
      for (int j = 0; j < static_cast<int>(id % 3); ++j) {
        ++order_id;
        orders.Add({absl::StrCat(order_id), Sql(absl::StrCat("SO-", order_id)),
                    absl::StrCat(id),
                    absl::StrFormat("%d.%02d", 100 + id * 7 % 900, id % 100),
                    "'CNY'", absl::StrFormat("%d.00", 10 + id % 50),
                    "'shipped'", Sql(DateTime(t + j)), Sql(DateTime(t + j))});
        ++facts["erp"];
      }
    } else if (s == "finance") {
      fin_customers.Add(
          {absl::StrCat(id), Sql(r.source_record_id()),
           org ? "'company'" : "'person'", Sql(r.name()),
           org ? Sql(r.national_id()) : "NULL",
           org ? "NULL" : Sql(r.national_id()), Sql(r.birth_date()), Gender(r),
           Sql(First(r.phones(), 0)), Sql(First(r.emails(), 0)),
           Sql(a.address_line()), Sql(a.city()), Sql(a.region()),
           Sql(a.postal_code()), Sql(a.country()), Sql(DateTime(t))});
      for (int j = 0; j < static_cast<int>(id % 3); ++j) {
        ++invoice_id;
        const char* status = j == 0 ? "paid" : (id % 2 ? "overdue" : "open");
        const int64_t due = t + 30 * 86400;
        invoices.Add({absl::StrCat(invoice_id),
                      Sql(absl::StrCat("INV-", invoice_id)), absl::StrCat(id),
                      absl::StrFormat("%d.50", 200 + id % 800), "'CNY'",
                      Sql(DateTime(t + j)), Sql(DateTime(due).substr(0, 10)),
                      Sql(status), Sql(DateTime(t + j))});
        ++facts["finance"];
        if (j == 0) {
          ++payment_id;
          // Every fourth payment comes late.
          const int64_t paid = due + (payment_id % 4 == 0 ? 9 : -3) * 86400;
          payments.Add(
              {absl::StrCat(payment_id), Sql(absl::StrCat("PAY-", payment_id)),
               absl::StrCat(id), absl::StrCat(invoice_id),
               absl::StrFormat("%d.50", 200 + id % 800), Sql(DateTime(paid)),
               Sql(DateTime(due).substr(0, 10)), Sql(DateTime(t + j))});
          ++facts["finance"];
        }
      }
      if (org) {
        credit.Add({absl::StrCat(id), absl::StrCat(100000 + id * 1000, ".00"),
                    "'CNY'", id % 2 ? "'A'" : "'BBB'", Sql(DateTime(t))});
        ++facts["finance"];
      }
    } else {
      // One call, and a second one a day later for every fifth caller.
      const int n = id % 5 == 0 ? 2 : 1;
      for (int j = 0; j < n; ++j) {
        const int64_t when = t + j * 86400;
        r.mutable_updated_at()->set_seconds(when);
        nlohmann::json line = {{"call_id", absl::StrCat("CALL-", ++call_id)},
                               {"time", Rfc3339(when)},
                               {"customer_id", r.source_record_id()},
                               {"caller_name", r.name()},
                               {"caller_phone", First(r.phones(), 0)},
                               {"topic", id % 7 == 0 ? "complaint" : "billing"},
                               {"complaint", id % 7 == 0},
                               {"outcome", "resolved"}};
        if (org) line["caller_kind"] = "organization";
        if (!r.emails().empty()) line["caller_email"] = r.emails(0);
        const std::string file =
            absl::StrCat("interactions-",
                         absl::FormatTime("%Y%m%d", absl::FromUnixSeconds(when),
                                          absl::UTCTimeZone()),
                         ".jsonl");
        calls[file] += line.dump() + "\n";
        ++facts["callcenter"];
      }
    }
    ++records[s];
    WriteCsvRow(csv[s], r);
  }
  std::ofstream(out_dir + "/erp.sql") << erp_customers.Text() << orders.Text();
  std::ofstream(out_dir + "/finance.sql")
      << fin_customers.Text() << invoices.Text() << payments.Text()
      << credit.Text();
  for (const auto& [file, lines] : calls) {
    std::ofstream(out_dir + "/callcenter/" + file) << lines;
  }
  std::ofstream counts(out_dir + "/counts.txt");
  for (const char* s : {"erp", "finance", "callcenter"}) {
    counts << s << " records " << records[s] << " facts " << facts[s] << "\n";
  }
  return 0;
}
