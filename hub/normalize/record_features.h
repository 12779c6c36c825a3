// The normalized, comparable view of one source record: what matching,
// blocking, search and survivorship work on. Values that fail to parse are
// left out here and reported as warnings; the raw record keeps them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hub/model/source_record.h"
#include "hub/normalize/date.h"
#include "hub/normalize/name.h"
#include "hub/normalize/national_id.h"

namespace mdm::normalize {

struct RecordFeatures {
  Kind kind = Kind::kPerson;
  NormalizedName name;
  std::optional<NationalId> national_id;
  std::optional<Date> birth_date;
  Gender gender = Gender::kUnspecified;
  std::vector<std::string> phones;  // E.164, distinct, in record order
  std::vector<std::string> emails;  // folded, distinct, in record order
  // Parallel to the record's phones/emails: the normalized form of each input
  // value, empty where it failed to parse (survivorship keeps the raw text).
  std::vector<std::string> phone_of_input;
  std::vector<std::string> email_of_input;
  std::string address_line;  // FoldText
  std::string city;          // FoldText
  std::string postal_code;   // FoldText, spaces removed
};

struct ExtractedFeatures {
  RecordFeatures features;
  std::vector<FieldWarning> warnings;
};

// Pure and thread-safe. A birth date missing from the record is taken from a
// valid resident id; a mismatch between the two is warned about and the
// explicit birth date is used.
ExtractedFeatures ExtractFeatures(const SourceRecord& record);

}  // namespace mdm::normalize
