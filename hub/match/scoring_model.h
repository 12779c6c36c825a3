// Weights of the field comparisons, as log2 Bayes factors: log2(m/u) where m
// is the chance of the outcome among true matches and u among non-matches.
// These defaults are set by hand from the rates one expects in customer data
// (e.g. two different people share a date of birth about once in 20,000 pairs,
// u ≈ 2^-14, but data-entry errors make m ≈ 0.9, so a conservative +6); the
// trained model replaces them.
#pragma once

#include <memory>

#include "hub/match/term_frequency.h"

namespace mdm::match {

struct ScoringModel {
  // A person never matches an organization.
  double kind_mismatch = -30.0;

  // Name (person or organization).
  double name_exact = 9.0;  // same folded text
  double name_key = 7.0;    // same pinyin/Latin key (script, order, homophone)
  double name_fuzzy_high = 5.0;  // Jaro-Winkler >= name_fuzzy_high_at
  double name_fuzzy_low = 2.0;   // Jaro-Winkler >= name_fuzzy_low_at
  double name_mismatch = -6.0;
  double name_weak = 0.0;  // the weak band (name_weak_at): no evidence
  // Below the weak band, names that still share a whole token ("Rob Allen"
  // and "Allen", a family name): hand-set as a mismatch, since relatives
  // share family names; training learns what a shared token says.
  double name_token = -6.0;
  // Same name once diminutives are made canonical ("Bob Smith" and "Robert
  // Smith", "Peggy Li" and "Maggie Li"): nearly as good as a shared key, a
  // little weaker since a diminutive can stand for several names.
  double name_nickname = 5.0;
  double name_fuzzy_high_at = 0.94;
  double name_fuzzy_low_at = 0.88;
  double name_weak_at = 0.80;  // between weak and low: no evidence either way

  // National id / social credit code.
  double id_exact = 12.0;
  double id_typo = 4.0;                // one edit apart (opaque ids only)
  double id_checked_mismatch = -12.0;  // two valid checksummed ids differ
  // Opaque ids (passports, foreign numbers) carry no checksum and are often
  // mistyped beyond one edit, so a mismatch is weaker evidence than for
  // checksummed ids.
  double id_mismatch = -4.0;

  // Birth date.
  double dob_exact = 6.0;
  double dob_swapped = 3.0;   // day and month transposed
  double dob_one_edit = 2.0;  // one digit off in YYYYMMDD
  double dob_same_year_month = 0.0;
  double dob_mismatch = -5.0;

  double phone_shared = 9.0;
  double phone_disjoint = -2.0;  // people own several numbers: weak evidence
  double email_shared = 9.0;
  double email_disjoint = -1.0;

  double gender_same = 0.5;
  double gender_diff = -3.0;

  // Place levels nest (see the scorer): a shared address line stands for the
  // postcode and city too, a shared postcode for the city.
  double postcode_same = 2.0;
  double postcode_diff = -1.0;
  double city_same = 1.5;
  double city_diff = -1.0;
  double address_exact = 7.5;
  double address_fuzzy = 2.0;  // Jaro-Winkler >= address_fuzzy_at
  double address_fuzzy_at = 0.90;
  double address_mismatch = -1.0;

  // Decision: a record joins an entity when its best pair score reaches this.
  double link_threshold = 12.0;
  // Below the link threshold but at or above this, the pair is doubtful: the
  // record stays apart and a review task asks a steward (e.g. the same name
  // and postcode, nothing else: 9 + 2).
  double review_threshold = 8.0;
  // Log2 prior odds that a candidate pair matches; turns scores into
  // probabilities for display only.
  double prior_log2 = -10.0;

  // Term-frequency adjustment of the agreeing name, city and postcode levels
  // (see TfAdjustment): a frozen table taken from the data when a model is
  // trained; none (no adjustment) in the hand-set default. Shared, never
  // changed once set.
  std::shared_ptr<const TermFrequencies> tf;
  // Clamps: a very common value may lose much of its weight, a rare one
  // gains a little (rarity of a typo-free value is weak evidence by itself).
  double tf_max_down = 8.0;
  double tf_max_up = 2.0;
};

}  // namespace mdm::match
