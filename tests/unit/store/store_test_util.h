// Small helpers shared by the store tests.
#pragma once

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "hub/store/store.h"

namespace mdm::testing {

inline const absl::Status& StatusOf(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& s) {
  return s.status();
}

#define MDM_ASSERT_OK(expr)                                       \
  do {                                                            \
    const auto& mdm_s_ = (expr);                                  \
    ASSERT_TRUE(mdm_s_.ok()) << ::mdm::testing::StatusOf(mdm_s_); \
  } while (0)
#define MDM_EXPECT_OK(expr)                                       \
  do {                                                            \
    const auto& mdm_s_ = (expr);                                  \
    EXPECT_TRUE(mdm_s_.ok()) << ::mdm::testing::StatusOf(mdm_s_); \
  } while (0)

// The value, or a test failure (the exception from value() ends the test).
template <typename T>
T Must(absl::StatusOr<T> s) {
  EXPECT_TRUE(s.ok()) << s.status();
  return std::move(s).value();
}

// A record carrying only what the store needs.
inline StoredRecord Rec(std::string source, std::string id,
                        std::string golden_id) {
  StoredRecord r;
  r.record.key = {std::move(source), std::move(id)};
  r.record.name = "n-" + r.record.key.source_record_id;
  r.golden_id = std::move(golden_id);
  return r;
}

inline GoldenRecord Entity(std::string golden_id, int64_t version = 1) {
  GoldenRecord g;
  g.golden_id = std::move(golden_id);
  g.version = version;
  return g;
}

inline ChangeSet Upserts(std::vector<StoredRecord> records,
                         std::vector<GoldenRecord> entities = {}) {
  ChangeSet c;
  c.upsert_records = std::move(records);
  c.upsert_entities = std::move(entities);
  return c;
}

inline RecordTombstone Tomb(RecordKey key, std::string golden_id = "",
                            int64_t deleted_at_us = 0) {
  return {std::move(key), std::move(golden_id), deleted_at_us};
}

// A record with every field set, in Chinese where a field allows.
StoredRecord FullRecord();
// A golden record with every field set.
GoldenRecord FullEntity();

}  // namespace mdm::testing
