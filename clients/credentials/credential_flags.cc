#include "clients/credentials/credential_flags.h"

#include "hub/common/status_macros.h"

namespace mdm::client {

void AddCredentialFlags(CLI::App& app, const std::string& token_flag,
                        CredentialFlags* flags) {
  app.add_option("--ca", flags->security.ca_file,
                 "CA of the hub's TLS certificate (PEM); enables TLS");
  app.add_option("--cert", flags->security.cert_file,
                 "Client certificate (PEM) for mutual TLS (a connector's "
                 "common name is its source)");
  app.add_option("--key", flags->security.key_file,
                 "Private key of --cert (PEM)");
  app.add_option(token_flag, flags->token_file,
                 "File holding the bearer token (default: env MDM_TOKEN)");
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> CredentialsFromFlags(
    const CredentialFlags& flags) {
  ClientSecurity security = flags.security;
  ASSIGN_OR_RETURN(security.token, LoadToken(flags.token_file));
  return ChannelCredentials(security);
}

}  // namespace mdm::client
