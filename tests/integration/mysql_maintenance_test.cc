// Admin.CheckStore and Admin.BackupStore on the MySQL store (the MariaDB
// server of the ctest fixture `mariadb`): the check runs CHECK TABLE and the
// same invariants as on SQLite, finds a store sound after an import and names
// an invariant broken behind the hub's back; a backup is refused with the
// mariadb-dump command to run instead.
#include <unistd.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mdm/v1/admin.grpc.pb.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/test_data.h"
#include "tests/unit/store/mysql_test_server.h"

namespace mdm::integration {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

class MysqlMaintenanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<testing::MysqlTestServer> server =
        testing::MysqlTestServer::FromEnv();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    HubProcess::Options options;
    options.store_url =
        absl::StrCat("mysql://", server_.user, "@", server_.host, ":",
                     server_.port, "/", database_);
    options.extra_env = {absl::StrCat("MDM_MYSQL_PASSWORD=", server_.password)};
    auto hub = HubProcess::Start(dir_.path(), options);
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = *std::move(hub);
    admin_ = v1::Admin::NewStub(hub_->Connect());
  }

  void TearDown() override {
    if (hub_ != nullptr) {
      EXPECT_TRUE(hub_->Stop().ok()) << hub_->Log();
    }
    Sql(absl::StrCat("DROP DATABASE IF EXISTS ", database_), "");
  }

  // Runs `sql` as the fixture's administrator in `db` (none when empty).
  void Sql(const std::string& sql, const std::string& db) {
    std::vector<std::string> argv = {"mariadb",
                                     "--no-defaults",
                                     absl::StrCat("-h", server_.host),
                                     absl::StrCat("-P", server_.port),
                                     absl::StrCat("-u", server_.admin_user),
                                     "-e",
                                     sql};
    if (!db.empty()) argv.push_back(db);
    auto result = RunCommand(argv);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->exit_code, 0) << result->err;
  }

  v1::CheckStoreResponse Check() {
    v1::CheckStoreResponse resp;
    grpc::ClientContext ctx;
    const grpc::Status status =
        admin_->CheckStore(&ctx, v1::CheckStoreRequest(), &resp);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return resp;
  }

  const std::string database_ = absl::StrCat("mdm_ck", getpid());
  testing::MysqlTestServer server_;
  ScopedTempDir dir_;
  std::unique_ptr<HubProcess> hub_;
  std::unique_ptr<v1::Admin::Stub> admin_;
};

// One import serves both halves (each hub start on MariaDB costs seconds).
TEST_F(MysqlMaintenanceTest, CheckStoreFindsAnImportSoundThenABrokenInvariant) {
  auto imported = hub_->Mdmctl({"import", "--source", "erp", SampleCsv("erp")});
  ASSERT_TRUE(imported.ok()) << imported.status();
  ASSERT_EQ(imported->exit_code, 0) << imported->err;
  const v1::CheckStoreResponse sound = Check();
  EXPECT_TRUE(sound.ok());
  EXPECT_TRUE(sound.problems().empty()) << sound.problems(0);
  EXPECT_GT(sound.records(), 0);
  EXPECT_GT(sound.entities(), 0);
  EXPECT_LE(sound.entities(), sound.records());

  // One golden record marked deleted behind the hub's back while its
  // records still point to it.
  Sql("UPDATE entities SET deleted = 1 WHERE deleted = 0 "
      "ORDER BY golden_id LIMIT 1",
      database_);
  const v1::CheckStoreResponse broken = Check();
  EXPECT_FALSE(broken.ok());
  EXPECT_THAT(broken.problems(),
              Contains(HasSubstr("point to no live entity")));
  EXPECT_EQ(broken.entities(), sound.entities() - 1);
}

TEST_F(MysqlMaintenanceTest, BackupStoreNamesTheDumpCommandToRun) {
  grpc::ClientContext ctx;
  auto reader = admin_->BackupStore(&ctx, v1::BackupStoreRequest());
  v1::BackupChunk chunk;
  EXPECT_FALSE(reader->Read(&chunk));
  const grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(),
              HasSubstr(absl::StrCat("mariadb-dump --single-transaction "
                                     "--no-tablespaces -h",
                                     server_.host, " -P", server_.port, " -u",
                                     server_.user, " ", database_)));
}

}  // namespace
}  // namespace mdm::integration
