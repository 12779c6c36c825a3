// The real mdm-hub on the MySQL store (the MariaDB server of the ctest fixture
// `mariadb`): the sample import survives a restart byte for byte and resolves
// exactly as on the embedded SQLite store. The password reaches the hub only
// through its environment (MDM_MYSQL_PASSWORD).
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/test_data.h"
#include "tests/unit/store/mysql_test_server.h"

namespace mdm::integration {
namespace {

const std::vector<std::string> kSources = {"erp", "finance", "callcenter"};

class MysqlStoreHubTest : public ::testing::Test {
 protected:
  // Imports the sample files into `hub` and returns `mdmctl export xref`.
  static std::string ImportAndExport(HubProcess& hub) {
    for (const std::string& source : kSources) {
      auto result =
          hub.Mdmctl({"import", "--source", source, SampleCsv(source)});
      EXPECT_TRUE(result.ok()) << result.status();
      if (result.ok()) {
        EXPECT_EQ(result->exit_code, 0) << result->out << result->err;
      }
    }
    return Export(hub);
  }

  static std::string Export(HubProcess& hub) {
    auto result = hub.Mdmctl({"export", "xref"});
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return "";
    EXPECT_EQ(result->exit_code, 0) << result->err;
    return result->out;
  }
};

TEST_F(MysqlStoreHubTest, SampleImportSurvivesRestartAndMatchesSqlite) {
  absl::StatusOr<testing::MysqlTestServer> server =
      testing::MysqlTestServer::FromEnv();
  ASSERT_TRUE(server.ok()) << server.status();

  // The reference: the same import on the embedded store.
  std::string sqlite_xref;
  {
    ScopedTempDir dir;
    auto hub = HubProcess::Start(dir.path());
    ASSERT_TRUE(hub.ok()) << hub.status();
    sqlite_xref = ImportAndExport(**hub);
    ASSERT_TRUE((*hub)->Stop().ok());
  }
  ASSERT_FALSE(sqlite_xref.empty());

  ScopedTempDir dir;
  HubProcess::Options options;
  options.store_url = absl::StrCat("mysql://", server->user, "@", server->host,
                                   ":", server->port, "/mdm_it", getpid());
  options.extra_env = {absl::StrCat("MDM_MYSQL_PASSWORD=", server->password)};
  auto hub = HubProcess::Start(dir.path(), options);
  ASSERT_TRUE(hub.ok()) << hub.status();
  const std::string mysql_xref = ImportAndExport(**hub);
  EXPECT_EQ(mysql_xref, sqlite_xref);

  absl::Status restarted = (*hub)->Restart();
  ASSERT_TRUE(restarted.ok()) << restarted << "\n" << (*hub)->Log();
  EXPECT_EQ(Export(**hub), mysql_xref);
  EXPECT_TRUE((*hub)->Stop().ok()) << (*hub)->Log();
}

TEST_F(MysqlStoreHubTest, WrongPasswordStopsTheHubWithAClearError) {
  absl::StatusOr<testing::MysqlTestServer> server =
      testing::MysqlTestServer::FromEnv();
  ASSERT_TRUE(server.ok()) << server.status();
  ScopedTempDir dir;
  HubProcess::Options options;
  options.store_url = absl::StrCat("mysql://", server->user, "@", server->host,
                                   ":", server->port, "/mdm_it", getpid());
  options.extra_env = {"MDM_MYSQL_PASSWORD=not-the-password"};
  auto hub = HubProcess::Start(dir.path(), options);
  ASSERT_FALSE(hub.ok());
  EXPECT_NE(hub.status().message().find("Access denied"), std::string::npos)
      << hub.status();
}

}  // namespace
}  // namespace mdm::integration
