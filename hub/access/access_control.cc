#include "hub/access/access_control.h"

#include <openssl/evp.h>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"

namespace mdm::access {
namespace {

absl::Status ConfigError(size_t index, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("auth config: tokens[", index, "]: ", what));
}

bool IsSha256Hex(absl::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!absl::ascii_isxdigit(c) || absl::ascii_isupper(c)) return false;
  }
  return true;
}

absl::StatusOr<Principal> TokenPrincipal(const nlohmann::json& entry,
                                         size_t index) {
  if (!entry.is_object()) return ConfigError(index, "not an object");
  Principal p;
  p.name = "token:" + entry.value("name", std::string());
  if (p.name == "token:") return ConfigError(index, "no name");
  auto role = ParseRole(entry.value("role", std::string()));
  if (!role.ok()) return ConfigError(index, role.status().message());
  p.role = *role;
  p.source = entry.value("source", std::string());
  if ((p.role == Role::kConnector) == p.source.empty()) {
    return ConfigError(index,
                       "a connector token needs a source; other "
                       "roles take none");
  }
  for (const auto& scope : entry.value("scopes", nlohmann::json::array())) {
    if (scope != "pii") return ConfigError(index, "unknown scope");
    p.pii = true;
  }
  return p;
}

absl::StatusOr<RateLimit> ParseRate(const nlohmann::json& j,
                                    absl::string_view where) {
  if (!j.is_object() || !j.contains("per_second") ||
      !j["per_second"].is_number() || j["per_second"].get<double>() <= 0 ||
      !j.value("burst", nlohmann::json(1)).is_number()) {
    return absl::InvalidArgumentError(
        absl::StrCat("auth config: ", where,
                     ": expected {\"per_second\": N > 0, \"burst\": N}"));
  }
  RateLimit r;
  r.per_second = j["per_second"].get<double>();
  r.burst = j.value("burst", r.per_second);
  return r;
}

}  // namespace

std::string Sha256Hex(absl::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), size));
}

AccessControl AccessControl::Open() {
  AccessControl ac;
  ac.enabled_ = false;
  return ac;
}

absl::StatusOr<AccessControl> AccessControl::FromJson(absl::string_view json) {
  nlohmann::json doc =
      nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("tokens") ||
      !doc["tokens"].is_array()) {
    return absl::InvalidArgumentError(
        "auth config: expected {\"tokens\": [...]}");
  }
  AccessControl ac;
  for (size_t i = 0; i < doc["tokens"].size(); ++i) {
    const nlohmann::json& entry = doc["tokens"][i];
    ASSIGN_OR_RETURN(Principal p, TokenPrincipal(entry, i));
    const std::string hash = entry.value("sha256", std::string());
    if (!IsSha256Hex(hash)) {
      return ConfigError(i, "sha256 must be 64 lower-case hex digits");
    }
    if (entry.contains("rate")) {
      ASSIGN_OR_RETURN(
          ac.rate_limits_.by_principal[p.name],
          ParseRate(entry["rate"], absl::StrCat("tokens[", i, "].rate")));
    }
    if (!ac.tokens_.emplace(hash, std::move(p)).second) {
      return ConfigError(i, "the same token hash appears twice");
    }
  }
  const nlohmann::json limits = doc.contains("rate_limits")
                                    ? doc["rate_limits"]
                                    : nlohmann::json::object();
  if (!limits.is_object()) {
    return absl::InvalidArgumentError(
        "auth config: rate_limits: not an object");
  }
  for (const auto& [name, rate] : limits.items()) {
    ASSIGN_OR_RETURN(Role role, ParseRole(name));
    ASSIGN_OR_RETURN(ac.rate_limits_.by_role[role],
                     ParseRate(rate, absl::StrCat("rate_limits.", name)));
  }
  return ac;
}

absl::StatusOr<Principal> AccessControl::Authenticate(
    std::optional<absl::string_view> bearer_token,
    std::optional<absl::string_view> client_cert_cn) const {
  if (!enabled_) return Principal{"anonymous", Role::kAdmin, "", true};
  if (bearer_token.has_value()) {
    auto it = tokens_.find(Sha256Hex(*bearer_token));
    if (it == tokens_.end()) {
      return absl::UnauthenticatedError("unknown bearer token");
    }
    return it->second;
  }
  if (client_cert_cn.has_value() && !client_cert_cn->empty()) {
    return Principal{absl::StrCat("cert:", *client_cert_cn), Role::kConnector,
                     std::string(*client_cert_cn), false};
  }
  return absl::UnauthenticatedError(
      "no credentials: send \"authorization: Bearer TOKEN\" or a client "
      "certificate signed by the hub's client CA");
}

}  // namespace mdm::access
