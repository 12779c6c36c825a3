// Data-quality monitoring and sampling inspection (MISSION N5): reports per
// source and attribute over every live record (hub/insight/quality.h),
// snapshots kept in the InsightStore so decay shows over time, reproducible
// samples of customers for a person to audit, their verdicts and the error
// rate with a Wilson interval.
//
// A report or a sample reads every live record: cost grows with the store
// (a steward's tool, not a request-path call).
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "hub/common/clock.h"
#include "hub/insight/inspection.h"
#include "hub/insight/quality.h"
#include "hub/service/resolution_service.h"
#include "hub/store/insight_store.h"
#include "hub/store/store.h"

namespace mdm::service {

struct Sample {
  uint64_t seed = 0;
  int population = 0;  // live customers drawn from
  std::vector<GoldenRecord> customers;
  std::vector<std::vector<StoredRecord>> records;  // per customer
};

struct VerdictEntry {
  uint64_t seed = 0;
  std::string golden_id;
  bool correct = true;
  std::string note;
  std::string inspector;
  int64_t recorded_at_us = 0;
};

struct InspectionSummary {
  uint64_t seed = 0;
  int inspected = 0;
  int errors = 0;
  double error_rate = 0;
  insight::Interval interval;  // Wilson, 95%
  std::vector<VerdictEntry> verdicts;
};

inline constexpr int kMaxSampleSize = 1000;

class QualityService {
 public:
  // All pointers must outlive the service.
  QualityService(Store* store, ResolutionService* resolution,
                 InsightStore* items, const Clock* clock)
      : store_(store), resolution_(resolution), items_(items), clock_(clock) {}

  // The report now; stored as a snapshot when `snapshot`.
  absl::StatusOr<insight::QualityReport> Report(bool snapshot);
  // Stored snapshots, oldest first.
  absl::StatusOr<std::vector<insight::QualityReport>> History();

  // `size` customers drawn with `seed` from all live ones (sorted by golden
  // id), each with its source records.
  absl::StatusOr<Sample> DrawSample(uint64_t seed, int size);
  // Records (or replaces) the verdict on one customer of sample `seed`.
  absl::StatusOr<VerdictEntry> RecordVerdict(VerdictEntry verdict);
  absl::StatusOr<InspectionSummary> Inspection(uint64_t seed);

 private:
  Store* const store_;
  ResolutionService* const resolution_;
  InsightStore* const items_;
  const Clock* const clock_;
};

}  // namespace mdm::service
