#include "hub/match/rule_pairs.h"

#include <algorithm>
#include <map>

#include "absl/container/flat_hash_set.h"
#include "hub/match/blocking.h"

namespace mdm::match {

std::vector<RulePairs> CandidatePairsByRule(
    absl::Span<const normalize::RecordFeatures* const> records,
    const BlockingLimits& limits, int64_t max_pairs) {
  // Ordered by key, so the result does not depend on hashing.
  std::map<std::string, std::vector<uint32_t>> blocks;
  for (uint32_t i = 0; i < records.size(); ++i) {
    for (std::string& k : IndexKeys(*records[i])) blocks[k].push_back(i);
  }
  std::map<std::string, absl::flat_hash_set<uint64_t>> by_rule;
  for (const auto& [key, members] : blocks) {
    const size_t cap =
        IsWeakRule(key) ? limits.max_weak_block_size : limits.max_block_size;
    if (members.size() < 2 || members.size() > cap) continue;
    auto& seen = by_rule[std::string(RuleOf(key))];
    for (size_t x = 0; x < members.size(); ++x) {
      for (size_t y = x + 1; y < members.size(); ++y) {
        const uint64_t i = std::min(members[x], members[y]);
        const uint64_t j = std::max(members[x], members[y]);
        seen.insert((i << 32) | j);
      }
    }
  }
  std::vector<RulePairs> out;
  for (const auto& [rule, seen] : by_rule) {
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    pairs.reserve(seen.size());
    for (uint64_t ij : seen) {
      pairs.emplace_back(static_cast<uint32_t>(ij >> 32),
                         static_cast<uint32_t>(ij & 0xffffffffu));
    }
    std::sort(pairs.begin(), pairs.end());
    out.push_back({rule, EvenSubsample(std::move(pairs), max_pairs)});
  }
  return out;
}

bool RuleFixesField(std::string_view rule, std::string_view field) {
  const std::string_view id(kRuleId), phone(kRulePhone), email(kRuleEmail),
      name(kRuleName), name_year(kRuleNameYear), birth(kRuleBirth),
      postal(kRulePostal);
  if (rule == id) return field == "national_id";
  if (rule == phone) return field == "phone";
  if (rule == email) return field == "email";
  if (rule == name) return field == "name";
  if (rule == name_year) return field == "name" || field == "birth_date";
  if (rule == birth) return field == "birth_date";
  // A postcode lies in one city: pairs sharing it share the city too.
  if (rule == postal) {
    return field == "name" || field == "postal_code" || field == "city";
  }
  // A street address lies in one postcode and city.
  if (rule == kRuleAddress) {
    return field == "name" || field == "address" || field == "postal_code" ||
           field == "city";
  }
  return false;
}

bool RuleTrainsModel(std::string_view rule) {
  return rule != std::string_view(kRuleAddress);
}

std::vector<std::pair<uint32_t, uint32_t>> EvenSubsample(
    std::vector<std::pair<uint32_t, uint32_t>> v, int64_t max) {
  if (static_cast<int64_t>(v.size()) <= max) return v;
  std::vector<std::pair<uint32_t, uint32_t>> kept;
  kept.reserve(static_cast<size_t>(max));
  const double step = static_cast<double>(v.size()) / static_cast<double>(max);
  for (int64_t k = 0; k < max; ++k) {
    kept.push_back(v[static_cast<size_t>(static_cast<double>(k) * step)]);
  }
  return kept;
}

}  // namespace mdm::match
