#include "hub/server/transport_security.h"

#include <grpcpp/security/server_credentials.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "hub/common/status_macros.h"

namespace mdm::server {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path,
                                    absl::string_view flag) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("--", flag, ": cannot read ", path));
  }
  return text.str();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(
    const TlsFiles& files) {
  if (files.cert.empty()) {
    if (!files.key.empty() || !files.client_ca.empty()) {
      return absl::FailedPreconditionError(
          "--tls_key and --tls_client_ca need --tls_cert");
    }
    return grpc::InsecureServerCredentials();
  }
  grpc::SslServerCredentialsOptions options(
      files.client_ca.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                              : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  ASSIGN_OR_RETURN(pair.cert_chain, ReadPem(files.cert, "tls_cert"));
  ASSIGN_OR_RETURN(pair.private_key, ReadPem(files.key, "tls_key"));
  options.pem_key_cert_pairs.push_back(std::move(pair));
  if (!files.client_ca.empty()) {
    ASSIGN_OR_RETURN(options.pem_root_certs,
                     ReadPem(files.client_ca, "tls_client_ca"));
  }
  return grpc::SslServerCredentials(options);
}

bool IsLoopback(absl::string_view host_port) {
  absl::string_view host = host_port;
  if (absl::ConsumePrefix(&host, "[")) {
    host = host.substr(0, host.find(']'));
  } else {
    host = host.substr(0, host.rfind(':'));
  }
  return host == "localhost" || host == "::1" || absl::StartsWith(host, "127.");
}

absl::Status CheckExposure(absl::string_view listen, bool tls, bool auth,
                           bool insecure) {
  if (insecure || IsLoopback(listen) || (tls && auth)) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "refusing to serve ", listen, " without ",
      tls ? "" : "TLS (--tls_cert/--tls_key)", tls || auth ? "" : " and ",
      auth ? "" : "authentication (--auth_config)",
      ": only loopback addresses may be open; pass --insecure to override"));
}

}  // namespace mdm::server
