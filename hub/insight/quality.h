// Data-quality metrics per source and attribute (MISSION N5): completeness,
// validity (the hub's normalizers), duplicate rate (records per entity),
// conflicts between sources, freshness. Records are fed one at a time, so the
// caller can stream the whole store. Pure (the time is passed in).
//
// Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "hub/model/source_record.h"

namespace mdm::insight {

struct AttributeQuality {
  std::string attribute;  // name, national_id, birth_date, gender, phones, ...
  int present = 0;        // records carrying a value
  int checked = 0;        // values a validity check applies to
  int valid = 0;          // of those, values passing it
  double completeness = 0;  // present / records
  double validity = 1;      // valid / checked (1 when nothing was checked)
};

struct SourceQuality {
  std::string source;
  int records = 0;
  int entities = 0;  // distinct entities the source's records belong to
  // Records per entity within the source: 1.0 means no duplicates.
  double duplicate_rate = 0;
  double mean_age_days = 0;  // since updated_at
  double stale_share = 0;    // older than QualityOptions::stale_days
  std::vector<AttributeQuality> attributes;  // fixed order
};

// A conflict: records of different sources in one entity disagreeing on a
// single-valued attribute (after normalization).
struct ConflictRate {
  std::string attribute;
  int compared = 0;   // entities where two or more sources carry a value
  int conflicts = 0;  // of those, entities where they disagree
  double rate = 0;
};

struct QualityReport {
  int64_t taken_at_us = 0;
  int records = 0;
  int entities = 0;
  double records_per_entity = 0;
  std::vector<SourceQuality> sources;   // by name
  std::vector<ConflictRate> conflicts;  // fixed order
};

struct QualityOptions {
  int stale_days = 365;  // default: a year without an update is stale
};

class QualityAccumulator {
 public:
  // Ages are measured at `now_us`.
  QualityAccumulator(QualityOptions options, int64_t now_us)
      : options_(options), now_us_(now_us) {}

  void Add(const StoredRecord& record);
  QualityReport Finish() const;

 private:
  struct Counts {
    int present = 0, checked = 0, valid = 0;
  };
  struct PerSource {
    int records = 0;
    std::set<std::string> entities;
    double age_sum_days = 0;
    int stale = 0;
    std::map<std::string, Counts> attributes;
  };
  // Per entity and single-valued attribute: the first source and value seen,
  // whether another source carried one, and whether it differed.
  struct Seen {
    std::string source, value;
    bool compared = false, conflict = false;
  };

  void Count(PerSource& s, const char* attribute, bool present, int checked,
             int valid);
  void Compare(const std::string& golden_id, const std::string& source,
               const char* attribute, std::string value);

  const QualityOptions options_;
  const int64_t now_us_;
  std::map<std::string, PerSource> sources_;
  absl::flat_hash_map<std::string, std::map<std::string, Seen>> entities_;
  int records_ = 0;
};

}  // namespace mdm::insight
