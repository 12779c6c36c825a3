// The domain side of the Connectors and Facts APIs over a real SQLite file:
// what is refused at the door (with the field named), and what the registry
// adds (the hub's clock, NotFound).
#include <stdlib.h>

#include <filesystem>

#include "gtest/gtest.h"
#include "hub/common/errors.h"
#include "hub/service/connector_registry.h"
#include "hub/service/fact_ingest.h"
#include "hub/store/sqlite_checkpoint_store.h"
#include "hub/store/sqlite_fact_store.h"

namespace mdm::service {
namespace {

class ConnectorServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl =
        (std::filesystem::path(::testing::TempDir()) / "conn-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    checkpoints_ = *SqliteCheckpointStore::Open(dir_ + "/hub.db");
    facts_ = *SqliteFactStore::Open(dir_ + "/hub.db");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
  std::unique_ptr<SqliteCheckpointStore> checkpoints_;
  std::unique_ptr<SqliteFactStore> facts_;
  ManualClock clock_{1'700'000'000'000'000};
};

std::string FieldOfError(const absl::Status& s) {
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  return FieldOf(s).value_or("<none>");
}

TEST_F(ConnectorServiceTest, RegistryValidatesAndStampsWithTheHubClock) {
  ConnectorRegistry registry(checkpoints_.get(), &clock_);
  EXPECT_EQ(FieldOfError(registry.Register("bad id!", "erp").status()),
            "connector_id");
  EXPECT_EQ(FieldOfError(registry.Register("erp-main", "").status()), "source");
  EXPECT_EQ(registry.Get("erp-main").status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(registry.Register("erp-main", "erp").ok());

  CheckpointCommit c;
  c.id = "erp-main";
  c.position = "p1";
  c.counters.records_read = -1;
  EXPECT_EQ(FieldOfError(registry.Commit(c).status()), "counters");
  c.counters.records_read = 5;
  c.position = std::string(kMaxPositionBytes + 1, 'x');
  EXPECT_EQ(FieldOfError(registry.Commit(c).status()), "position");
  c.position = "p1";
  clock_.Set(1'700'000'000'500'000);
  absl::StatusOr<ConnectorState> s = registry.Commit(c);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->committed_at_us, 1'700'000'000'500'000);
  EXPECT_EQ(s->generation, 1);
}

Fact Invoice() {
  Fact f;
  f.record = {"finance", "FIN-1"};
  f.fact_id = "invoice/1";
  f.occurred_at_us = 1;
  f.kind = "invoice";
  f.amount = "1280.50";
  f.currency = "CNY";
  return f;
}

TEST_F(ConnectorServiceTest, FactsNeedKeysATimeAndAnExactAmount) {
  EXPECT_TRUE(ValidateFact(Invoice()).ok());
  Fact f = Invoice();
  f.fact_id.clear();
  EXPECT_EQ(FieldOfError(ValidateFact(f)), "fact_id");
  f = Invoice();
  f.occurred_at_us = 0;
  EXPECT_EQ(FieldOfError(ValidateFact(f)), "occurred_at");
  for (const char* bad : {"", "12,5", "1.", ".5", "1e3", "--1", "abc"}) {
    f = Invoice();
    f.amount = bad;
    EXPECT_EQ(FieldOfError(ValidateFact(f)), "transaction.amount") << bad;
  }
  for (const char* good : {"0", "-20", "1280.50", "0.000000001"}) {
    f = Invoice();
    f.amount = good;
    EXPECT_TRUE(ValidateFact(f).ok()) << good;
  }
  f = Invoice();
  f.currency = "rmb";
  EXPECT_EQ(FieldOfError(ValidateFact(f)), "transaction.currency");
  f = Invoice();
  f.record.source.clear();
  EXPECT_EQ(FieldOfError(ValidateFact(f)), "source");
  // Interactions carry no amount.
  f = Invoice();
  f.category = FactCategory::kInteraction;
  f.amount.clear();
  EXPECT_TRUE(ValidateFact(f).ok());
}

TEST_F(ConnectorServiceTest, AnInvalidFactFailsAloneAndTheRestIsStored) {
  FactIngest ingest(facts_.get());
  Fact bad = Invoice();
  bad.fact_id = "invoice/2";
  bad.amount = "lots";
  absl::StatusOr<std::vector<absl::Status>> results =
      ingest.Ingest({Invoice(), bad});
  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_EQ(results->size(), 2u);
  EXPECT_TRUE((*results)[0].ok());
  EXPECT_EQ(FieldOf((*results)[1]), "transaction.amount");
  absl::StatusOr<std::vector<Fact>> stored = ingest.List("finance", "", "", 10);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, std::vector<Fact>{Invoice()});
  EXPECT_EQ(FieldOfError(ingest.List("", "", "", 10).status()), "source");
}

}  // namespace
}  // namespace mdm::service
