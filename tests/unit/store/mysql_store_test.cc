// The MySQL store against a real MariaDB server on loopback (ctest fixture
// `mariadb`): the shared Store contract, plus what only this store has: schema
// versions in a server database, lost connections, deadlock retries, the
// password handling of --store mysql://, byte-order keys.
#include "hub/store/mysql_store.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "hub/server/store_factory.h"
#include "hub/store/mysql_audit_store.h"
#include "hub/store/mysql_checkpoint_store.h"
#include "hub/store/mysql_fact_store.h"
#include "hub/store/mysql_insight_store.h"
#include "hub/store/mysql_model_store.h"
#include "hub/store/mysql_schema.h"
#include "tests/unit/store/model_store_contract_test.h"
#include "tests/unit/store/mysql_test_server.h"
#include "tests/unit/store/side_store_contract_test.h"
#include "tests/unit/store/store_contract_test.h"
#include "tests/unit/store/store_test_util.h"

namespace mdm::testing {
namespace {

const MysqlTestServer& Server() {
  static const MysqlTestServer* server =
      new MysqlTestServer(Must(MysqlTestServer::FromEnv()));
  return *server;
}

// A database name no other test (or earlier run on the same server) uses.
std::string FreshDatabase() {
  static std::atomic<int> counter{0};
  return absl::StrCat("mdm_t", getpid(), "_", counter.fetch_add(1));
}

MysqlOptions OptionsFor(const std::string& database) {
  const MysqlTestServer& s = Server();
  MysqlOptions o;
  o.servers = {{s.host, s.port}};
  o.user = s.user;
  o.password = s.password;
  o.database = database;
  o.pool_size = 3;
  return o;
}

// The contract suite hands each test a fresh directory; its database is a
// fresh one too, and reopening the same directory reopens the same database.
std::string DatabaseFor(const std::string& dir) {
  static absl::Mutex mu;
  static auto* databases = new std::map<std::string, std::string>();
  absl::MutexLock lock(&mu);
  auto [it, inserted] = databases->try_emplace(dir);
  if (inserted) it->second = FreshDatabase();
  return it->second;
}

absl::StatusOr<std::unique_ptr<Store>> OpenMysql(const std::string& dir) {
  auto store = MysqlStore::Open(OptionsFor(DatabaseFor(dir)));
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(std::move(*store));
}

INSTANTIATE_TEST_SUITE_P(MysqlStore, StoreContractTest,
                         ::testing::Values(StoreFactory{"mariadb", OpenMysql}),
                         [](const auto& info) { return info.param.name; });

const SideStoreFactory kMysqlSide{
    "mariadb",
    [](const std::string& dir)
        -> absl::StatusOr<std::unique_ptr<CheckpointStore>> {
      auto store = MysqlCheckpointStore::Open(OptionsFor(DatabaseFor(dir)));
      if (!store.ok()) return store.status();
      return std::unique_ptr<CheckpointStore>(std::move(*store));
    },
    [](const std::string& dir) -> absl::StatusOr<std::unique_ptr<FactStore>> {
      auto store = MysqlFactStore::Open(OptionsFor(DatabaseFor(dir)));
      if (!store.ok()) return store.status();
      return std::unique_ptr<FactStore>(std::move(*store));
    },
    [](const std::string& dir)
        -> absl::StatusOr<std::unique_ptr<InsightStore>> {
      auto store = MysqlInsightStore::Open(OptionsFor(DatabaseFor(dir)));
      if (!store.ok()) return store.status();
      return std::unique_ptr<InsightStore>(std::move(*store));
    },
    [](const std::string& dir) -> absl::StatusOr<std::unique_ptr<AuditStore>> {
      auto store = MysqlAuditStore::Open(OptionsFor(DatabaseFor(dir)));
      if (!store.ok()) return store.status();
      return std::unique_ptr<AuditStore>(std::move(*store));
    }};
INSTANTIATE_TEST_SUITE_P(MysqlStore, CheckpointStoreContractTest,
                         ::testing::Values(kMysqlSide),
                         [](const auto& info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(MysqlStore, FactStoreContractTest,
                         ::testing::Values(kMysqlSide),
                         [](const auto& info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(MysqlStore, InsightStoreContractTest,
                         ::testing::Values(kMysqlSide),
                         [](const auto& info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(
    MysqlStore, ModelStoreContractTest,
    ::testing::Values(ModelStoreFactory{
        "mariadb",
        [](const std::string& dir)
            -> absl::StatusOr<std::unique_ptr<ModelStore>> {
          auto store = MysqlModelStore::Open(OptionsFor(DatabaseFor(dir)));
          if (!store.ok()) return store.status();
          return std::unique_ptr<ModelStore>(std::move(*store));
        }}),
    [](const auto& info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(MysqlStore, AuditStoreContractTest,
                         ::testing::Values(kMysqlSide),
                         [](const auto& info) { return info.param.name; });

// A session as a DBA's `mariadb` shell would have: root, over TCP. Failures
// are test failures (the connector's exceptions stop here).
class AdminSession {
 public:
  explicit AdminSession(const std::string& database = "") {
    try {
      sql::ConnectOptionsMap props;
      props["hostName"] = sql::SQLString(
          absl::StrCat("tcp://", Server().host, ":", Server().port));
      props["userName"] = sql::SQLString(Server().admin_user);
      props["password"] = sql::SQLString("");
      props["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
      conn_.reset(sql::mysql::get_mysql_driver_instance()->connect(props));
      if (!database.empty()) conn_->setSchema(database);
    } catch (const sql::SQLException& e) {
      ADD_FAILURE() << "admin connect: " << e.what();
    }
  }

  void Exec(const std::string& sql) {
    try {
      Run(sql);
    } catch (const sql::SQLException& e) {
      ADD_FAILURE() << sql << ": " << e.what() << " (" << e.getErrorCode()
                    << ")";
    }
  }

  // Runs `sql`; the server's error code (0 on success).
  int TryExec(const std::string& sql) {
    try {
      Run(sql);
      return 0;
    } catch (const sql::SQLException& e) {
      return e.getErrorCode();
    }
  }

  // The first column of the first row ("" when no row or NULL).
  std::string One(const std::string& sql) {
    try {
      std::unique_ptr<sql::Statement> stmt(conn_->createStatement());
      std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery(sql));
      if (!rs->next() || rs->isNull(1)) return "";
      return rs->getString(1).asStdString();
    } catch (const sql::SQLException& e) {
      ADD_FAILURE() << sql << ": " << e.what();
      return "";
    }
  }

 private:
  // Executes `sql` and discards its rows: a result left unread would make
  // the session's next command fail ("commands out of sync").
  void Run(const std::string& sql) {
    std::unique_ptr<sql::Statement> stmt(conn_->createStatement());
    if (stmt->execute(sql)) {
      std::unique_ptr<sql::ResultSet>(stmt->getResultSet());
    }
  }

  std::unique_ptr<sql::Connection> conn_;
};

class MysqlStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { database_ = FreshDatabase(); }
  void TearDown() override {
    AdminSession().Exec(absl::StrCat("DROP DATABASE IF EXISTS ", database_));
  }

  std::unique_ptr<MysqlStore> Open() {
    return Must(MysqlStore::Open(OptionsFor(database_)));
  }

  // Kills the store's connections (all sessions of the hub's user on this
  // test's database), as a server restart or a DBA would; returns how many.
  int KillStoreConnections() {
    AdminSession admin;
    const std::string ids = admin.One(absl::StrCat(
        "SELECT GROUP_CONCAT(ID) FROM information_schema.PROCESSLIST"
        " WHERE USER = '",
        Server().user, "' AND DB = '", database_, "'"));
    int killed = 0;
    for (absl::string_view id : absl::StrSplit(ids, ',', absl::SkipEmpty())) {
      admin.Exec(absl::StrCat("KILL CONNECTION ", id));
      ++killed;
    }
    return killed;
  }

  std::string database_;
};

TEST_F(MysqlStoreTest, SchemaVersionIsStoredAndReopenIsIdempotent) {
  const std::string latest = absl::StrCat(MysqlSchemaSteps().size());
  {
    auto store = Open();
    MDM_ASSERT_OK(store->Apply({Upserts({Rec("a", "1", "G")})}));
  }
  AdminSession admin(database_);
  EXPECT_EQ(admin.One("SELECT value FROM meta WHERE `key`='schema_version'"),
            latest);
  for (int i = 0; i < 2; ++i) {
    auto store = Open();
    EXPECT_EQ(Must(store->GetStats()).records, 1);
  }
  EXPECT_EQ(admin.One("SELECT value FROM meta WHERE `key`='schema_version'"),
            latest);
  // InnoDB everywhere, utf8mb4 text, byte-compared keys.
  EXPECT_EQ(
      admin.One("SELECT COUNT(*) FROM information_schema.TABLES"
                " WHERE TABLE_SCHEMA = DATABASE() AND ENGINE <> 'InnoDB'"),
      "0");
  EXPECT_EQ(admin.One("SELECT DEFAULT_CHARACTER_SET_NAME FROM "
                      "information_schema.SCHEMATA WHERE SCHEMA_NAME = "
                      "DATABASE()"),
            "utf8mb4");
  EXPECT_EQ(admin.One("SELECT DATA_TYPE FROM information_schema.COLUMNS"
                      " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME ="
                      " 'records' AND COLUMN_NAME = 'source'"),
            "varbinary");
}

TEST_F(MysqlStoreTest, MissingStepsAreAppliedAndNewerDatabaseIsRefused) {
  MDM_ASSERT_OK(MysqlStore::Open(OptionsFor(database_)));
  std::vector<const char*> steps(MysqlSchemaSteps().begin(),
                                 MysqlSchemaSteps().end());
  steps.push_back(
      "CREATE TABLE IF NOT EXISTS future (x INT) ENGINE=InnoDB;"
      " CREATE TABLE IF NOT EXISTS future2 (y INT) ENGINE=InnoDB");
  MDM_ASSERT_OK(MysqlStore::OpenWithSchema(OptionsFor(database_), steps));
  AdminSession admin(database_);
  EXPECT_EQ(admin.One("SELECT value FROM meta WHERE `key`='schema_version'"),
            absl::StrCat(steps.size()));
  EXPECT_EQ(
      admin.One("SELECT COUNT(*) FROM information_schema.TABLES WHERE "
                "TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'future%'"),
      "2");

  auto old_binary = MysqlStore::Open(OptionsFor(database_));
  EXPECT_EQ(old_binary.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(old_binary.status().message().find("newer"), std::string::npos)
      << old_binary.status();
  // Refusing changed nothing.
  EXPECT_EQ(admin.One("SELECT value FROM meta WHERE `key`='schema_version'"),
            absl::StrCat(steps.size()));
}

TEST_F(MysqlStoreTest, FailedStepIsNotRecordedAndResumesWhenFixed) {
  MDM_ASSERT_OK(MysqlStore::Open(OptionsFor(database_)));
  std::vector<const char*> steps(MysqlSchemaSteps().begin(),
                                 MysqlSchemaSteps().end());
  steps.push_back("CREATE TABLE IF NOT EXISTS half (x INT); THIS IS NOT SQL");
  auto store = MysqlStore::OpenWithSchema(OptionsFor(database_), steps);
  EXPECT_EQ(store.status().code(), absl::StatusCode::kInternal)
      << store.status();
  EXPECT_NE(
      store.status().message().find(absl::StrCat("schema step ", steps.size())),
      std::string::npos)
      << store.status();
  AdminSession admin(database_);
  EXPECT_EQ(admin.One("SELECT value FROM meta WHERE `key`='schema_version'"),
            absl::StrCat(MysqlSchemaSteps().size()));
  // The step is re-runnable: fixed, it completes over its own leftovers.
  steps.back() = "CREATE TABLE IF NOT EXISTS half (x INT)";
  MDM_ASSERT_OK(MysqlStore::OpenWithSchema(OptionsFor(database_), steps));
  EXPECT_EQ(admin.One("SELECT value FROM meta WHERE `key`='schema_version'"),
            absl::StrCat(steps.size()));
}

TEST_F(MysqlStoreTest, RowsAreInspectableJson) {
  auto store = Open();
  MDM_ASSERT_OK(store->Apply({Upserts({FullRecord()}, {FullEntity()})}));
  AdminSession admin(database_);
  EXPECT_EQ(admin.One("SELECT JSON_VALUE(data, '$.name') FROM records"),
            "王曉明");
  EXPECT_EQ(admin.One("SELECT JSON_VALUE(data, '$.attributes.occupation')"
                      " FROM records"),
            "工程师");
  EXPECT_EQ(admin.One("SELECT JSON_VALUE(data, '$.full_name.lineage.source')"
                      " FROM entities"),
            "finance");
}

TEST_F(MysqlStoreTest, KeysCompareByteForByteIncludingTrailingSpaces) {
  // A PAD SPACE collation (utf8mb4_bin) would make these one key.
  auto store = Open();
  StoredRecord plain = Rec("erp", "a", "G1");
  StoredRecord spaced = Rec("erp", "a ", "G2");
  MDM_ASSERT_OK(store->Apply({Upserts({plain, spaced})}));
  EXPECT_EQ(Must(store->GetRecord({"erp", "a"})), plain);
  EXPECT_EQ(Must(store->GetRecord({"erp", "a "})), spaced);
  EXPECT_EQ(Must(store->GetStats()).records, 2);
}

TEST_F(MysqlStoreTest, OverlongKeyIsInvalidAndNothingApplied) {
  auto store = Open();
  absl::Status s =
      store->Apply({Upserts({Rec("erp", "ok", "G1")}),
                    Upserts({Rec("erp", std::string(2000, 'x'), "G1")})});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_EQ(Must(store->GetStats()).records, 0);
}

TEST_F(MysqlStoreTest, ReadsAndAppliesSurviveKilledConnections) {
  MysqlOptions options = OptionsFor(database_);
  options.pool_size = 2;
  auto store = Must(MysqlStore::Open(options));
  MDM_ASSERT_OK(store->Apply({Upserts({Rec("erp", "1", "G1")})}));
  ASSERT_NE(Must(store->GetRecord({"erp", "1"})), std::nullopt);

  // A read on a dead connection is retried once on a fresh one.
  ASSERT_GE(KillStoreConnections(), 1);
  EXPECT_NE(Must(store->GetRecord({"erp", "1"})), std::nullopt);
  EXPECT_EQ(Must(store->GetStats()).records, 1);

  // An Apply whose connection died before COMMIT is run again.
  ASSERT_GE(KillStoreConnections(), 1);
  const int64_t retries = store->TEST_ApplyRetries();
  MDM_ASSERT_OK(store->Apply({Upserts({Rec("erp", "2", "G1")})}));
  EXPECT_EQ(store->TEST_ApplyRetries(), retries + 1);
  EXPECT_EQ(Must(store->GetStats()).records, 2);
}

TEST_F(MysqlStoreTest, DeadlockVictimTransactionIsRetried) {
  auto store = Open();
  MDM_ASSERT_OK(
      store->Apply({Upserts({Rec("erp", "1", "G1")}, {Entity("G1")})}));

  // Session A holds the entity row and is the heavier transaction (InnoDB
  // rolls back the one that changed fewer rows), so the store's transaction
  // is the deadlock victim.
  AdminSession a(database_);
  a.Exec("CREATE TABLE ballast (x INT) ENGINE=InnoDB");
  a.Exec("START TRANSACTION");
  std::string rows = "INSERT INTO ballast VALUES (0)";
  for (int i = 1; i < 300; ++i) absl::StrAppend(&rows, ",(", i, ")");
  a.Exec(rows);
  a.Exec("SELECT * FROM entities WHERE golden_id = 'G1' FOR UPDATE");

  // The store locks the record, then waits for the entity.
  StoredRecord changed = Rec("erp", "1", "G1");
  changed.record.name = "changed";
  absl::Status applied;
  std::thread writer(
      [&] { applied = store->Apply({Upserts({changed}, {Entity("G1", 2)})}); });
  AdminSession watcher;
  bool waiting = false;
  for (int i = 0; i < 2000 && !waiting; ++i) {
    // Only this test's database: other tests share the server and may be
    // waiting for locks of their own. Any waiter there is the store's (A
    // has asked for nothing it cannot have yet); counted rather than
    // required to be exactly one, since the store may have begun a retry.
    waiting = watcher.One(absl::StrCat(
                  "SELECT COUNT(*) FROM information_schema.INNODB_TRX t"
                  " JOIN information_schema.PROCESSLIST p"
                  " ON p.ID = t.trx_mysql_thread_id"
                  " WHERE (t.trx_state = 'LOCK WAIT' OR t.trx_wait_started"
                  " IS NOT NULL) AND p.DB = '",
                  database_, "'")) != "0";
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(waiting) << "the store's Apply never waited for the entity lock";

  // A now wants the record: a cycle. The store is rolled back, A proceeds.
  EXPECT_EQ(a.TryExec("SELECT * FROM records WHERE source = 'erp' AND "
                      "source_record_id = '1' FOR UPDATE"),
            0);
  a.Exec("COMMIT");
  writer.join();
  MDM_EXPECT_OK(applied);
  EXPECT_GE(store->TEST_ApplyRetries(), 1);
  EXPECT_EQ(Must(store->GetRecord({"erp", "1"})), changed);
  EXPECT_EQ(Must(store->GetEntity("G1"))->version, 2);
}

// What a Galera node says while a node dies or rejoins: all of it may pass
// on another node or a moment later, so the hub and its clients retry.
TEST(MysqlErrorTest, GaleraTransientErrorsAreUnavailable) {
  for (int code : {1213, 1205, 1047, 1180, 2002, 2003, 2006, 2013}) {
    const sql::SQLException e("test", "HY000", code);
    EXPECT_EQ(SqlErrorToStatus(e, "apply").code(),
              absl::StatusCode::kUnavailable)
        << code;
  }
  // Replaced (and failed over), not retried on the same connection.
  EXPECT_TRUE(IsConnectionLost(1047));
  EXPECT_TRUE(IsConnectionLost(2013));
  EXPECT_FALSE(IsConnectionLost(1213));
  // Rolled back by the server: run again.
  EXPECT_TRUE(IsRetryableTransactionError(1180));
  EXPECT_TRUE(IsRetryableTransactionError(1213));
  EXPECT_FALSE(IsRetryableTransactionError(1062));  // duplicate key: a bug
  EXPECT_EQ(
      SqlErrorToStatus(sql::SQLException("dup", "23000", 1062), "apply").code(),
      absl::StatusCode::kInternal);
}

TEST_F(MysqlStoreTest, HubsReservingIdsAtOnceNeverGetTheSameNumbers) {
  // Two stores on one fresh database, as two hub replicas start together:
  // the very first reservations race for a counter row that does not exist.
  std::unique_ptr<MysqlStore> a = Open(), b = Open();
  constexpr int kRounds = 50, kCount = 7;
  std::vector<int64_t> firsts_a, firsts_b;
  auto reserve = [](MysqlStore& store, std::vector<int64_t>& out) {
    for (int i = 0; i < kRounds; ++i)
      out.push_back(Must(store.ReserveEntityIds(kCount)));
  };
  std::thread ta([&] { reserve(*a, firsts_a); });
  std::thread tb([&] { reserve(*b, firsts_b); });
  ta.join();
  tb.join();
  std::vector<int64_t> all = firsts_a;
  all.insert(all.end(), firsts_b.begin(), firsts_b.end());
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), 2u * kRounds);
  EXPECT_EQ(all.front(), 1);
  for (size_t i = 1; i < all.size(); ++i) {
    EXPECT_EQ(all[i] - all[i - 1], kCount) << "ranges overlap or gap at " << i;
  }
}

TEST_F(MysqlStoreTest, UnreachableServerIsUnavailable) {
  MysqlOptions options = OptionsFor(database_);
  options.servers = {{"127.0.0.1", 1}};  // nothing listens there
  absl::Status s = MysqlStore::Open(options).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_NE(s.message().find("127.0.0.1"), std::string::npos) << s;
}

TEST_F(MysqlStoreTest, UnreachableServersAreAllNamed) {
  MysqlOptions options = OptionsFor(database_);
  options.servers = {{"127.0.0.1", 1}, {"127.0.0.1", 2}};
  absl::Status s = MysqlStore::Open(options).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_NE(s.message().find("127.0.0.1:1/"), std::string::npos) << s;
  EXPECT_NE(s.message().find("127.0.0.1:2/"), std::string::npos) << s;
}

TEST_F(MysqlStoreTest, ConnectsToTheFirstServerThatAccepts) {
  MysqlOptions options = OptionsFor(database_);
  const MysqlServer real = options.servers[0];
  options.servers = {{"127.0.0.1", 1}, real};
  auto store = Must(MysqlStore::Open(options));
  MDM_ASSERT_OK(store->Apply({Upserts({Rec("erp", "1", "G1")})}));
  // Connections the pool opens later start from the server that answered,
  // and survive being killed (the dead port is tried again and skipped).
  ASSERT_GE(KillStoreConnections(), 1);
  MDM_ASSERT_OK(store->Apply({Upserts({Rec("erp", "2", "G1")})}));
  EXPECT_EQ(Must(store->GetStats()).records, 2);
}

// --store mysql://... through the server's store factory, password from the
// environment or a file.
class MysqlStoreFactoryTest : public MysqlStoreTest {
 protected:
  std::string Url() const {
    return absl::StrCat("mysql://", Server().user, "@", Server().host, ":",
                        Server().port, "/", database_);
  }
  static server::EnvLookup Env(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const char* name) -> const char* {
      auto it = vars.find(name);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  }
};

TEST_F(MysqlStoreFactoryTest, PasswordFromEnvironment) {
  auto store = server::OpenStore(
      Url(), Env({{"MDM_MYSQL_PASSWORD", Server().password}}));
  MDM_ASSERT_OK(store);
  MDM_EXPECT_OK((*store)->Apply({Upserts({Rec("erp", "1", "G1")})}));
}

TEST_F(MysqlStoreFactoryTest, PasswordFromFile) {
  const std::string file = absl::StrCat(::testing::TempDir(), "/pw-", getpid());
  std::ofstream(file) << Server().password << "\n";
  auto store =
      server::OpenStore(Url(), Env({{"MDM_MYSQL_PASSWORD_FILE", file}}));
  std::filesystem::remove(file);
  MDM_EXPECT_OK(store);
}

TEST_F(MysqlStoreFactoryTest, MissingOrWrongPasswordIsPermissionDenied) {
  absl::Status none = server::OpenStore(Url(), Env({})).status();
  EXPECT_EQ(none.code(), absl::StatusCode::kPermissionDenied) << none;
  EXPECT_NE(none.message().find("MDM_MYSQL_PASSWORD"), std::string::npos)
      << none;

  absl::Status wrong =
      server::OpenStore(Url(), Env({{"MDM_MYSQL_PASSWORD", "wrong"}})).status();
  EXPECT_EQ(wrong.code(), absl::StatusCode::kPermissionDenied) << wrong;
  EXPECT_EQ(wrong.message().find("wrong"), std::string::npos)
      << "the password must not appear in messages: " << wrong;
}

}  // namespace
}  // namespace mdm::testing
