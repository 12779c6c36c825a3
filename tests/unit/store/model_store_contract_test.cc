#include "tests/unit/store/model_store_contract_test.h"

#include <stdlib.h>

#include <filesystem>

#include "tests/unit/store/store_test_util.h"

namespace mdm::testing {

void ModelStoreContractTest::SetUp() {
  std::string tmpl =
      (std::filesystem::path(::testing::TempDir()) / "models-XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  dir_ = tmpl;
}

void ModelStoreContractTest::TearDown() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

namespace {

TEST_P(ModelStoreContractTest, AddAssignsAscendingVersionsInactive) {
  auto store = Must(GetParam().open(dir_));
  EXPECT_EQ(Must(store->Active()), std::nullopt);
  EXPECT_TRUE(Must(store->List()).empty());
  const int64_t v1 = Must(
      store->Add("mdm-model 1\nlink_threshold 12\n", "em on 10 records", 1000));
  const int64_t v2 = Must(store->Add("mdm-model 1\n", "second", 2000));
  EXPECT_GT(v2, v1);
  std::optional<StoredModel> got = Must(store->Get(v1));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, (StoredModel{.version = v1,
                               .parameters = "mdm-model 1\nlink_threshold 12\n",
                               .description = "em on 10 records",
                               .created_at_us = 1000,
                               .active = false}));
  EXPECT_EQ(Must(store->Get(v2 + 100)), std::nullopt);
  EXPECT_EQ(Must(store->Active()), std::nullopt);
}

TEST_P(ModelStoreContractTest, ListIsNewestFirstWithoutParameters) {
  auto store = Must(GetParam().open(dir_));
  const int64_t v1 = Must(store->Add("a", "first", 1));
  const int64_t v2 = Must(store->Add("b", "second", 2));
  std::vector<StoredModel> all = Must(store->List());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].version, v2);
  EXPECT_EQ(all[0].description, "second");
  EXPECT_EQ(all[0].parameters, "");
  EXPECT_EQ(all[1].version, v1);
  EXPECT_EQ(all[1].created_at_us, 1);
}

TEST_P(ModelStoreContractTest, ActivateKeepsExactlyOneActiveAcrossReopen) {
  const int64_t v2 = [&]() -> int64_t {
    auto store = Must(GetParam().open(dir_));
    const int64_t v1 = Must(store->Add("one", "", 1));
    const int64_t v = Must(store->Add("two", "", 2));
    EXPECT_TRUE(store->Activate(v1).ok());
    EXPECT_EQ(Must(store->Active())->version, v1);
    EXPECT_TRUE(store->Activate(v).ok());
    return v;
  }();
  auto reopened = Must(GetParam().open(dir_));
  std::optional<StoredModel> active = Must(reopened->Active());
  ASSERT_TRUE(active.has_value());
  EXPECT_EQ(active->version, v2);
  EXPECT_EQ(active->parameters, "two");
  int active_count = 0;
  for (const StoredModel& m : Must(reopened->List())) active_count += m.active;
  EXPECT_EQ(active_count, 1);
}

TEST_P(ModelStoreContractTest, ActivatingAnUnknownVersionIsNotFound) {
  auto store = Must(GetParam().open(dir_));
  const int64_t v1 = Must(store->Add("one", "", 1));
  MDM_ASSERT_OK(store->Activate(v1));
  EXPECT_EQ(store->Activate(v1 + 7).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Must(store->Active())->version, v1);  // unchanged
}

TEST_P(ModelStoreContractTest, LargeParametersRoundTrip) {
  auto store = Must(GetParam().open(dir_));
  std::string big;
  for (int i = 0; i < 20000; ++i) {
    big += "tf name " + std::to_string(1000000 + i) + " 3\n";
  }
  const int64_t v = Must(store->Add(big, "big", 5));
  EXPECT_EQ(Must(store->Get(v))->parameters, big);
}

}  // namespace
}  // namespace mdm::testing
