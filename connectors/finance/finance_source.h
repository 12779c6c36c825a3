// The finance Source (schema.sql): customers become source records
// (companies carry their unified social credit code as national_id, persons
// their resident id); invoices, payments and credit lines become transaction
// facts of their customer, for credit scoring:
// - "invoice/<no>": status as the finance system keeps it; an overdue one
//   carries attribute days_overdue;
// - "payment/<no>": status "late" with days_late when paid after its due
//   date, else "on_time";
// - "credit_line/<account>": the limit as amount, the rating as status.
// All tables are read incrementally by (updated_at, id)
// (connectors/sql/watermark_reader.h).
//
// Dead letters: a customer without account_no or name, a company whose
// credit code is not 18 characters, a fact whose customer does not exist.
//
// Settings: the database, as for the ERP connector.
#pragma once

#include "connectors/sdk/source_registry.h"
#include "connectors/sql/watermark_reader.h"

namespace mdm::connectors::finance {

std::vector<sql_source::TableSpec> FinanceTables();

// Registers type "finance".
absl::Status RegisterFinanceSource(SourceRegistry& registry);

}  // namespace mdm::connectors::finance
