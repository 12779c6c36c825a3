// SQLite-only behaviour: schema versions and migrations, connection settings,
// row format, failure injection. The shared contract runs here too.
#include "hub/store/sqlite_store.h"

#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "hub/store/sqlite_audit_store.h"
#include "hub/store/sqlite_checkpoint_store.h"
#include "hub/store/sqlite_fact_store.h"
#include "hub/store/sqlite_insight_store.h"
#include "hub/store/sqlite_model_store.h"
#include "hub/store/sqlite_schema.h"
#include "tests/unit/store/model_store_contract_test.h"
#include "tests/unit/store/side_store_contract_test.h"
#include "tests/unit/store/store_contract_test.h"
#include "tests/unit/store/store_test_util.h"

namespace mdm::testing {
namespace {

absl::StatusOr<std::unique_ptr<Store>> OpenSqlite(const std::string& dir) {
  auto store = SqliteStore::Open(dir + "/hub.db");
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(std::move(*store));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest,
                         ::testing::Values(StoreFactory{"sqlite", OpenSqlite}),
                         [](const auto& info) { return info.param.name; });

// The stores beside the Store share the hub's database file.
const SideStoreFactory kSqliteSide{
    "sqlite",
    [](const std::string& dir)
        -> absl::StatusOr<std::unique_ptr<CheckpointStore>> {
      auto store = SqliteCheckpointStore::Open(dir + "/hub.db");
      if (!store.ok()) return store.status();
      return std::unique_ptr<CheckpointStore>(std::move(*store));
    },
    [](const std::string& dir) -> absl::StatusOr<std::unique_ptr<FactStore>> {
      auto store = SqliteFactStore::Open(dir + "/hub.db");
      if (!store.ok()) return store.status();
      return std::unique_ptr<FactStore>(std::move(*store));
    },
    [](const std::string& dir)
        -> absl::StatusOr<std::unique_ptr<InsightStore>> {
      auto store = SqliteInsightStore::Open(dir + "/hub.db");
      if (!store.ok()) return store.status();
      return std::unique_ptr<InsightStore>(std::move(*store));
    },
    [](const std::string& dir) -> absl::StatusOr<std::unique_ptr<AuditStore>> {
      auto store = SqliteAuditStore::Open(dir + "/hub.db");
      if (!store.ok()) return store.status();
      return std::unique_ptr<AuditStore>(std::move(*store));
    }};
INSTANTIATE_TEST_SUITE_P(Sqlite, CheckpointStoreContractTest,
                         ::testing::Values(kSqliteSide),
                         [](const auto& info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(Sqlite, FactStoreContractTest,
                         ::testing::Values(kSqliteSide),
                         [](const auto& info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(Sqlite, InsightStoreContractTest,
                         ::testing::Values(kSqliteSide),
                         [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Sqlite, ModelStoreContractTest,
    ::testing::Values(ModelStoreFactory{
        "sqlite",
        [](const std::string& dir)
            -> absl::StatusOr<std::unique_ptr<ModelStore>> {
          auto store = SqliteModelStore::Open(dir + "/hub.db");
          if (!store.ok()) return store.status();
          return std::unique_ptr<ModelStore>(std::move(*store));
        }}),
    [](const auto& info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(Sqlite, AuditStoreContractTest,
                         ::testing::Values(kSqliteSide),
                         [](const auto& info) { return info.param.name; });

// A raw connection, as a steward's sqlite3 shell would have.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close(db_); }

  // The first column of the first row as text ("" when no row).
  std::string One(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db_);
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(stmt, 0);
      if (text != nullptr) out = reinterpret_cast<const char*>(text);
    }
    sqlite3_finalize(stmt);
    return out;
  }

  void Exec(const std::string& sql) {
    EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db_);
  }

 private:
  sqlite3* db_ = nullptr;
};

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl =
        (std::filesystem::path(::testing::TempDir()) / "sqlite-XXXXXX")
            .string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/hub.db";
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string dir_, path_;
};

TEST_F(SqliteStoreTest, SchemaVersionIsStoredAndReopenIsIdempotent) {
  const std::string latest = absl::StrCat(SqliteSchemaSteps().size());
  {
    auto store = Must(SqliteStore::Open(path_));
    MDM_ASSERT_OK(store->Apply({Upserts({Rec("a", "1", "G")})}));
  }
  EXPECT_EQ(
      RawDb(path_).One("SELECT value FROM meta WHERE key='schema_version'"),
      latest);
  for (int i = 0; i < 2; ++i) {
    auto store = Must(SqliteStore::Open(path_));
    EXPECT_EQ(Must(store->GetStats()).records, 1);
  }
  EXPECT_EQ(
      RawDb(path_).One("SELECT value FROM meta WHERE key='schema_version'"),
      latest);
}

TEST_F(SqliteStoreTest, MissingStepsAreAppliedAndNewerDatabaseIsRefused) {
  MDM_ASSERT_OK(SqliteStore::Open(path_));
  std::vector<const char*> steps(SqliteSchemaSteps().begin(),
                                 SqliteSchemaSteps().end());
  steps.push_back("CREATE TABLE future (x INTEGER) STRICT;");
  MDM_ASSERT_OK(SqliteStore::OpenWithSchema(path_, steps));
  RawDb raw(path_);
  EXPECT_EQ(raw.One("SELECT value FROM meta WHERE key='schema_version'"),
            absl::StrCat(steps.size()));
  EXPECT_EQ(raw.One("SELECT name FROM sqlite_schema WHERE name='future'"),
            "future");

  auto old_binary = SqliteStore::Open(path_);
  EXPECT_EQ(old_binary.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(old_binary.status().message().find("newer"), std::string::npos)
      << old_binary.status();
}

TEST_F(SqliteStoreTest, FailedMigrationChangesNothing) {
  MDM_ASSERT_OK(SqliteStore::Open(path_));
  std::vector<const char*> steps(SqliteSchemaSteps().begin(),
                                 SqliteSchemaSteps().end());
  steps.push_back("CREATE TABLE half (x INTEGER); THIS IS NOT SQL;");
  auto store = SqliteStore::OpenWithSchema(path_, steps);
  EXPECT_FALSE(store.ok());
  RawDb raw(path_);
  EXPECT_EQ(raw.One("SELECT value FROM meta WHERE key='schema_version'"),
            absl::StrCat(SqliteSchemaSteps().size()));
  EXPECT_EQ(raw.One("SELECT name FROM sqlite_schema WHERE name='half'"), "");
}

TEST_F(SqliteStoreTest, ConnectionSettings) {
  auto store = Must(SqliteStore::Open(path_));
  EXPECT_EQ(RawDb(path_).One("PRAGMA journal_mode"), "wal");
}

TEST_F(SqliteStoreTest, NotADatabaseIsDataLoss) {
  std::ofstream(path_) << std::string(8192, 'x');
  EXPECT_EQ(SqliteStore::Open(path_).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST_F(SqliteStoreTest, InvalidUtf8IsRefusedNotMangled) {
  auto store = Must(SqliteStore::Open(path_));
  StoredRecord r = Rec("a", "1", "G1");
  r.record.name = "bad \xff\xfe";
  EXPECT_EQ(store->Apply({Upserts({Rec("a", "0", "G1"), r})}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Must(store->GetStats()).records, 0);
}

TEST_F(SqliteStoreTest, RowsAreInspectableJson) {
  auto store = Must(SqliteStore::Open(path_));
  MDM_ASSERT_OK(store->Apply({Upserts({FullRecord()}, {FullEntity()})}));
  RawDb raw(path_);
  EXPECT_EQ(raw.One("SELECT json_extract(data, '$.name') FROM records"),
            "王曉明");
  EXPECT_EQ(raw.One("SELECT json_extract(data, '$.attributes.occupation') "
                    "FROM records"),
            "工程师");
  EXPECT_EQ(raw.One("SELECT json_extract(data, '$.full_name.lineage.source') "
                    "FROM entities"),
            "finance");
}

TEST_F(SqliteStoreTest, CorruptRowIsDataLossNamingTheRow) {
  auto store = Must(SqliteStore::Open(path_));
  MDM_ASSERT_OK(
      store->Apply({Upserts({Rec("erp", "42", "G1")}, {Entity("G1")})}));
  RawDb raw(path_);
  raw.Exec("UPDATE records SET data = '{\"kind\": \"robot\"}'");
  raw.Exec("UPDATE entities SET data = 'not json'");
  absl::Status record = store->GetRecord({"erp", "42"}).status();
  EXPECT_EQ(record.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(record.message().find("(erp, 42)"), std::string::npos) << record;
  absl::Status entity = store->GetEntity("G1").status();
  EXPECT_EQ(entity.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(entity.message().find("G1"), std::string::npos) << entity;
  EXPECT_EQ(
      store->ForEachRecord([](const StoredRecord&) { return absl::OkStatus(); })
          .code(),
      absl::StatusCode::kDataLoss);
}

TEST_F(SqliteStoreTest, ReadsDoNotWaitForAnOpenWriteTransaction) {
  auto store = Must(SqliteStore::Open(path_));
  MDM_ASSERT_OK(store->Apply({Upserts({Rec("a", "1", "G1")})}));
  RawDb other(path_);
  other.Exec("BEGIN IMMEDIATE; DELETE FROM records;");
  // Served at once from the last commit (no busy wait, no uncommitted data).
  EXPECT_NE(Must(store->GetRecord({"a", "1"})), std::nullopt);
  EXPECT_EQ(Must(store->GetStats()).records, 1);
  other.Exec("ROLLBACK");
}

TEST_F(SqliteStoreTest, NonPositiveLimitIsInvalid) {
  auto store = Must(SqliteStore::Open(path_));
  EXPECT_EQ(store->ListXrefs({}, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->ListEntityRecords("G", {}, -1).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mdm::testing
