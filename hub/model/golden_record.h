// The golden record: the best value of each attribute of one customer, with
// lineage.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hub/model/source_record.h"

namespace mdm {

// Where a golden value came from.
struct Lineage {
  RecordKey record;
  std::string rule;  // survivorship rule that chose the value
  int64_t updated_at_us = 0;
  bool operator==(const Lineage&) const = default;
};

struct GoldenValue {
  std::string value;       // as written in the winning record
  std::string normalized;  // matching form (E.164, folded e-mail, ...)
  Lineage lineage;
  int support = 0;  // live records carrying this value
  bool operator==(const GoldenValue&) const = default;
};

// Sources disagreeing on one attribute of an entity: every distinct value,
// the winner first, each with the sources and records that carry it.
struct ConflictValue {
  std::string value;                 // as written in its newest record
  std::vector<std::string> sources;  // sorted, distinct
  std::vector<RecordKey> records;    // sorted
  bool operator==(const ConflictValue&) const = default;
};

struct AttributeConflict {
  std::string attribute;  // "full_name", "attr.occupation", ...
  std::vector<ConflictValue> values;
  bool operator==(const AttributeConflict&) const = default;
};

struct GoldenRecord {
  std::string golden_id;
  Kind kind = Kind::kPerson;
  std::optional<GoldenValue> full_name;
  std::optional<GoldenValue> national_id;
  std::optional<GoldenValue> birth_date;
  std::optional<GoldenValue> gender;
  std::vector<GoldenValue> phones;  // ranked, best first
  std::vector<GoldenValue> emails;  // ranked, best first
  std::optional<GoldenValue> address_line;
  std::optional<GoldenValue> city;
  std::optional<GoldenValue> region;
  std::optional<GoldenValue> postal_code;
  std::optional<GoldenValue> country;
  // Every distinct whole postal address the records carry ("line, city,
  // region, postal code, country"), ranked, best first: the parts above win
  // one by one, this keeps a customer's several addresses.
  std::vector<GoldenValue> addresses;
  std::map<std::string, GoldenValue> attributes;
  std::vector<RecordKey> members;  // sorted
  // Single-valued attributes on which records of different sources disagree,
  // sorted by attribute.
  std::vector<AttributeConflict> conflicts;
  std::vector<std::string> merged_ids;  // ids redirected here, sorted
  int64_t version = 0;
  std::string etag;
  int64_t create_time_us = 0;
  int64_t update_time_us = 0;
  bool operator==(const GoldenRecord&) const = default;
};

struct Xref {
  RecordKey record;
  std::string golden_id;
  bool operator==(const Xref&) const = default;
};

}  // namespace mdm
