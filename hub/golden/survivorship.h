// Survivorship: builds a golden record from the live source records of one
// entity under per-attribute rules (rules.h). Per attribute, every distinct
// value the records carry becomes a candidate (records agreeing on the
// normalized form count as one value); the rule ranks the candidates and the
// first wins. A value that failed its check (empty normalized form) never
// enters unless the rule says validated_only = false. Multi-valued attributes
// (phones, e-mails, whole addresses) keep every distinct value, in rank order.
// Every value carries its lineage: the record that justifies it and the rule.
// Pure.
#pragma once

#include <string>
#include <vector>

#include "absl/types/span.h"
#include "hub/golden/rules.h"
#include "hub/model/golden_record.h"
#include "hub/normalize/record_features.h"

namespace mdm::golden {

struct Member {
  const StoredRecord* stored;
  const normalize::RecordFeatures* features;
};

// One distinct value of an attribute as the rule saw it.
struct RankedValue {
  GoldenValue value;                 // lineage: the record that justifies it
  std::vector<std::string> sources;  // sorted, distinct
  std::vector<RecordKey> records;    // sorted
  bool valid = true;                 // passed its check
};

// How one attribute was decided: its rule and every candidate, best first
// (for a single-valued attribute the first won, for a multi-valued one all
// are kept).
struct AttributeDecision {
  std::string attribute;
  AttributeRule rule;
  std::vector<RankedValue> ranked;
};

// Every attribute any member carries, in a fixed order (the standard ones,
// then "attr.KEY" by key).
std::vector<AttributeDecision> DecideAttributes(
    absl::Span<const Member> members, const SurvivorshipRules& rules);

// The golden content of an entity: every attribute, the conflicts and
// `members`; leaves version, etag, times and merged_ids empty.
GoldenRecord BuildGoldenContent(
    const std::string& golden_id, absl::Span<const Member> members,
    const SurvivorshipRules& rules = DefaultRules());

// True when the two records differ in content (ignoring version, etag and
// times): a change that needs a new version.
bool ContentDiffers(const GoldenRecord& a, const GoldenRecord& b);

// Stamps `next` as the successor of `previous` (nullptr for a new entity):
// same version/etag/times when the content is unchanged, else version + 1 and
// update time `now_us`. Returns true when a new version was made.
bool StampVersion(GoldenRecord& next, const GoldenRecord* previous,
                  int64_t now_us);

}  // namespace mdm::golden
