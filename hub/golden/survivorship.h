// Survivorship v1: builds a golden record from the live source records of one
// entity. Per attribute, the newest *valid* value wins ("most_recent"); a value
// that failed to parse never wins. Multi-valued attributes (phones, e-mails)
// keep every distinct value, ranked by how many records carry it, then by
// recency ("most_frequent"). Every value carries its lineage. Pure.
#pragma once

#include <string>

#include "absl/types/span.h"
#include "hub/model/golden_record.h"
#include "hub/normalize/record_features.h"

namespace mdm::golden {

struct Member {
  const StoredRecord* stored;
  const normalize::RecordFeatures* features;
};

// The golden content of an entity: every attribute and `members`; leaves
// version, etag, times and merged_ids empty.
GoldenRecord BuildGoldenContent(const std::string& golden_id,
                                absl::Span<const Member> members);

// True when the two records differ in content (ignoring version, etag and
// times): a change that needs a new version.
bool ContentDiffers(const GoldenRecord& a, const GoldenRecord& b);

// Stamps `next` as the successor of `previous` (nullptr for a new entity):
// same version/etag/times when the content is unchanged, else version + 1 and
// update time `now_us`. Returns true when a new version was made.
bool StampVersion(GoldenRecord& next, const GoldenRecord* previous,
                  int64_t now_us);

}  // namespace mdm::golden
