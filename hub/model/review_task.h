// A review task: a record whose best evidence for an entity it did not join
// fell in the review band (between the review and the link threshold). A data
// steward decides it; until then the hub keeps the two apart.
#pragma once

#include <cstdint>
#include <string>

#include "hub/model/source_record.h"

namespace mdm {

struct ReviewTask {
  RecordKey record;
  std::string candidate_golden_id;  // as it was when the task was raised
  double score = 0;                 // log2 match weight of the best pair
  int64_t created_at_us = 0;
  bool operator==(const ReviewTask&) const = default;
};

}  // namespace mdm
