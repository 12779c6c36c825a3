#include "hub/match/entity_scoring.h"

#include <algorithm>
#include <tuple>

#include "absl/container/flat_hash_map.h"

namespace mdm::match {

std::vector<EntityScore> ScoreEntities(
    const MatchIndex& index, const normalize::RecordFeatures& features,
    const std::vector<std::string>& query_keys, const RecordKey* exclude,
    const ScoringModel& model, BlockingStats* stats, bool decide_only) {
  const std::vector<const IndexedRecord*> candidates =
      index.Candidates(query_keys, exclude, stats);
  // Keyed by a view of the member's golden id: the index outlives the call,
  // so no id is copied until it is returned.
  absl::flat_hash_map<absl::string_view, size_t> slot_of;
  std::vector<EntityScore> out;
  const ComparisonView view = MakeComparisonView(features);
  // Candidates sit at random places in memory: asking for the next ones'
  // views early overlaps their cache misses with the current comparison.
  constexpr size_t kPrefetch = 4;
  for (size_t i = 0; i < std::min(kPrefetch, candidates.size()); ++i) {
    __builtin_prefetch(&candidates[i]->view);
  }
  for (size_t i = 0; i < candidates.size(); ++i) {
    const IndexedRecord* c = candidates[i];
    if (i + kPrefetch < candidates.size()) {
      __builtin_prefetch(&candidates[i + kPrefetch]->view);
    }
    PairScore s;
    if (decide_only) {
      s.total = DecisionScore(features, view, c->features, c->view, model,
                              model.review_threshold, model.link_threshold);
      // Below the review band nothing is decided on a score: such entities
      // are left out (their ids are not even read).
      if (s.total < model.review_threshold) continue;
    } else {
      s = ScorePair(features, view, c->features, c->view, model);
    }
    auto [it, inserted] = slot_of.try_emplace(c->golden_id, out.size());
    if (inserted) {
      out.push_back({c->golden_id, std::move(s)});
    } else if (s.total > out[it->second].best.total) {
      out[it->second].best = std::move(s);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const EntityScore& a, const EntityScore& b) {
              return std::tie(b.best.total, a.golden_id) <
                     std::tie(a.best.total, b.golden_id);
            });
  return out;
}

}  // namespace mdm::match
