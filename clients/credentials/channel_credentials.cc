#include "clients/credentials/channel_credentials.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace mdm::client {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  return text.str();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentials(
    const ClientSecurity& security) {
  if (security.ca_file.empty()) {
    if (!security.token.empty() || !security.cert_file.empty()) {
      return absl::InvalidArgumentError(
          "a token or client certificate needs TLS: give the hub's CA");
    }
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions options;
  absl::StatusOr<std::string> ca = ReadFile(security.ca_file);
  if (!ca.ok()) return ca.status();
  options.pem_root_certs = *std::move(ca);
  if (!security.cert_file.empty()) {
    absl::StatusOr<std::string> cert = ReadFile(security.cert_file);
    absl::StatusOr<std::string> key = ReadFile(security.key_file);
    if (!cert.ok()) return cert.status();
    if (!key.ok()) return key.status();
    options.pem_cert_chain = *std::move(cert);
    options.pem_private_key = *std::move(key);
  }
  std::shared_ptr<grpc::ChannelCredentials> tls = grpc::SslCredentials(options);
  if (security.token.empty()) return tls;
  return grpc::CompositeChannelCredentials(
      tls, grpc::AccessTokenCredentials(security.token));
}

absl::StatusOr<std::string> LoadToken(const std::string& path) {
  if (path.empty()) {
    const char* env = std::getenv("MDM_TOKEN");
    return std::string(env == nullptr ? "" : env);
  }
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  return std::string(absl::StripAsciiWhitespace(*text));
}

}  // namespace mdm::client
