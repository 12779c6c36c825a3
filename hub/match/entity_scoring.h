// Scores a record against the entities of a MatchIndex: every candidate
// sharing a blocking key is scored, and each entity keeps the score of its
// best-matching member. This is the heart of incremental resolution (the
// service decides links from it; the engine benchmark drives it alone).
//
// Pure: reads the index, no I/O. The caller serializes it with index writers.
#pragma once

#include <string>
#include <vector>

#include "hub/match/match_index.h"
#include "hub/match/scorer.h"

namespace mdm::match {

struct EntityScore {
  std::string golden_id;
  PairScore best;
};

// Entities of the records sharing one of `query_keys` (`exclude` left out),
// best score first, ties by golden id. With `decide_only`, scores are exact
// only inside the review band (between the model's review and link
// thresholds); elsewhere scoring may stop once the side is known, only the
// totals are kept (no per-field breakdown), and entities below the review
// threshold are left out.
std::vector<EntityScore> ScoreEntities(
    const MatchIndex& index, const normalize::RecordFeatures& features,
    const std::vector<std::string>& query_keys, const RecordKey* exclude,
    const ScoringModel& model, BlockingStats* stats, bool decide_only);

}  // namespace mdm::match
