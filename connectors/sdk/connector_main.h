// The whole main() of a connector binary, shared by all of them:
//
//   mdm-connector-erp --config erp.json [--hub HOST:PORT] [--log_level info]
//
// reads the JSON config, builds the Source through the binary's registry
// (validating its settings before anything is read), connects to the hub and
// runs the Runner until SIGTERM. Exit codes: 0 after a graceful stop, 1 on a
// fatal error, 2 on a bad command line or config.
//
// Config file (JSON):
//   {
//     "connector_id": "erp-main",      // name in the hub (Connectors API)
//     "source": "erp",                 // hub source of its records
//     "type": "erp",                   // Source type in the registry
//     "hub": "127.0.0.1:50051",
//     "dead_letter": "erp.deadletter.jsonl",
//     "poll_interval_ms": 1000, "batch_size": 500,
//     "backoff_initial_ms": 200, "backoff_max_ms": 10000,
//     "call_timeout_ms": 30000, "shutdown_grace_ms": 10000,
//     "stats_interval_ms": 10000,
//     "settings": { ... }              // the Source type's own settings
//   }
#pragma once

#include "connectors/sdk/source_registry.h"

namespace mdm::connectors {

int ConnectorMain(int argc, char** argv, const SourceRegistry& registry);

}  // namespace mdm::connectors
