// Configuration of one hub process, filled from flags by main.cc only;
// libraries receive this struct and never read flags themselves.
#pragma once

#include <optional>
#include <string>

#include "hub/server/transport_security.h"

namespace mdm::server {

struct HubConfig {
  // HOST:PORT to listen on; port 0 picks a free port (see HubServer::port()).
  std::string listen = "127.0.0.1:50051";
  // "sqlite:PATH" (embedded, the default).
  std::string store = "sqlite:mdm-hub.db";
  // Seconds in-flight calls get to finish on shutdown before they are
  // cancelled.
  int shutdown_grace_seconds = 10;
  // Largest request message accepted, in bytes.
  int max_receive_message_bytes = 16 * 1024 * 1024;
  // HOST:PORT to serve Prometheus metrics on over HTTP (/metrics); port 0
  // picks a free port (see HubServer::metrics_port()). Empty: no metrics are
  // collected or served.
  std::string metrics_listen;
  // Insight rules file (hub/insight/rules.h, `name = value` lines); empty:
  // the documented defaults.
  std::string insight_rules;
  // Decision thresholds (log2 match weight) overriding the scoring model's
  // (link 12, review 8); nullopt keeps the model's.
  std::optional<double> link_threshold;
  std::optional<double> review_threshold;
  // Survivorship rules file (JSON, see hub/golden/rules.h) applied at start
  // unless it is the text applied last time; empty: the stored rules (or the
  // defaults) stay in force.
  std::string survivorship_rules_file;
  // TLS of the gRPC listener; all empty: plaintext.
  TlsFiles tls;
  // JSON file of hashed bearer tokens and their roles
  // (hub/access/access_control.h); empty: open dev mode, every caller is an
  // admin (allowed on loopback only).
  std::string auth_config;
  // Serve a non-loopback address without TLS or authentication.
  bool insecure = false;
};

}  // namespace mdm::server
