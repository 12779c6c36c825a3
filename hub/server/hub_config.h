// Configuration of one hub process, filled from flags by main.cc only;
// libraries receive this struct and never read flags themselves.
#pragma once

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
