// mdm-connector-callcenter: follows the telephony system's interaction logs
// into the hub. See callcenter_source.h for the log format and settings,
// connectors/sdk/connector_main.h for the command line and config.
#include <iostream>

#include "connectors/callcenter/callcenter_source.h"
#include "connectors/sdk/connector_main.h"

int main(int argc, char** argv) {
  mdm::connectors::SourceRegistry registry;
  if (absl::Status s =
          mdm::connectors::callcenter::RegisterCallcenterSource(registry);
      !s.ok()) {
    std::cerr << "error: " << s << "\n";
    return 1;
  }
  return mdm::connectors::ConnectorMain(argc, argv, registry);
}
