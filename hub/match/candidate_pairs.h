// Every blocked candidate pair of a set of records, as the match index would
// generate them one record at a time: records sharing an index key, blocks
// above the size caps skipped. For work over all the data at once (training,
// batch clustering, what-if), not for ingestion.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "hub/normalize/record_features.h"

namespace mdm::match {

struct BlockingLimits {
  size_t max_block_size = 1000;
  size_t max_weak_block_size = 100;
};

// Pairs (i, j) of indexes into `records`, i < j, distinct, sorted.
std::vector<std::pair<uint32_t, uint32_t>> CandidatePairs(
    absl::Span<const normalize::RecordFeatures* const> records,
    const BlockingLimits& limits);

}  // namespace mdm::match
