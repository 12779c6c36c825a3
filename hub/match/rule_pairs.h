// Candidate pairs grouped by the blocking rule that produced them, for
// training. EM estimates a field's m only from pairs that were NOT selected
// for agreeing on that field (pairs blocked on a shared phone all agree on
// the phone, so they say nothing about how often true matches do): training
// runs one session per rule, and each rule names the fields it fixes.
//
// Pure and deterministic.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "hub/match/candidate_pairs.h"
#include "hub/normalize/record_features.h"

namespace mdm::match {

struct RulePairs {
  std::string rule;  // the key prefix, e.g. "ph:"
  // Pairs (i, j), i < j, distinct within the rule, sorted; evenly subsampled
  // down to `max_pairs` (an even subsample keeps every block represented).
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
};

// One entry per rule that produced at least one pair, ordered by rule. Blocks
// above the size caps are skipped, as in CandidatePairs.
std::vector<RulePairs> CandidatePairsByRule(
    absl::Span<const normalize::RecordFeatures* const> records,
    const BlockingLimits& limits, int64_t max_pairs);

// Whether pairs of `rule` are biased towards agreeing on `field` (a scorer
// field name: "name", "birth_date", ...). Unknown rules fix nothing.
bool RuleFixesField(std::string_view rule, std::string_view field);

// Whether training runs a session on `rule`'s pairs. The street address +
// name token rule does not: its pairs are mostly relatives sharing a home and
// a family name, which a two-class EM cannot tell from duplicates on the
// remaining fields (it learned that true matches often differ in birth date
// and gender); the other rules' sessions estimate every field without them.
bool RuleTrainsModel(std::string_view rule);

// Evenly spaced elements of `v`, at most `max` of them, order kept.
std::vector<std::pair<uint32_t, uint32_t>> EvenSubsample(
    std::vector<std::pair<uint32_t, uint32_t>> v, int64_t max);

}  // namespace mdm::match
