// Fellegi-Sunter style pairwise scoring: every field comparison falls into a
// level, each level adds a log2 Bayes factor, the sum is the match weight.
// Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hub/match/comparison_view.h"
#include "hub/match/scoring_model.h"
#include "hub/normalize/record_features.h"

namespace mdm::match {

// Field and level names are static strings: scoring runs for every candidate
// pair and must not allocate per comparison.
struct FieldScore {
  const char* field;         // "name", "national_id", "birth_date", ...
  const char* level;         // "exact", "pinyin", "fuzzy", "mismatch", ...
  double weight = 0;         // including tf_adjustment
  double tf_adjustment = 0;  // term-frequency part of weight (0: none)
};

struct PairScore {
  double total = 0;
  std::vector<FieldScore> fields;  // only fields both records carry
  // False when scoring stopped early (see ScorePair's `decide_at`).
  bool complete = true;
};

// Scores a pair. With `decide_at`, scoring may stop as soon as the remaining
// comparisons cannot move the total across that threshold: `total` then lies
// on the correct side of it but is not the full score. Ingestion only needs
// the decision; explanations use the full score.
PairScore ScorePair(const normalize::RecordFeatures& a,
                    const normalize::RecordFeatures& b,
                    const ScoringModel& model,
                    std::optional<double> decide_at = std::nullopt);

// The same with two thresholds (low <= high): scoring may stop once the total
// is surely below `low` or surely at least `high`; a score that ends between
// them is complete. Ingestion uses the review and link thresholds: exact
// scores for the review band, early exits everywhere else.
PairScore ScorePair(const normalize::RecordFeatures& a,
                    const normalize::RecordFeatures& b,
                    const ScoringModel& model, double low, double high);

// ScorePair(a, b, model) from the records' comparison views (MakeComparisonView
// of the same features), for callers that hold them already (the index does).
PairScore ScorePair(const normalize::RecordFeatures& a,
                    const ComparisonView& va,
                    const normalize::RecordFeatures& b,
                    const ComparisonView& vb, const ScoringModel& model);

// The total ScorePair(a, b, model, low, high) gives, without the per-field
// breakdown, from the records' comparison views (MakeComparisonView of the
// same features): what ingestion decides on, with no allocation per pair.
double DecisionScore(const normalize::RecordFeatures& a,
                     const ComparisonView& va,
                     const normalize::RecordFeatures& b,
                     const ComparisonView& vb, const ScoringModel& model,
                     double low, double high);

// Match probability for a score under the model's prior.
double MatchProbability(double score, const ScoringModel& model);

}  // namespace mdm::match
