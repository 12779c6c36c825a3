// ErrorCountingStore over the real SQLite store: it keeps the whole Store
// contract (it only forwards), and reports a failed commit, and nothing else,
// under "commit".
#include "hub/server/error_counting_store.h"

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/store/sqlite_store.h"
#include "tests/unit/store/store_contract_test.h"
#include "tests/unit/store/store_test_util.h"

namespace mdm::testing {
namespace {

using server::ErrorCountingStore;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Operation names reported so far; the callback may run on any thread.
class Reports {
 public:
  ErrorCountingStore::ErrorCallback Callback() {
    return [this](absl::string_view op) {
      absl::MutexLock lock(&mu_);
      ops_.emplace_back(op);
    };
  }
  std::vector<std::string> ops() {
    absl::MutexLock lock(&mu_);
    return ops_;
  }

 private:
  absl::Mutex mu_;
  std::vector<std::string> ops_ ABSL_GUARDED_BY(mu_);
};

absl::StatusOr<std::unique_ptr<Store>> OpenCounted(const std::string& dir) {
  auto store = SqliteStore::Open(dir + "/hub.db");
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(std::make_unique<ErrorCountingStore>(
      std::move(*store), [](absl::string_view) {}));
}

INSTANTIATE_TEST_SUITE_P(ErrorCountingSqlite, StoreContractTest,
                         ::testing::Values(StoreFactory{"counted_sqlite",
                                                        OpenCounted}),
                         [](const auto& info) { return info.param.name; });

class ErrorCountingStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("error_counting_store_test_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    store_ = std::make_unique<ErrorCountingStore>(
        Must(SqliteStore::Open(dir_ + "/hub.db")), reports_.Callback());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string dir_;
  Reports reports_;
  std::unique_ptr<ErrorCountingStore> store_;
};

TEST_F(ErrorCountingStoreTest, ReportsAFailedCommitAsCommitAndNothingElse) {
  const ChangeSet change = Upserts({Rec("erp", "1", "G1")}, {Entity("G1")});
  MDM_ASSERT_OK(store_->Apply({change}));
  EXPECT_EQ(Must(store_->GetRecord({"erp", "1"}))->golden_id, "G1");
  EXPECT_EQ(Must(store_->GetRecord({"erp", "2"})), std::nullopt);  // data
  EXPECT_THAT(reports_.ops(), IsEmpty());

  store_->TEST_FailNextApplyAfter(0);
  EXPECT_EQ(store_->Apply({change}).code(), absl::StatusCode::kInternal);
  EXPECT_THAT(reports_.ops(), ElementsAre("commit"));
}

TEST_F(ErrorCountingStoreTest, ReportsAnAbortedScanAsForEachRecord) {
  MDM_ASSERT_OK(store_->Apply({Upserts({Rec("erp", "1", "G1")})}));
  absl::Status scan = store_->ForEachRecord(
      [](const StoredRecord&) { return absl::DataLossError("bad row"); });
  EXPECT_EQ(scan.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(reports_.ops(), ElementsAre("for_each_record"));
}

}  // namespace
}  // namespace mdm::testing
