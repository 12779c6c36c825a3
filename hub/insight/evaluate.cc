// One customer's insight from its parts.
#include <algorithm>

#include "hub/insight/customer_insight.h"

namespace mdm::insight {

CustomerInsight Evaluate(const GoldenRecord& golden,
                         absl::Span<const Fact> facts,
                         absl::Span<const Flag> steward_flags, int64_t now_us,
                         const InsightRules& rules) {
  CustomerInsight out;
  out.summary = Summarize(facts, now_us, rules);
  out.rfm = ScoreRfm(out.summary, now_us, rules);
  out.flags = ComputeFlags(golden, out.summary, facts, now_us, rules);
  std::vector<Flag> stewards(steward_flags.begin(), steward_flags.end());
  // Several ids merged into one may carry the same flag: the newest wins.
  std::stable_sort(
      stewards.begin(), stewards.end(), [](const Flag& a, const Flag& b) {
        return a.name != b.name ? a.name < b.name : a.set_at_us > b.set_at_us;
      });
  for (const Flag& f : stewards) {
    if (!out.flags.empty() && out.flags.back().origin == FlagOrigin::kSteward &&
        out.flags.back().name == f.name)
      continue;
    out.flags.push_back(f);
    out.flags.back().origin = FlagOrigin::kSteward;
  }
  out.segments = Segments(out.summary, out.flags, rules);
  out.credit = AssessCredit(facts, now_us, rules);
  for (const Fact& f : facts) {
    if (f.category == FactCategory::kInteraction)
      out.recent_interactions.push_back(f);
  }
  std::sort(out.recent_interactions.begin(), out.recent_interactions.end(),
            [](const Fact& a, const Fact& b) {
              return a.occurred_at_us != b.occurred_at_us
                         ? a.occurred_at_us > b.occurred_at_us
                         : a.fact_id < b.fact_id;
            });
  if (static_cast<int>(out.recent_interactions.size()) >
      rules.recent_interactions)
    out.recent_interactions.resize(rules.recent_interactions);
  return out;
}

}  // namespace mdm::insight
