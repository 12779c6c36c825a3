// The part of a record's features that exact comparisons read, packed into
// two cache lines: text values as 64-bit hashes, the birth date as numbers.
//
// Scoring a candidate pair used to chase a dozen heap pointers (name, phones,
// e-mails, address, city, postcode), and those cache misses, not the
// comparisons, were most of the engine's time. With a view next to each
// indexed record, the exact comparisons touch nothing else, and most pairs
// are decided before any string is read (the fuzzy name and address
// comparisons still read the features).
//
// Hashes are absl::Hash of the comparison form, never persisted. Two different
// values sharing a 64-bit hash would compare as equal; at 2^-64 per pair that
// is far below any other source of error and is accepted.
#pragma once

#include <cstdint>

#include "hub/model/source_record.h"
#include "hub/normalize/record_features.h"

namespace mdm::match {

struct ComparisonView {
  // Values held inline; a record with more phones or e-mails than this is
  // compared on its features instead (`*_complete` false).
  static constexpr int kPhones = 3;
  static constexpr int kEmails = 2;

  uint64_t name_folded = 0;  // 0: no value (likewise below)
  uint64_t national_id = 0;
  uint64_t address_line = 0;
  uint64_t city = 0;
  uint64_t postal_code = 0;
  uint64_t phones[kPhones] = {};
  uint64_t emails[kEmails] = {};
  uint16_t birth_year = 0;  // 0: no birth date
  uint8_t birth_month = 0;
  uint8_t birth_day = 0;
  uint8_t phone_count = 0;  // hashes held in `phones`
  uint8_t email_count = 0;
  bool phones_complete = true;
  bool emails_complete = true;
  Kind kind = Kind::kPerson;
  Gender gender = Gender::kUnspecified;
  normalize::IdType id_type = normalize::IdType::kOther;
};

ComparisonView MakeComparisonView(const normalize::RecordFeatures& f);

}  // namespace mdm::match
