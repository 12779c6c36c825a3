// mdm-connector-erp: streams the ERP database's customers and sales orders
// into the hub. See erp_source.h and schema.sql; the command line and config
// are connectors/sdk/connector_main.h's.
#include <iostream>

#include "connectors/erp/erp_source.h"
#include "connectors/sdk/connector_main.h"

int main(int argc, char** argv) {
  mdm::connectors::SourceRegistry registry;
  if (absl::Status s = mdm::connectors::erp::RegisterErpSource(registry);
      !s.ok()) {
    std::cerr << "error: " << s << "\n";
    return 1;
  }
  return mdm::connectors::ConnectorMain(argc, argv, registry);
}
