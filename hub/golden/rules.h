// Survivorship rules: per attribute, how the golden value is chosen among the
// values an entity's records carry. Pure data plus a JSON codec (the format of
// the --survivorship_rules file and of the Admin RPCs); no I/O.
//
// JSON format (every key optional; unknown keys are errors, so a typo is
// refused instead of silently ignored):
//   {
//     "default":       {"rule": "most_recent"},    // single-valued attributes
//     "default_multi": {"rule": "most_frequent"},  // phones, emails
//     "attributes": {
//       "address_line": {"rule": "source_trust", "trust": ["finance", "erp"]},
//       "full_name":    {"rule": "source_trust", "trust": ["erp"]},
//       "phones": {"rule": "source_trust", "trust": ["callcenter"],
//                  "then": "most_recent"},
//       "attr.occupation": {"rule": "most_frequent", "validated_only": false}
//     }
//   }
// Rules: most_recent (newest record wins), most_frequent (most records agree),
// most_complete (the longest value), source_trust (the value of the most
// trusted source in `trust`, first = most trusted; sources not listed come
// after every listed one; ties are broken by `then`, default most_recent).
// validated_only (default true): a value that fails its check (unparseable
// phone, bad id checksum, impossible date) never wins; false lets such values
// compete as written.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace mdm::golden {

enum class RuleKind { kMostRecent, kMostFrequent, kMostComplete, kSourceTrust };

struct AttributeRule {
  RuleKind kind = RuleKind::kMostRecent;
  std::vector<std::string> trust;         // kSourceTrust: most trusted first
  RuleKind then = RuleKind::kMostRecent;  // kSourceTrust tie-break
  bool validated_only = true;
  bool operator==(const AttributeRule&) const = default;
};

struct SurvivorshipRules {
  AttributeRule default_single{};
  AttributeRule default_multi{.kind = RuleKind::kMostFrequent, .trust = {}};
  // By attribute name: full_name, national_id, birth_date, gender,
  // address_line, city, region, postal_code, country, phones, emails,
  // addresses, or "attr.<key>" for a free attribute.
  std::map<std::string, AttributeRule> by_attribute;

  // The rule for `attribute`: its own, else the default of its kind.
  const AttributeRule& For(absl::string_view attribute, bool multi) const;
  bool operator==(const SurvivorshipRules&) const = default;
};

// The rules used when no file and no Admin call gave any: newest valid value
// for single-valued attributes, every distinct value ranked by support for
// multi-valued ones.
const SurvivorshipRules& DefaultRules();

// "most_recent", "most_frequent", "most_complete", "source_trust".
absl::string_view RuleName(RuleKind kind);

// Parses the JSON format above. InvalidArgument naming the offending path
// ("attributes.phones.rule") on any error.
absl::StatusOr<SurvivorshipRules> ParseRules(absl::string_view json);

// The canonical JSON of `rules` (ParseRules(FormatRules(r)) == r).
std::string FormatRules(const SurvivorshipRules& rules);

// True for the attribute names listed above (a free attribute as "attr.KEY").
bool IsKnownAttribute(absl::string_view attribute);
bool IsMultiValued(absl::string_view attribute);

}  // namespace mdm::golden
