// The MariaDB server the tests run against: started by the ctest fixture
// `mariadb` (tests/integration/mariadb_fixture.sh), which writes its
// connection details to a file named by $MDM_MYSQL_TEST_ENV. Header-only so
// the unit and the integration tests share it without a library.
#pragma once

#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace mdm::testing {

struct MysqlTestServer {
  std::string host;
  int port = 0;
  std::string user;  // the hub's account; may create databases mdm*
  std::string password;
  std::string admin_user;  // root over TCP, no password

  // Reads $MDM_MYSQL_TEST_ENV. FailedPrecondition (so the test fails, never
  // skips) when the variable or the file is missing: run the test through
  // ctest, which starts the server first.
  static absl::StatusOr<MysqlTestServer> FromEnv() {
    absl::StatusOr<std::map<std::string, std::string>> vars =
        ReadConnectionEnv("MDM_MYSQL_TEST_ENV", "mariadb");
    if (!vars.ok()) return vars.status();
    return FromVars(*vars);
  }

  // The variables of a fixture's connection.env file named by $env_var
  // (KEY=VALUE lines); the error names `fixture`, the ctest fixture that
  // writes it.
  static absl::StatusOr<std::map<std::string, std::string>> ReadConnectionEnv(
      const char* env_var, const char* fixture) {
    const char* path = std::getenv(env_var);
    if (path == nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat(env_var, " is not set: run through ctest (fixture '",
                       fixture, "' starts the server)"));
    }
    std::ifstream in(path);
    if (!in) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot read ", path, ": did the ", fixture, " fixture start?"));
    }
    std::map<std::string, std::string> vars;
    for (std::string line; std::getline(in, line);) {
      const size_t eq = line.find('=');
      if (eq != std::string::npos)
        vars[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return vars;
  }

  // The server named by MDM_MYSQL_HOST, MDM_MYSQL_PORT, MDM_MYSQL_USER,
  // MDM_MYSQL_PASSWORD and MDM_MYSQL_ADMIN_USER.
  static absl::StatusOr<MysqlTestServer> FromVars(
      std::map<std::string, std::string> vars) {
    MysqlTestServer s;
    s.host = vars["MDM_MYSQL_HOST"];
    s.user = vars["MDM_MYSQL_USER"];
    s.password = vars["MDM_MYSQL_PASSWORD"];
    s.admin_user = vars["MDM_MYSQL_ADMIN_USER"];
    if (!absl::SimpleAtoi(vars["MDM_MYSQL_PORT"], &s.port) || s.host.empty()) {
      return absl::FailedPreconditionError(
          "the fixture's connection.env lacks MDM_MYSQL_HOST or "
          "MDM_MYSQL_PORT");
    }
    return s;
  }
};

}  // namespace mdm::testing
