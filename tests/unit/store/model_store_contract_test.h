// The behavioural contract of the ModelStore (versioned match models). A
// backend joins by instantiating the suite with a factory:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, ModelStoreContractTest,
//                            testing::Values(factory));
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "hub/store/model_store.h"

namespace mdm::testing {

struct ModelStoreFactory {
  std::string name;
  // Opens the store whose state lives under `dir` (fresh per test), and
  // opens it again on the same state when called again with `dir`.
  std::function<absl::StatusOr<std::unique_ptr<ModelStore>>(
      const std::string& dir)>
      open;
};

inline void PrintTo(const ModelStoreFactory& f, std::ostream* os) {
  *os << f.name;
}

class ModelStoreContractTest
    : public ::testing::TestWithParam<ModelStoreFactory> {
 protected:
  void SetUp() override;
  void TearDown() override;
  std::string dir_;
};

}  // namespace mdm::testing
