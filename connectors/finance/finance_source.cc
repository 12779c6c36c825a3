#include "connectors/finance/finance_source.h"

#include "absl/strings/str_cat.h"

namespace mdm::connectors::finance {
namespace {

using sql_source::Row;
using sql_source::TableSpec;

#define MDM_FIXED(a)                                          \
  "SELECT " a ".id, " a ".updated_at, CAST(UNIX_TIMESTAMP(" a \
  ".updated_at) * 1000000 AS SIGNED), "
constexpr char kCustomers[] = MDM_FIXED("c")
    "c.account_no, c.kind, c.name, c.credit_code, c.resident_id,"
    " c.birth_date, c.gender, c.phone, c.email, c.billing_address, c.city,"
    " c.region, c.postal_code, c.country, c.income_band"
    " FROM fin_customers c";
constexpr char kInvoices[] = MDM_FIXED("i")
    "i.invoice_no, c.account_no, i.amount, i.currency, i.status,"
    " CAST(UNIX_TIMESTAMP(i.issued_at) * 1000000 AS SIGNED),"
    " CAST(UNIX_TIMESTAMP(i.due_date) * 1000000 AS SIGNED),"
    " GREATEST(0, DATEDIFF(CURRENT_DATE, i.due_date))"
    " FROM invoices i LEFT JOIN fin_customers c ON c.id = i.customer_id";
constexpr char kPayments[] = MDM_FIXED("p")
    "p.payment_no, c.account_no, p.amount, p.currency,"
    " CAST(UNIX_TIMESTAMP(p.paid_at) * 1000000 AS SIGNED),"
    " CAST(UNIX_TIMESTAMP(p.due_date) * 1000000 AS SIGNED),"
    " DATEDIFF(DATE(p.paid_at), p.due_date)"
    " FROM payments p LEFT JOIN fin_customers c ON c.id = p.customer_id";
constexpr char kCredit[] = MDM_FIXED("l")
    "c.account_no, l.credit_limit, l.currency, l.rating"
    " FROM credit_lines l LEFT JOIN fin_customers c ON c.id = l.id";
#undef MDM_FIXED

void MapCustomer(const Row& row, Batch* batch) {
  const std::string origin = absl::StrCat("fin_customers id=", row.id());
  const std::string account = row.Text(1);
  const bool company = row.Text(2) == "company";
  const std::string credit_code = row.Text(4);
  if (account.empty() || row.Text(3).empty()) {
    batch->dead_letters.push_back(
        {origin, "customer without account_no or name", row.Describe()});
    return;
  }
  if (company && !credit_code.empty() && credit_code.size() != 18) {
    batch->dead_letters.push_back(
        {origin,
         absl::StrCat("credit code \"", credit_code, "\" is not 18 characters"),
         row.Describe()});
    return;
  }
  v1::SourceRecord r;
  r.set_source_record_id(account);
  r.set_kind(company ? v1::ORGANIZATION : v1::PERSON);
  r.set_name(row.Text(3));
  r.set_national_id(company ? credit_code : row.Text(5));
  r.set_birth_date(row.Text(6));
  const std::string gender = row.Text(7);
  r.set_gender(gender == "M"   ? v1::MALE
               : gender == "F" ? v1::FEMALE
                               : v1::GENDER_UNSPECIFIED);
  if (!row.Text(8).empty()) r.add_phones(row.Text(8));
  if (!row.Text(9).empty()) r.add_emails(row.Text(9));
  v1::PostalAddress* a = r.mutable_address();
  a->set_address_line(row.Text(10));
  a->set_city(row.Text(11));
  a->set_region(row.Text(12));
  a->set_postal_code(row.Text(13));
  a->set_country(row.Text(14));
  if (!row.Text(15).empty()) {
    (*r.mutable_attributes())["income_band"] = row.Text(15);
  }
  SetTimestamp(row.updated_at_us(), r.mutable_updated_at());
  batch->changes.push_back(Change::Upsert(std::move(r), origin));
}

// A transaction fact of the customer whose account_no is column 2; a dead
// letter when there is none. Returns nullptr then.
v1::Transaction* NewTransaction(const Row& row, const char* table,
                                const char* kind, int64_t occurred_at_us,
                                Batch* batch, v1::Fact* f) {
  const std::string origin = absl::StrCat(table, " id=", row.id());
  if (row.Text(1).empty() || row.Text(2).empty()) {
    batch->dead_letters.push_back(
        {origin, absl::StrCat(kind, " without a number or a known customer"),
         row.Describe()});
    return nullptr;
  }
  f->set_source_record_id(row.Text(2));
  f->set_fact_id(absl::StrCat(kind, "/", row.Text(1)));
  SetTimestamp(occurred_at_us, f->mutable_occurred_at());
  v1::Transaction* t = f->mutable_transaction();
  t->set_kind(kind);
  return t;
}

void MapInvoice(const Row& row, Batch* batch) {
  v1::Fact f;
  v1::Transaction* t =
      NewTransaction(row, "invoices", "invoice", row.Int(6), batch, &f);
  if (t == nullptr) return;
  t->set_amount(row.Text(3));
  t->set_currency(row.Text(4));
  t->set_status(row.Text(5));
  SetTimestamp(row.Int(7), t->mutable_due_at());
  if (row.Text(5) == "overdue") {
    (*f.mutable_attributes())["days_overdue"] = row.Text(8);
  }
  batch->changes.push_back(
      Change::FactOf(std::move(f), absl::StrCat("invoices id=", row.id())));
}

void MapPayment(const Row& row, Batch* batch) {
  v1::Fact f;
  v1::Transaction* t =
      NewTransaction(row, "payments", "payment", row.Int(5), batch, &f);
  if (t == nullptr) return;
  t->set_amount(row.Text(3));
  t->set_currency(row.Text(4));
  const bool late = !row.IsNull(7) && row.Int(7) > 0;
  t->set_status(late ? "late" : "on_time");
  if (!row.IsNull(6)) SetTimestamp(row.Int(6), t->mutable_due_at());
  if (late) (*f.mutable_attributes())["days_late"] = row.Text(7);
  batch->changes.push_back(
      Change::FactOf(std::move(f), absl::StrCat("payments id=", row.id())));
}

void MapCredit(const Row& row, Batch* batch) {
  const std::string origin = absl::StrCat("credit_lines id=", row.id());
  if (row.Text(1).empty()) {
    batch->dead_letters.push_back(
        {origin, "credit line of an unknown customer", row.Describe()});
    return;
  }
  v1::Fact f;
  f.set_source_record_id(row.Text(1));
  f.set_fact_id(absl::StrCat("credit_line/", row.Text(1)));
  SetTimestamp(row.updated_at_us(), f.mutable_occurred_at());
  v1::Transaction* t = f.mutable_transaction();
  t->set_kind("credit_line");
  t->set_amount(row.Text(2));
  t->set_currency(row.Text(3));
  t->set_status(row.Text(4));
  batch->changes.push_back(Change::FactOf(std::move(f), origin));
}

}  // namespace

std::vector<TableSpec> FinanceTables() {
  return {{"fin_customers", kCustomers, "c", MapCustomer},
          {"invoices", kInvoices, "i", MapInvoice},
          {"payments", kPayments, "p", MapPayment},
          {"credit_lines", kCredit, "l", MapCredit}};
}

absl::Status RegisterFinanceSource(SourceRegistry& registry) {
  return registry.Register("finance",
                           sql_source::WatermarkSourceFactory(FinanceTables));
}

}  // namespace mdm::connectors::finance
