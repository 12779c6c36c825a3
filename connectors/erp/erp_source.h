// The ERP Source (schema.sql): customers become source records (a
// soft-deleted customer becomes a retraction), sales orders become
// transaction facts ("order/<order_no>") of their customer. Both tables are
// read incrementally by (updated_at, id) (connectors/sql/watermark_reader.h).
//
// Dead letters: a customer without a customer_code or without a name, an
// order without an amount or whose customer does not exist.
//
// Settings: the database (watermark_reader.h's DatabaseSettings): {"host",
// "port", "user", "database", "password_env", "settle_ms", "time_zone"}.
#pragma once

#include "connectors/sdk/source_registry.h"
#include "connectors/sql/watermark_reader.h"

namespace mdm::connectors::erp {

// The table specs, exposed for tests.
std::vector<sql_source::TableSpec> ErpTables();

// Registers type "erp".
absl::Status RegisterErpSource(SourceRegistry& registry);

}  // namespace mdm::connectors::erp
