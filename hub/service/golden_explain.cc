// ResolutionService::ExplainGolden: the match evidence between an entity's
// records and the survivorship decision of every attribute, in one answer.
#include "hub/common/status_macros.h"
#include "hub/match/scorer.h"
#include "hub/service/resolution_service.h"

namespace mdm::service {
namespace {

// Pairwise evidence is quadratic: past this many members only the pairs of
// the first ones (by key) are scored. Entities that large are rare and a
// steward reads such an answer per record anyway.
constexpr size_t kMaxExplainedMembers = 16;
constexpr int kPage = 500;

}  // namespace

absl::StatusOr<ResolutionService::GoldenExplanation>
ResolutionService::ExplainGolden(absl::string_view golden_id) {
  GoldenExplanation out;
  ASSIGN_OR_RETURN(out.golden, GetGolden(golden_id));
  std::vector<StoredRecord> members;
  RecordKey after;
  while (true) {
    ASSIGN_OR_RETURN(
        std::vector<StoredRecord> page,
        store_->ListEntityRecords(out.golden.golden_id, after, kPage));
    members.insert(members.end(), page.begin(), page.end());
    if (page.size() < static_cast<size_t>(kPage)) break;
    after = page.back().record.key;
  }
  std::vector<normalize::RecordFeatures> features;
  features.reserve(members.size());
  for (const StoredRecord& m : members) {
    features.push_back(normalize::ExtractFeatures(m.record).features);
  }

  // The model decisions use now (a trained one may have been activated).
  const std::shared_ptr<const match::ScoringModel> active = this->model();
  const match::ScoringModel& model = *active;
  const size_t n = std::min(members.size(), kMaxExplainedMembers);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      PairEvidence p;
      p.left = members[i].record.key;
      p.right = members[j].record.key;
      p.score = match::ScorePair(features[i], features[j], model);
      p.probability = match::MatchProbability(p.score.total, model);
      p.decision = p.score.total >= model.link_threshold     ? "link"
                   : p.score.total >= model.review_threshold ? "review"
                                                             : "no_link";
      out.pairs.push_back(std::move(p));
    }
  }

  std::vector<golden::Member> views;
  views.reserve(members.size());
  for (size_t i = 0; i < members.size(); ++i) {
    views.push_back({&members[i], &features[i]});
  }
  out.attributes = golden::DecideAttributes(views, GetSurvivorshipRules());
  return out;
}

}  // namespace mdm::service
