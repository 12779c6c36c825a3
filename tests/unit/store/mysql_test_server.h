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
    const char* path = std::getenv("MDM_MYSQL_TEST_ENV");
    if (path == nullptr) {
      return absl::FailedPreconditionError(
          "MDM_MYSQL_TEST_ENV is not set: run through ctest (fixture "
          "'mariadb' starts the server), e.g. ctest -R MysqlStore");
    }
    std::ifstream in(path);
    if (!in) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot read ", path, ": did the mariadb fixture start?"));
    }
    std::map<std::string, std::string> vars;
    for (std::string line; std::getline(in, line);) {
      const size_t eq = line.find('=');
      if (eq != std::string::npos)
        vars[line.substr(0, eq)] = line.substr(eq + 1);
    }
    MysqlTestServer s;
    s.host = vars["MDM_MYSQL_HOST"];
    s.user = vars["MDM_MYSQL_USER"];
    s.password = vars["MDM_MYSQL_PASSWORD"];
    s.admin_user = vars["MDM_MYSQL_ADMIN_USER"];
    if (!absl::SimpleAtoi(vars["MDM_MYSQL_PORT"], &s.port) || s.host.empty()) {
      return absl::FailedPreconditionError(
          absl::StrCat(path, " lacks MDM_MYSQL_HOST or MDM_MYSQL_PORT"));
    }
    return s;
  }
};

}  // namespace mdm::testing
