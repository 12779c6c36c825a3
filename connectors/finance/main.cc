// mdm-connector-finance: streams the finance database (customers, invoices,
// payments, credit lines) into the hub. See finance_source.h and schema.sql;
// the command line and config are connectors/sdk/connector_main.h's.
#include <iostream>

#include "connectors/finance/finance_source.h"
#include "connectors/sdk/connector_main.h"

int main(int argc, char** argv) {
  mdm::connectors::SourceRegistry registry;
  if (absl::Status s =
          mdm::connectors::finance::RegisterFinanceSource(registry);
      !s.ok()) {
    std::cerr << "error: " << s << "\n";
    return 1;
  }
  return mdm::connectors::ConnectorMain(argc, argv, registry);
}
