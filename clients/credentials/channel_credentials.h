// Client side of the hub's transport security, shared by mdmctl, the
// connectors and the tests: TLS with the hub's CA, an optional client
// certificate (mutual TLS: connectors), an optional bearer token.
#pragma once

#include <grpcpp/security/credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace mdm::client {

struct ClientSecurity {
  std::string ca_file;    // PEM of the CA that signed the hub's certificate
  std::string cert_file;  // client certificate (PEM), for mutual TLS
  std::string key_file;   // its private key (PEM)
  std::string token;      // bearer token, sent as "authorization: Bearer"
};

// Plaintext when nothing is set (dev hub on loopback). A token or a client
// certificate needs the CA: neither travels in clear.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentials(
    const ClientSecurity& security);

// The token in `path` (surrounding whitespace dropped) when `path` is not
// empty, else $MDM_TOKEN, else "". Tokens never go on a command line, where
// `ps` shows them.
absl::StatusOr<std::string> LoadToken(const std::string& path);

}  // namespace mdm::client
