// Fellegi-Sunter style pairwise scoring: every field comparison falls into a
// level, each level adds a log2 Bayes factor, the sum is the match weight.
// Pure and thread-safe.
#pragma once

#include <string>
#include <vector>

#include "hub/match/scoring_model.h"
#include "hub/normalize/record_features.h"

namespace mdm::match {

struct FieldScore {
  std::string field;  // "name", "national_id", "birth_date", ...
  std::string level;  // "exact", "pinyin", "fuzzy", "mismatch", ...
  double weight = 0;
};

struct PairScore {
  double total = 0;
  std::vector<FieldScore> fields;  // only fields both records carry
};

PairScore ScorePair(const normalize::RecordFeatures& a,
                    const normalize::RecordFeatures& b,
                    const ScoringModel& model);

// Match probability for a score under the model's prior.
double MatchProbability(double score, const ScoringModel& model);

}  // namespace mdm::match
