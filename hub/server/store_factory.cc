#include "hub/server/store_factory.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "hub/common/status_macros.h"
#include "hub/store/mysql_store.h"
#include "hub/store/sqlite_store.h"

namespace mdm::server {
namespace {

constexpr char kMysqlForm[] =
    "mysql://USER@HOST:PORT/DB (or, for the nodes of a Galera cluster, "
    "mysql://USER@HOST1:PORT1,HOST2:PORT2,.../DB)";

absl::Status BadMysqlUrl(absl::string_view url, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("invalid --store '", url, "': ", why, "; expected ",
                   kMysqlForm, " (password from $", kMysqlPasswordEnv,
                   " or a file named by $", kMysqlPasswordFileEnv, ")"));
}

// "HOST" or "HOST:PORT", one server of the URL's list.
absl::StatusOr<MysqlServer> ParseServer(absl::string_view url,
                                        absl::string_view host_port) {
  MysqlServer server;
  if (const size_t colon = host_port.rfind(':');
      colon != absl::string_view::npos) {
    if (!absl::SimpleAtoi(host_port.substr(colon + 1), &server.port) ||
        server.port <= 0 || server.port > 65535) {
      return BadMysqlUrl(url, "PORT must be a number from 1 to 65535");
    }
    host_port = host_port.substr(0, colon);
  }
  if (host_port.empty()) return BadMysqlUrl(url, "empty HOST");
  if (absl::StrContains(host_port, ':') || absl::StrContains(host_port, '@')) {
    return BadMysqlUrl(url, "HOST must be a name or an IPv4 address");
  }
  server.host = std::string(host_port);
  return server;
}

absl::StatusOr<std::unique_ptr<Store>> OpenMysql(absl::string_view url,
                                                 const EnvLookup& env) {
  ASSIGN_OR_RETURN(MysqlOptions options, ParseMysqlUrl(url));
  ASSIGN_OR_RETURN(std::optional<std::string> password,
                   MysqlPasswordFromEnv(env));
  const bool has_password = password.has_value();
  if (has_password) options.password = *std::move(password);
  absl::StatusOr<std::unique_ptr<MysqlStore>> store = MysqlStore::Open(options);
  if (!store.ok()) {
    if (store.status().code() == absl::StatusCode::kPermissionDenied &&
        !has_password) {
      return absl::PermissionDeniedError(absl::StrCat(
          store.status().message(), "; no password was given: set $",
          kMysqlPasswordEnv, " or $", kMysqlPasswordFileEnv));
    }
    return store.status();
  }
  return std::unique_ptr<Store>(*std::move(store));
}

}  // namespace

absl::StatusOr<MysqlOptions> ParseMysqlUrl(absl::string_view url) {
  absl::string_view rest = url;
  if (!absl::ConsumePrefix(&rest, "mysql://")) {
    return BadMysqlUrl(url, "not a mysql:// URL");
  }
  const size_t at = rest.find('@');
  if (at == absl::string_view::npos) return BadMysqlUrl(url, "no USER@");
  const absl::string_view user = rest.substr(0, at);
  if (user.empty()) return BadMysqlUrl(url, "empty USER");
  if (absl::StrContains(user, ':')) {
    return BadMysqlUrl(url, "a password never goes in the URL");
  }
  rest.remove_prefix(at + 1);
  const size_t slash = rest.find('/');
  if (slash == absl::string_view::npos) return BadMysqlUrl(url, "no /DB");
  const absl::string_view servers = rest.substr(0, slash);
  const absl::string_view database = rest.substr(slash + 1);

  MysqlOptions options;
  options.user = std::string(user);
  options.servers.clear();
  for (absl::string_view host_port : absl::StrSplit(servers, ',')) {
    ASSIGN_OR_RETURN(MysqlServer server, ParseServer(url, host_port));
    options.servers.push_back(std::move(server));
  }
  if (database.empty()) return BadMysqlUrl(url, "empty DB");
  for (char c : database) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '$';
    if (!ok || database.size() > 64) {
      return BadMysqlUrl(url,
                         "DB must be 1 to 64 letters, digits, '_', '-' or '$'");
    }
  }
  options.database = std::string(database);
  return options;
}

absl::StatusOr<std::optional<std::string>> MysqlPasswordFromEnv(
    const EnvLookup& env) {
  const char* value = env(kMysqlPasswordEnv);
  const char* file = env(kMysqlPasswordFileEnv);
  if (value != nullptr && file != nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("both $", kMysqlPasswordEnv, " and $",
                     kMysqlPasswordFileEnv, " are set; set only one"));
  }
  if (value != nullptr) return std::string(value);
  if (file == nullptr) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read the MySQL password file ", file, " ($",
                     kMysqlPasswordFileEnv, "): ", std::strerror(errno)));
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  std::string password = contents.str();
  if (absl::EndsWith(password, "\n")) password.pop_back();
  if (absl::EndsWith(password, "\r")) password.pop_back();
  return password;
}

absl::StatusOr<std::unique_ptr<Store>> OpenStore(absl::string_view url) {
  return OpenStore(url, [](const char* name) { return std::getenv(name); });
}

absl::StatusOr<std::unique_ptr<Store>> OpenStore(absl::string_view url,
                                                 const EnvLookup& env) {
  absl::string_view path = url;
  if (absl::ConsumePrefix(&path, "sqlite:")) {
    if (path.empty()) {
      return absl::InvalidArgumentError("--store sqlite: needs a file path");
    }
    ASSIGN_OR_RETURN(std::unique_ptr<SqliteStore> store,
                     SqliteStore::Open(std::string(path)));
    return std::unique_ptr<Store>(std::move(store));
  }
  if (absl::StartsWith(url, "mysql:")) return OpenMysql(url, env);
  return absl::InvalidArgumentError(absl::StrCat(
      "unsupported --store '", url, "': use sqlite:PATH or ", kMysqlForm));
}

}  // namespace mdm::server
