// The behavioural contract of the stores kept beside the Store: the
// CheckpointStore (connector checkpoints and status) and the FactStore
// (transactions, interactions) and the AuditStore (audit_store_contract_test).
// A backend joins by instantiating both suites with a factory, as
// store_contract_test.h does for the Store:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, CheckpointStoreContractTest,
//                            testing::Values(factory));
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "hub/store/audit_store.h"
#include "hub/store/checkpoint_store.h"
#include "hub/store/fact_store.h"
#include "hub/store/insight_store.h"

namespace mdm::testing {

struct SideStoreFactory {
  std::string name;
  // Each opens the store whose state lives under `dir` (fresh per test),
  // and opens it again on the same state when called again with `dir`.
  std::function<absl::StatusOr<std::unique_ptr<CheckpointStore>>(
      const std::string& dir)>
      checkpoints;
  std::function<absl::StatusOr<std::unique_ptr<FactStore>>(
      const std::string& dir)>
      facts;
  std::function<absl::StatusOr<std::unique_ptr<InsightStore>>(
      const std::string& dir)>
      insights;
  std::function<absl::StatusOr<std::unique_ptr<AuditStore>>(
      const std::string& dir)>
      audit;
};

inline void PrintTo(const SideStoreFactory& f, std::ostream* os) {
  *os << f.name;
}

// A fresh directory per test, removed afterwards.
class SideStoreTest : public ::testing::TestWithParam<SideStoreFactory> {
 protected:
  void SetUp() override;
  void TearDown() override;
  std::string dir_;
};

class CheckpointStoreContractTest : public SideStoreTest {};
class FactStoreContractTest : public SideStoreTest {};
class InsightStoreContractTest : public SideStoreTest {};
class AuditStoreContractTest : public SideStoreTest {};

}  // namespace mdm::testing
