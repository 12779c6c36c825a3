// Domain types for what the sources say about a customer. Plain data: the API
// layer translates protobuf to and from these, the store persists them.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mdm {

enum class Kind { kPerson = 0, kOrganization = 1 };
enum class Gender { kUnspecified = 0, kMale = 1, kFemale = 2 };

struct Address {
  std::string line;
  std::string city;
  std::string region;
  std::string postal_code;
  std::string country;
  bool operator==(const Address&) const = default;
};

// Identity of a source record: (source, source_record_id).
struct RecordKey {
  std::string source;
  std::string source_record_id;
  auto operator<=>(const RecordKey&) const = default;
  bool operator==(const RecordKey&) const = default;
  template <typename H>
  friend H AbslHashValue(H h, const RecordKey& k) {
    return H::combine(std::move(h), k.source, k.source_record_id);
  }
};

// What one department system says about one customer, as written.
struct SourceRecord {
  RecordKey key;
  Kind kind = Kind::kPerson;
  std::string name;
  std::string national_id;
  std::string birth_date;  // ISO YYYY-MM-DD as sent; may be unparseable
  Gender gender = Gender::kUnspecified;
  std::vector<std::string> phones;
  std::vector<std::string> emails;
  Address address;
  int64_t updated_at_us = 0;   // microseconds since epoch; 0 = unset
  int64_t source_version = 0;  // 0 = unset
  std::map<std::string, std::string> attributes;
  bool operator==(const SourceRecord&) const = default;
};

// A raw value the hub could not parse. It is kept, reported and not used for
// matching.
struct FieldWarning {
  std::string field;  // "birth_date", "phones[1]", ...
  std::string value;
  std::string reason;
  bool operator==(const FieldWarning&) const = default;
};

// A source record as the hub holds it.
struct StoredRecord {
  SourceRecord record;
  std::string golden_id;
  std::vector<FieldWarning> warnings;
  // Hash of the record's content without its timestamps; equal hashes mean a
  // replay.
  uint64_t content_hash = 0;
  bool operator==(const StoredRecord&) const = default;
};

}  // namespace mdm
