// The behavioural contract every Store implementation must meet. An
// implementation joins by instantiating the suite with a factory:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest,
//                            testing::Values(StoreFactory{"sqlite", Open}));
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "hub/store/store.h"

namespace mdm::testing {

struct StoreFactory {
  std::string name;
  // Opens the store whose state lives under `dir` (a fresh, empty directory
  // per test), creating it on first use. Called again with the same `dir` to
  // reopen: the second store must see what the first committed.
  std::function<absl::StatusOr<std::unique_ptr<Store>>(const std::string& dir)>
      open;
};

// Test names show the factory's name, not its bytes.
inline void PrintTo(const StoreFactory& f, std::ostream* os) { *os << f.name; }

class StoreContractTest : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Closes the current store and opens it again on the same state.
  void Reopen();

  std::string dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace mdm::testing
