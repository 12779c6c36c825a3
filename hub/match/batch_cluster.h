// Resolution of a whole data set at once: every blocked candidate pair is
// scored and pairs at or above the link threshold are joined (connected
// components, as the incremental service joins a record to every entity it
// links to). Used to answer "what would this model do to the stored data?"
// (what-if), and by the accuracy benchmark as the engine alone.
//
// Pure and deterministic.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "hub/match/candidate_pairs.h"
#include "hub/match/scoring_model.h"
#include "hub/normalize/record_features.h"

namespace mdm::match {

// Cluster label per record: the smallest index of a record in its cluster.
std::vector<uint32_t> ClusterAll(
    absl::Span<const normalize::RecordFeatures* const> records,
    const ScoringModel& model, const BlockingLimits& limits);

// How a proposed partition differs from the current one (golden ids).
struct PartitionDiff {
  // Current entities a proposed cluster would join, each sorted; sorted.
  std::vector<std::vector<std::string>> merges;
  // Current entities whose records a proposed partition would spread over
  // several clusters, with the number of parts; sorted by golden id.
  std::vector<std::pair<std::string, int>> splits;
  int64_t records_moved = 0;  // records not in their entity's main part
};

// `current[i]` is record i's golden id, `proposed[i]` its proposed label.
PartitionDiff DiffPartitions(absl::Span<const std::string> current,
                             absl::Span<const uint32_t> proposed);

}  // namespace mdm::match
