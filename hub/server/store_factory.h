// Opens the Store named by a --store URL.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hub/store/mysql_conn.h"
#include "hub/store/store.h"

namespace mdm::server {

// Environment variables the MySQL store's password comes from (never the
// command line, where `ps` shows it to every user of the machine).
inline constexpr char kMysqlPasswordEnv[] = "MDM_MYSQL_PASSWORD";
inline constexpr char kMysqlPasswordFileEnv[] = "MDM_MYSQL_PASSWORD_FILE";

// Looks up an environment variable: its value, or nullptr when unset.
using EnvLookup = std::function<const char*(const char* name)>;

// "sqlite:PATH" -> the embedded SQLite store at PATH (created if missing).
// "mysql://USER@HOST:PORT/DB" -> the MySQL store in database DB (created if
// missing and allowed), password from the environment (see
// MysqlPasswordFromEnv). "mysql://USER@H1:P1,H2:P2,H3:P3/DB" names the nodes
// of a Galera cluster: the store connects to the first that accepts, in that
// order, and fails over to the next when its node dies (MysqlPool). Anything
// else is InvalidArgument naming the supported forms. `env` defaults to the
// process environment.
absl::StatusOr<std::unique_ptr<Store>> OpenStore(absl::string_view url);
absl::StatusOr<std::unique_ptr<Store>> OpenStore(absl::string_view url,
                                                 const EnvLookup& env);

// Parses "mysql://USER@HOST:PORT[,HOST:PORT...]/DB" into options (password
// left empty), one MysqlServer per HOST:PORT in the given order. PORT may be
// left out (3306). A password in the URL, an empty part, a bad port or a bad
// database name is InvalidArgument naming the expected form.
absl::StatusOr<MysqlOptions> ParseMysqlUrl(absl::string_view url);

// The password: $MDM_MYSQL_PASSWORD, or the contents of the file named by
// $MDM_MYSQL_PASSWORD_FILE (one trailing newline removed, as `echo` and
// Kubernetes secrets leave one). nullopt when neither is set (an account
// without a password). Both set is InvalidArgument (which one wins would be a
// guess); an unreadable file is FailedPrecondition naming it.
absl::StatusOr<std::optional<std::string>> MysqlPasswordFromEnv(
    const EnvLookup& env);

}  // namespace mdm::server
