// The command-line flags every client binary (mdmctl, the connectors) offers
// for reaching a hub with TLS and a bearer token, defined once so that their
// meaning and help stay the same everywhere.
#pragma once

#include <grpcpp/security/credentials.h>

#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "clients/credentials/channel_credentials.h"

namespace mdm::client {

struct CredentialFlags {
  ClientSecurity security;  // token left empty: it comes from token_file
  std::string token_file;
};

// Adds --ca, --cert, --key and `token_flag` (the binary's spelling, e.g.
// "--token-file") to `app`, filling `*flags` when it parses.
void AddCredentialFlags(CLI::App& app, const std::string& token_flag,
                        CredentialFlags* flags);

// The channel credentials the parsed flags ask for: the token read from
// token_file or $MDM_TOKEN (LoadToken), then ChannelCredentials.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> CredentialsFromFlags(
    const CredentialFlags& flags);

}  // namespace mdm::client
