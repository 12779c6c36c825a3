// TLS for the gRPC listener, from PEM files (Kubernetes Secrets mount them),
// and the rule that keeps plaintext and open access on loopback: a hub on any
// other address must use TLS and tokens unless --insecure says otherwise.
#pragma once

#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "hub/common/string_view.h"

namespace mdm::server {

struct TlsFiles {
  std::string cert;       // server certificate chain (PEM); empty: plaintext
  std::string key;        // its private key (PEM)
  std::string client_ca;  // CA of client certificates (PEM); empty: none
                          // asked for (tokens only)
};

// Plaintext when `files.cert` is empty; else TLS, and with a client CA,
// client certificates are requested and, when sent, verified against it
// (callers with a token only need none).
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(
    const TlsFiles& files);

// True for 127.0.0.0/8, ::1 and localhost ("HOST:PORT" or "[::1]:PORT").
bool IsLoopback(absl::string_view host_port);

// FAILED_PRECONDITION when `listen` is not loopback and the hub would serve
// it without TLS or without authentication, unless `insecure`.
absl::Status CheckExposure(absl::string_view listen, bool tls, bool auth,
                           bool insecure);

}  // namespace mdm::server
