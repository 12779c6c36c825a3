// Term frequencies: how many live records carry each value of the fields
// whose agreement means less when the value is common (a shared 王伟 or
// "john smith" is weaker evidence than a shared rare name; likewise a big
// city or a busy postcode).
//
// Values are kept as 64-bit FNV-1a hashes of their comparison form, so the
// table costs a few bytes per distinct value and is the same in every
// process (it is persisted with a trained model). Counts are maintained
// incrementally: Add when a record enters the index, Remove when it leaves.
//
// The scorer never reads the live table: decisions use a frozen copy held by
// the model (ScoringModel::tf), so that the same data resolves the same way
// in any order, and a restart with the same model changes nothing.
//
// Not thread-safe; the owner serializes access (copies are independent).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "hub/normalize/record_features.h"

namespace mdm::match {

// The fields with term-frequency tables.
enum class TfField : uint8_t { kName = 0, kCity = 1, kPostalCode = 2 };
inline constexpr int kTfFieldCount = 3;

// The hash under which a field value is counted; 0 when the record has no
// value for the field.
uint64_t TfValue(const normalize::RecordFeatures& f, TfField field);

class TermFrequencies {
 public:
  void Add(const normalize::RecordFeatures& f) { Apply(f, +1); }
  void Remove(const normalize::RecordFeatures& f) { Apply(f, -1); }

  // Records carrying `value` in `field` (0 when unknown).
  int64_t Count(TfField field, uint64_t value) const;
  // Records carrying any value in `field`.
  int64_t Total(TfField field) const { return totals_[Index(field)]; }

  // The share of records with `value` among those with a value, at least
  // one record's worth (an unseen value counts as seen once).
  double Frequency(TfField field, uint64_t value) const;

  // Makes this a frozen copy for scoring: records per field the chance that
  // two random records agree (the u of the agreeing level, to which a value's
  // own frequency is compared), then drops values held by fewer than
  // `min_count` records (singletons are the bulk of a name table and get the
  // "seen once" frequency anyway). Totals are kept.
  void Freeze(int64_t min_count);
  // Share of random record pairs (both with a value) that agree on `field`;
  // set by Freeze().
  double AgreementRate(TfField field) const { return agreement_[Index(field)]; }
  void SetAgreementRate(TfField field, double rate) {
    agreement_[Index(field)] = rate;
  }

  // Raw access for serialization.
  const absl::flat_hash_map<uint64_t, int64_t>& Counts(TfField field) const {
    return counts_[Index(field)];
  }
  void Set(TfField field, uint64_t value, int64_t count);
  void SetTotal(TfField field, int64_t total) { totals_[Index(field)] = total; }

 private:
  static int Index(TfField f) { return static_cast<int>(f); }
  void Apply(const normalize::RecordFeatures& f, int delta);

  absl::flat_hash_map<uint64_t, int64_t> counts_[kTfFieldCount];
  int64_t totals_[kTfFieldCount] = {0, 0, 0};
  double agreement_[kTfFieldCount] = {0, 0, 0};
};

// Term-frequency adjustment of an agreeing comparison on `value`: log2 of
// the field's average agreement rate over the value's own frequency, so a
// value shared by many records adds less than the level's weight and a rare
// one more; clamped to [-max_down, max_up]. 0 without a frozen table.
double TfAdjustment(const TermFrequencies* tf, TfField field, uint64_t value,
                    double max_down, double max_up);

}  // namespace mdm::match
