// --store URL parsing and the MySQL password's sources; no server needed (the
// connecting half is in mysql_store_test.cc).
#include "hub/server/store_factory.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/unit/store/store_test_util.h"

namespace mdm::server {
namespace {

using ::mdm::testing::Must;

EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

TEST(StoreFactoryTest, ParsesMysqlUrl) {
  MysqlOptions o = Must(ParseMysqlUrl("mysql://mdm@db.internal:3307/hub_prod"));
  EXPECT_EQ(o.user, "mdm");
  ASSERT_EQ(o.servers.size(), 1u);
  EXPECT_EQ(o.servers[0].host, "db.internal");
  EXPECT_EQ(o.servers[0].port, 3307);
  EXPECT_EQ(o.database, "hub_prod");
  EXPECT_EQ(o.password, "");
  EXPECT_EQ(Must(ParseMysqlUrl("mysql://u@127.0.0.1/d")).servers[0].port, 3306);
}

TEST(StoreFactoryTest, ParsesServerListInOrder) {
  MysqlOptions o =
      Must(ParseMysqlUrl("mysql://mdm@db-2:3307,db-0,10.0.0.7:3308/hub"));
  ASSERT_EQ(o.servers.size(), 3u);
  EXPECT_EQ(o.servers[0].host, "db-2");
  EXPECT_EQ(o.servers[0].port, 3307);
  EXPECT_EQ(o.servers[1].host, "db-0");
  EXPECT_EQ(o.servers[1].port, 3306);
  EXPECT_EQ(o.servers[2].host, "10.0.0.7");
  EXPECT_EQ(o.servers[2].port, 3308);
  EXPECT_EQ(o.database, "hub");
  for (const char* url : {"mysql://u@a:1,,b:2/db", "mysql://u@a:1,b:x/db",
                          "mysql://u@a:1,/db", "mysql://u@,a:1/db"}) {
    EXPECT_EQ(ParseMysqlUrl(url).status().code(),
              absl::StatusCode::kInvalidArgument)
        << url;
  }
}

TEST(StoreFactoryTest, InvalidMysqlUrlsNameTheExpectedForm) {
  for (const char* url :
       {"mysql://", "mysql://host:3306/db", "mysql://@host:3306/db",
        "mysql://u:secret@host:3306/db", "mysql://u@host:3306",
        "mysql://u@host:3306/", "mysql://u@:3306/db", "mysql://u@host:0/db",
        "mysql://u@host:99999/db", "mysql://u@host:x/db",
        "mysql://u@host:3306/a/b", "mysql://u@host:3306/d`b",
        "mysql:/u@host/db"}) {
    absl::Status s = ParseMysqlUrl(url).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << url;
    EXPECT_NE(s.message().find("mysql://USER@HOST:PORT/DB"), std::string::npos)
        << url << ": " << s;
  }
  // The password from a URL is not echoed back.
  absl::Status s = ParseMysqlUrl("mysql://u:secret@host:3306/db").status();
  EXPECT_NE(s.message().find("never goes in the URL"), std::string::npos) << s;
}

TEST(StoreFactoryTest, UnknownSchemeNamesBothForms) {
  absl::Status s = OpenStore("postgres://u@h/db", Env({})).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("sqlite:PATH"), std::string::npos) << s;
  EXPECT_NE(s.message().find("mysql://USER@HOST:PORT/DB"), std::string::npos)
      << s;
  EXPECT_EQ(OpenStore("mysql:nope", Env({})).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(StoreFactoryTest, PasswordFromEnvironmentOrFile) {
  EXPECT_EQ(Must(MysqlPasswordFromEnv(Env({}))), std::nullopt);
  EXPECT_EQ(Must(MysqlPasswordFromEnv(Env({{kMysqlPasswordEnv, "s3 cret"}}))),
            "s3 cret");
  EXPECT_EQ(Must(MysqlPasswordFromEnv(Env({{kMysqlPasswordEnv, ""}}))), "");

  const std::string file =
      absl::StrCat(::testing::TempDir(), "/mysql-pw-", getpid());
  std::ofstream(file) << "from-file\n";
  EXPECT_EQ(Must(MysqlPasswordFromEnv(Env({{kMysqlPasswordFileEnv, file}}))),
            "from-file");
  std::ofstream(file) << "crlf\r\n";
  EXPECT_EQ(Must(MysqlPasswordFromEnv(Env({{kMysqlPasswordFileEnv, file}}))),
            "crlf");
  std::ofstream(file) << "no-newline";
  EXPECT_EQ(Must(MysqlPasswordFromEnv(Env({{kMysqlPasswordFileEnv, file}}))),
            "no-newline");
  std::filesystem::remove(file);
}

TEST(StoreFactoryTest, PasswordSourceErrors) {
  absl::Status both = MysqlPasswordFromEnv(Env({{kMysqlPasswordEnv, "a"},
                                                {kMysqlPasswordFileEnv, "/x"}}))
                          .status();
  EXPECT_EQ(both.code(), absl::StatusCode::kInvalidArgument) << both;

  absl::Status missing =
      MysqlPasswordFromEnv(Env({{kMysqlPasswordFileEnv, "/nonexistent/pw"}}))
          .status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kFailedPrecondition) << missing;
  EXPECT_NE(missing.message().find("/nonexistent/pw"), std::string::npos)
      << missing;

  // Checked before any connection is tried.
  EXPECT_EQ(
      OpenStore("mysql://u@127.0.0.1:1/db",
                Env({{kMysqlPasswordEnv, "a"}, {kMysqlPasswordFileEnv, "/x"}}))
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mdm::server
