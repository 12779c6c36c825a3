#include "hub/match/candidate_pairs.h"

#include <algorithm>
#include <map>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "hub/match/blocking.h"

namespace mdm::match {

std::vector<std::pair<uint32_t, uint32_t>> CandidatePairs(
    absl::Span<const normalize::RecordFeatures* const> records,
    const BlockingLimits& limits) {
  // Ordered by key, so the result does not depend on hashing.
  std::map<std::string, std::vector<uint32_t>> blocks;
  for (uint32_t i = 0; i < records.size(); ++i) {
    for (std::string& k : IndexKeys(*records[i])) blocks[k].push_back(i);
  }
  absl::flat_hash_set<uint64_t> seen;
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (const auto& [key, members] : blocks) {
    const size_t cap =
        IsWeakRule(key) ? limits.max_weak_block_size : limits.max_block_size;
    if (members.size() > cap) continue;
    for (size_t x = 0; x < members.size(); ++x) {
      for (size_t y = x + 1; y < members.size(); ++y) {
        const uint32_t i = std::min(members[x], members[y]);
        const uint32_t j = std::max(members[x], members[y]);
        if (seen.insert((uint64_t{i} << 32) | j).second) out.emplace_back(i, j);
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace mdm::match
