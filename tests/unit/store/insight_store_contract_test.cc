// InsightStore contract (side_store_contract_test.h).
#include "tests/unit/store/side_store_contract_test.h"

namespace mdm::testing {
namespace {

std::vector<std::string> Keys(const std::vector<InsightItem>& items) {
  std::vector<std::string> out;
  for (const InsightItem& i : items) out.push_back(i.key);
  return out;
}

TEST_P(InsightStoreContractTest, PutReplacesByKindAndKeyAcrossReopen) {
  {
    auto store = GetParam().insights(dir_);
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)->Put({"flag", "G1/blacklist", "{\"v\":1}", 5}).ok());
    ASSERT_TRUE((*store)->Put({"flag", "G1/blacklist", "{\"v\":2}", 6}).ok());
    ASSERT_TRUE((*store)->Put({"verdict", "G1/blacklist", "other", 7}).ok());
  }
  auto store = GetParam().insights(dir_);
  ASSERT_TRUE(store.ok()) << store.status();
  auto items = (*store)->List("flag", "", "", 10);
  ASSERT_TRUE(items.ok()) << items.status();
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0], (InsightItem{"flag", "G1/blacklist", "{\"v\":2}", 6}));
}

TEST_P(InsightStoreContractTest, ListByPrefixPagesInKeyOrder) {
  auto store = GetParam().insights(dir_);
  ASSERT_TRUE(store.ok()) << store.status();
  // '_' and '%' must not act as wildcards; "G1/" must not match "G10/".
  for (const char* key : {"G1/vip", "G1/a_b", "G10/vip", "G1/%", "G2/x"}) {
    ASSERT_TRUE((*store)->Put({"flag", key, "d", 1}).ok());
  }
  auto first = (*store)->List("flag", "G1/", "", 2);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(Keys(*first), (std::vector<std::string>{"G1/%", "G1/a_b"}));
  auto rest = (*store)->List("flag", "G1/", first->back().key, 10);
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_EQ(Keys(*rest), (std::vector<std::string>{"G1/vip"}));
}

TEST_P(InsightStoreContractTest, DeleteRemovesOnlyThatItem) {
  auto store = GetParam().insights(dir_);
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_TRUE((*store)->Put({"flag", "a", "d", 1}).ok());
  ASSERT_TRUE((*store)->Put({"flag", "b", "d", 1}).ok());
  ASSERT_TRUE((*store)->Delete("flag", "a").ok());
  ASSERT_TRUE((*store)->Delete("flag", "missing").ok());
  auto items = (*store)->List("flag", "", "", 10);
  ASSERT_TRUE(items.ok()) << items.status();
  EXPECT_EQ(Keys(*items), std::vector<std::string>{"b"});
}

TEST_P(InsightStoreContractTest, EmptyKindOrKeyIsRefused) {
  auto store = GetParam().insights(dir_);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->Put({"", "k", "d", 1}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*store)->Put({"flag", "", "d", 1}).code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mdm::testing
