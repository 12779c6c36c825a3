// Blocking: the keys under which a record is indexed, so that only records
// sharing a key are ever compared. Several rules are OR-ed; each key carries
// its rule as a prefix so statistics can be kept per rule.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "hub/normalize/record_features.h"

namespace mdm::match {

// Rule prefixes.
inline constexpr char kRuleId[] = "id:";        // national id / USCC
inline constexpr char kRulePhone[] = "ph:";     // E.164 phone
inline constexpr char kRuleEmail[] = "em:";     // folded e-mail
inline constexpr char kRuleName[] = "nk:";      // name key, nickname key
inline constexpr char kRuleNameYear[] = "ny:";  // name token + birth year
inline constexpr char kRuleBirth[] = "db:";     // birth date
inline constexpr char kRulePostal[] = "pc:";    // postcode + name initials
inline constexpr char kRuleAddress[] = "ad:";   // street address + name token

// Keys a record is indexed under; sorted and distinct.
std::vector<std::string> IndexKeys(const normalize::RecordFeatures& f);

// Keys to look up for a record: its index keys plus variants that catch
// common errors (a birth date with day and month transposed).
std::vector<std::string> QueryKeys(const normalize::RecordFeatures& f);
// The same from the record's IndexKeys(f), when the caller has them already.
std::vector<std::string> QueryKeys(const normalize::RecordFeatures& f,
                                   std::vector<std::string> index_keys);

// Weak rules (birth date, name token + year, postcode + initials, street
// address + name token) exist to
// catch records whose strong keys all differ; their blocks grow with the data,
// so they get a smaller cap than the strong ones.
bool IsWeakRule(absl::string_view key);

// The rule prefix of a key ("nk:"), for statistics.
absl::string_view RuleOf(absl::string_view key);

}  // namespace mdm::match
