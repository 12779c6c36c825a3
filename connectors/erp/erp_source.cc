#include "connectors/erp/erp_source.h"

#include "absl/strings/str_cat.h"

namespace mdm::connectors::erp {
namespace {

using sql_source::Row;
using sql_source::TableSpec;

// Columns after the reader's three (id, updated_at, updated_at micros).
constexpr char kCustomers[] =
    "SELECT c.id, c.updated_at,"
    " CAST(UNIX_TIMESTAMP(c.updated_at) * 1000000 AS SIGNED),"
    " c.customer_code, c.kind, c.name, c.national_id, c.birth_date,"
    " c.gender, c.phone, c.mobile, c.email, c.address, c.city, c.region,"
    " c.postal_code, c.country, c.tier, c.deleted FROM customers c";

constexpr char kOrders[] =
    "SELECT o.id, o.updated_at,"
    " CAST(UNIX_TIMESTAMP(o.updated_at) * 1000000 AS SIGNED),"
    " o.order_no, c.customer_code, o.amount, o.currency, o.profit, o.status,"
    " CAST(UNIX_TIMESTAMP(o.ordered_at) * 1000000 AS SIGNED)"
    " FROM sales_orders o LEFT JOIN customers c ON c.id = o.customer_id";

void MapCustomer(const Row& row, Batch* batch) {
  const std::string code = row.Text(1);
  const std::string origin = absl::StrCat("customers id=", row.id());
  if (code.empty() || row.Text(3).empty()) {
    batch->dead_letters.push_back(
        {origin, "customer without customer_code or name", row.Describe()});
    return;
  }
  if (row.Int(16) != 0) {
    batch->changes.push_back(Change::Delete(code, row.updated_at_us(), origin));
    return;
  }
  v1::SourceRecord r;
  r.set_source_record_id(code);
  r.set_kind(row.Text(2) == "company" ? v1::ORGANIZATION : v1::PERSON);
  r.set_name(row.Text(3));
  r.set_national_id(row.Text(4));
  r.set_birth_date(row.Text(5));
  const std::string gender = row.Text(6);
  r.set_gender(gender == "M"   ? v1::MALE
               : gender == "F" ? v1::FEMALE
                               : v1::GENDER_UNSPECIFIED);
  for (int phone : {7, 8}) {
    if (!row.Text(phone).empty()) r.add_phones(row.Text(phone));
  }
  if (!row.Text(9).empty()) r.add_emails(row.Text(9));
  v1::PostalAddress* a = r.mutable_address();
  a->set_address_line(row.Text(10));
  a->set_city(row.Text(11));
  a->set_region(row.Text(12));
  a->set_postal_code(row.Text(13));
  a->set_country(row.Text(14));
  if (!row.Text(15).empty())
    (*r.mutable_attributes())["customer_tier"] = row.Text(15);
  SetTimestamp(row.updated_at_us(), r.mutable_updated_at());
  batch->changes.push_back(Change::Upsert(std::move(r), origin));
}

void MapOrder(const Row& row, Batch* batch) {
  const std::string origin = absl::StrCat("sales_orders id=", row.id());
  if (row.Text(2).empty() || row.IsNull(3) || row.Text(1).empty()) {
    batch->dead_letters.push_back(
        {origin, "order without order_no, amount or a known customer",
         row.Describe()});
    return;
  }
  v1::Fact f;
  f.set_source_record_id(row.Text(2));
  f.set_fact_id(absl::StrCat("order/", row.Text(1)));
  SetTimestamp(row.Int(7), f.mutable_occurred_at());
  v1::Transaction* t = f.mutable_transaction();
  t->set_kind("order");
  t->set_amount(row.Text(3));
  t->set_currency(row.Text(4));
  t->set_profit(row.Text(5));
  t->set_status(row.Text(6));
  batch->changes.push_back(Change::FactOf(std::move(f), origin));
}

}  // namespace

std::vector<TableSpec> ErpTables() {
  return {{"customers", kCustomers, "c", MapCustomer},
          {"sales_orders", kOrders, "o", MapOrder}};
}

absl::Status RegisterErpSource(SourceRegistry& registry) {
  return registry.Register("erp",
                           sql_source::WatermarkSourceFactory(ErpTables));
}

}  // namespace mdm::connectors::erp
