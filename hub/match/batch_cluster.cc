#include "hub/match/batch_cluster.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "hub/match/scorer.h"

namespace mdm::match {
namespace {

uint32_t Find(std::vector<uint32_t>& parent, uint32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

}  // namespace

std::vector<uint32_t> ClusterAll(
    absl::Span<const normalize::RecordFeatures* const> records,
    const ScoringModel& model, const BlockingLimits& limits) {
  std::vector<uint32_t> parent(records.size());
  std::iota(parent.begin(), parent.end(), 0u);
  for (const auto& [i, j] : CandidatePairs(records, limits)) {
    uint32_t a = Find(parent, i), b = Find(parent, j);
    if (a == b) continue;  // already joined: no need to score
    const PairScore s =
        ScorePair(*records[i], *records[j], model, model.link_threshold);
    if (s.total < model.link_threshold) continue;
    if (b < a) std::swap(a, b);
    parent[b] = a;  // the smaller index stays the root
  }
  for (uint32_t i = 0; i < parent.size(); ++i) parent[i] = Find(parent, i);
  return parent;
}

PartitionDiff DiffPartitions(absl::Span<const std::string> current,
                             absl::Span<const uint32_t> proposed) {
  std::map<uint32_t, std::set<std::string>> entities_of;        // per cluster
  std::map<std::string, std::map<uint32_t, int64_t>> parts_of;  // per entity
  for (size_t i = 0; i < current.size(); ++i) {
    entities_of[proposed[i]].insert(current[i]);
    ++parts_of[current[i]][proposed[i]];
  }
  PartitionDiff d;
  for (const auto& [label, ids] : entities_of) {
    if (ids.size() > 1) d.merges.emplace_back(ids.begin(), ids.end());
  }
  std::sort(d.merges.begin(), d.merges.end());
  for (const auto& [id, parts] : parts_of) {
    if (parts.size() < 2) continue;
    d.splits.emplace_back(id, static_cast<int>(parts.size()));
    int64_t total = 0, largest = 0;
    for (const auto& [label, n] : parts) {
      total += n;
      largest = std::max(largest, n);
    }
    d.records_moved += total - largest;
  }
  return d;
}

}  // namespace mdm::match
