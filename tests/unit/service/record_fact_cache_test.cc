// RecordFactCache over a real SQLite fact store: cached facts are served
// until a write through the cache replaces them.
#include "hub/service/record_fact_cache.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "hub/store/sqlite_fact_store.h"

namespace mdm::service {
namespace {

Fact Order(std::string record, std::string id, std::string amount) {
  Fact f;
  f.record = {"erp", std::move(record)};
  f.fact_id = std::move(id);
  f.occurred_at_us = 1;
  f.kind = "order";
  f.amount = std::move(amount);
  return f;
}

class RecordFactCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl =
        (std::filesystem::path(::testing::TempDir()) / "facts-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto store = SqliteFactStore::Open(dir_ + "/hub.db");
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
  std::unique_ptr<SqliteFactStore> store_;
};

TEST_F(RecordFactCacheTest, WriteThroughTheCacheDropsThatRecordOnly) {
  RecordFactCache cache(store_.get(), /*enabled=*/true, 100);
  ASSERT_TRUE(cache.Put({Order("1", "a", "10"), Order("2", "b", "20")}).ok());
  auto one = cache.RecordFacts({"erp", "1"});
  auto two = cache.RecordFacts({"erp", "2"});
  ASSERT_TRUE(one.ok() && two.ok());
  ASSERT_EQ((*one)->size(), 1u);
  // Served from memory: the same vector again.
  EXPECT_EQ(cache.RecordFacts({"erp", "1"})->get(), one->get());
  ASSERT_TRUE(cache.Put({Order("1", "c", "30")}).ok());
  auto again = cache.RecordFacts({"erp", "1"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->size(), 2u);
  EXPECT_EQ(cache.RecordFacts({"erp", "2"})->get(), two->get());
}

TEST_F(RecordFactCacheTest, DisabledCacheReadsTheStoreEveryTime) {
  RecordFactCache cache(store_.get(), /*enabled=*/false, 100);
  ASSERT_TRUE(store_->Put({Order("1", "a", "10")}).ok());
  ASSERT_EQ(cache.RecordFacts({"erp", "1"}).value()->size(), 1u);
  // Written past the cache, as another hub would.
  ASSERT_TRUE(store_->Put({Order("1", "b", "10")}).ok());
  EXPECT_EQ(cache.RecordFacts({"erp", "1"}).value()->size(), 2u);
}

}  // namespace
}  // namespace mdm::service
