// Unsupervised estimation of a ScoringModel from the data (no labels), the
// way Splink trains:
//
// - u (the chance of each comparison level among non-matches) from random
//   record pairs, which are almost all non-matches; u stays fixed.
// - m (the chance among matches) by expectation-maximisation, one session per
//   blocking rule over the pairs that rule produces. A session estimates the
//   m of every field except those its rule fixes: pairs blocked on a shared
//   phone all share a phone, so they cannot say how often true matches do,
//   and a field that selects the pairs must not define the match class (else
//   EM finds "same place" or "same phone" instead of "same customer"). A
//   field's m is the mean over the sessions that estimated it.
// - each level's weight becomes log2(m/u); the prior, the chance that two
//   records drawn at random match, is then estimated with m and u held
//   fixed, and sets the link and review thresholds at chosen match
//   probabilities; a frozen copy of the term frequencies goes with the model.
//
// Sessions start from the posterior of the starting model (the hand-set
// weights are prior knowledge, not labels).
//
// Pure (no I/O, no clock) and repeatable: the same records in the same order
// with the same seed give the same model, bit for bit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "hub/match/candidate_pairs.h"
#include "hub/match/scoring_model.h"
#include "hub/match/term_frequency.h"
#include "hub/normalize/record_features.h"

namespace mdm::match {

struct TrainingOptions {
  uint64_t seed = 1;
  int64_t random_pairs = 300000;  // for u
  int max_iterations = 40;        // per session
  double tolerance = 1e-5;        // stop when no m moves more than this
  // Candidate pairs beyond this, per session and for the prior, are not used
  // (a deterministic even subsample).
  int64_t max_candidate_pairs = 2000000;
  // A session whose EM finds fewer expected matches than this learned
  // nothing; its estimates are left out of the means.
  double min_session_matches = 5.0;
  // The trained model links a pair when its match probability under the
  // estimated prior reaches this, and asks for review from
  // `review_probability` on (Splink's usual cut is 0.5). nullopt keeps the
  // starting model's thresholds.
  std::optional<double> link_probability = 0.5;
  double review_probability = 0.05;
  // Blocks larger than these are skipped, as in the match index.
  BlockingLimits blocking;
  // Values held by fewer records are left out of the frozen table.
  int64_t tf_min_count = 2;
  // Weights are clamped to +-this (a level seen only a handful of times
  // must not decide alone).
  double max_abs_weight = 20.0;
};

struct LevelEstimate {
  std::string field;
  std::string level;
  double m = 0;
  double u = 0;
  double weight = 0;            // log2(m/u), clamped
  int64_t random_count = 0;     // random pairs at this level
  double expected_matches = 0;  // sum of match posteriors at this level
};

// One EM session: the pairs of one blocking rule.
struct SessionReport {
  std::string rule;  // key prefix, e.g. "ph:"
  int64_t pairs = 0;
  double match_share = 0;  // among the session's pairs
  int iterations = 0;
  bool converged = false;
  bool used = false;  // enough expected matches to count
};

struct TrainingReport {
  ScoringModel model;
  std::vector<LevelEstimate> levels;    // in LevelParams() order
  std::vector<SessionReport> sessions;  // in rule order
  double match_share = 0;  // expected matches among all candidate pairs
  int iterations = 0;      // over all sessions
  bool converged = false;  // every used session converged
  int64_t records = 0;
  int64_t random_pairs = 0;
  int64_t candidate_pairs = 0;
};

// `records` are the live records' features (at least 2), `tf` the live term
// frequencies. The returned model keeps `start`'s fixed weights, takes the
// estimated level weights, the prior (log2 odds that two random records
// match), thresholds from the prior (see `link_probability`) and a frozen
// copy of `tf`.
absl::StatusOr<TrainingReport> TrainModel(
    absl::Span<const normalize::RecordFeatures* const> records,
    const TermFrequencies& tf, const ScoringModel& start,
    const TrainingOptions& options);

}  // namespace mdm::match
