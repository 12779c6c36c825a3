#include "hub/match/em_trainer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "hub/match/candidate_pairs.h"
#include "hub/match/model_params.h"
#include "hub/match/scorer.h"

namespace mdm::match {
namespace {

using normalize::RecordFeatures;

// The parameters one pair's comparisons fell on, as a byte string (one byte
// per present parameter, in scoring order): pairs with the same pattern are
// the same to EM, so it runs over distinct patterns with their counts.
using Pattern = std::string;

class PatternOf {
 public:
  explicit PatternOf(const ScoringModel& start) : model_(start) {
    model_.tf = nullptr;  // levels only: frequencies do not change them
  }
  Pattern operator()(const RecordFeatures& a, const RecordFeatures& b) {
    const PairScore s = ScorePair(a, b, model_);
    Pattern p;
    for (const FieldScore& f : s.fields) {
      auto key = std::make_pair(f.field, f.level);
      auto it = cache_.find(key);
      if (it == cache_.end()) {
        const std::optional<int> idx = ParamIndex(f.field, f.level);
        it = cache_.emplace(key, idx ? *idx : -1).first;
      }
      if (it->second >= 0) p.push_back(static_cast<char>(it->second));
    }
    return p;
  }

 private:
  ScoringModel model_;
  // Level names are static strings: their addresses identify them.
  absl::flat_hash_map<std::pair<const char*, const char*>, int> cache_;
};

// Which field every parameter belongs to (index of its first parameter), and
// how many levels each field has.
struct Fields {
  std::vector<int> of_param;
  std::vector<int> levels;  // indexed by field index
};

Fields FieldsOfParams() {
  Fields f;
  const auto params = LevelParams();
  f.of_param.resize(params.size());
  f.levels.assign(params.size(), 0);
  for (size_t i = 0; i < params.size(); ++i) {
    size_t first = i;
    for (size_t j = 0; j < i; ++j) {
      if (std::string_view(params[j].field) == params[i].field) {
        first = j;
        break;
      }
    }
    f.of_param[i] = static_cast<int>(first);
    ++f.levels[first];
  }
  return f;
}

// Blocked candidate pairs, evenly subsampled down to the option's maximum
// (an even subsample keeps every region of the data represented).
std::vector<std::pair<uint32_t, uint32_t>> TrainingPairs(
    absl::Span<const RecordFeatures* const> records, const TrainingOptions& o) {
  std::vector<std::pair<uint32_t, uint32_t>> out =
      CandidatePairs(records, o.blocking);
  if (static_cast<int64_t>(out.size()) <= o.max_candidate_pairs) return out;
  std::vector<std::pair<uint32_t, uint32_t>> kept;
  kept.reserve(static_cast<size_t>(o.max_candidate_pairs));
  const double step = static_cast<double>(out.size()) /
                      static_cast<double>(o.max_candidate_pairs);
  for (int64_t k = 0; k < o.max_candidate_pairs; ++k) {
    kept.push_back(out[static_cast<size_t>(static_cast<double>(k) * step)]);
  }
  return kept;
}

double Sigmoid2(double log2_odds) {
  return 1.0 / (1.0 + std::exp2(-log2_odds));
}

}  // namespace

absl::StatusOr<TrainingReport> TrainModel(
    absl::Span<const RecordFeatures* const> records, const TermFrequencies& tf,
    const ScoringModel& start, const TrainingOptions& o) {
  if (records.size() < 2) {
    return absl::FailedPreconditionError(absl::StrCat(
        "training needs at least 2 records, have ", records.size()));
  }
  const auto params = LevelParams();
  const size_t np = params.size();
  const Fields fields = FieldsOfParams();
  PatternOf pattern_of(start);
  TrainingReport report;
  report.records = static_cast<int64_t>(records.size());

  // u from random pairs. std::mt19937_64's sequence is fixed by the
  // standard; the modulo keeps the draw independent of library versions.
  std::vector<double> random_at(np, 0), random_field(np, 0);
  std::mt19937_64 rng(o.seed);
  const uint64_t n = records.size();
  for (int64_t k = 0; k < o.random_pairs; ++k) {
    const uint64_t i = rng() % n;
    uint64_t j = rng() % (n - 1);
    if (j >= i) ++j;
    for (char c : pattern_of(*records[i], *records[j])) {
      const int p = static_cast<unsigned char>(c);
      random_at[p] += 1;
      random_field[fields.of_param[p]] += 1;
    }
  }
  report.random_pairs = o.random_pairs;
  std::vector<double> u(np);
  for (size_t p = 0; p < np; ++p) {
    const int f = fields.of_param[p];
    // Laplace smoothing: a level no random pair showed is rare, not
    // impossible.
    u[p] = (random_at[p] + 1.0) / (random_field[f] + fields.levels[f]);
  }

  // Distinct patterns of the candidate pairs, with counts.
  const auto pairs = TrainingPairs(records, o);
  report.candidate_pairs = static_cast<int64_t>(pairs.size());
  if (pairs.empty()) {
    return absl::FailedPreconditionError(
        "no candidate pairs: no two records share a blocking key");
  }
  std::map<Pattern, double> counted;
  for (const auto& [i, j] : pairs) {
    counted[pattern_of(*records[i], *records[j])] += 1;
  }
  std::vector<std::pair<Pattern, double>> patterns(counted.begin(),
                                                   counted.end());

  // Start: the posterior under the starting weights, with the share of
  // pairs the starting model links as the prior.
  std::vector<double> posterior(patterns.size());
  double start_links = 0;
  std::vector<double> start_score(patterns.size(), 0);
  for (size_t k = 0; k < patterns.size(); ++k) {
    for (char c : patterns[k].first) {
      start_score[k] += start.*(params[static_cast<unsigned char>(c)].weight);
    }
    if (start_score[k] >= start.link_threshold) {
      start_links += patterns[k].second;
    }
  }
  double lambda =
      std::clamp(start_links / static_cast<double>(pairs.size()), 1e-4, 0.5);
  for (size_t k = 0; k < patterns.size(); ++k) {
    posterior[k] = Sigmoid2(start_score[k] + std::log2(lambda / (1 - lambda)));
  }

  std::vector<bool> identity(np);
  for (size_t p = 0; p < np; ++p) {
    const std::string_view f = params[p].field;
    identity[p] = f != "postal_code" && f != "city" && f != "address";
  }
  std::vector<double> m(np, 0);
  for (int it = 0; it < o.max_iterations; ++it) {
    // M step.
    std::vector<double> at(np, 0), field_total(np, 0);
    double matches = 0;
    for (size_t k = 0; k < patterns.size(); ++k) {
      const double w = posterior[k] * patterns[k].second;
      matches += w;
      for (char c : patterns[k].first) {
        const int p = static_cast<unsigned char>(c);
        at[p] += w;
        field_total[fields.of_param[p]] += w;
      }
    }
    double moved = 0;
    for (size_t p = 0; p < np; ++p) {
      const int f = fields.of_param[p];
      const double next =
          (at[p] + 0.01) / (field_total[f] + 0.01 * fields.levels[f]);
      moved = std::max(moved, std::abs(next - m[p]));
      m[p] = next;
    }
    lambda =
        std::clamp(matches / static_cast<double>(pairs.size()), 1e-9, 1 - 1e-9);
    report.iterations = it + 1;
    // E step. Where a record lives does not say who it is: household
    // members and colleagues share postcode, city and address, and letting
    // those fields vote makes EM find "same place" instead of "same
    // customer". They get m estimated (M step) but no say in the posterior.
    const double prior = std::log2(lambda / (1 - lambda));
    for (size_t k = 0; k < patterns.size(); ++k) {
      double s = prior;
      for (char c : patterns[k].first) {
        const int p = static_cast<unsigned char>(c);
        if (!identity[p]) continue;
        s += std::log2(m[p] / u[p]);
      }
      posterior[k] = Sigmoid2(s);
    }
    if (it > 0 && moved < o.tolerance) {
      report.converged = true;
      break;
    }
  }

  report.model = start;
  report.match_share = lambda;
  report.model.prior_log2 = std::log2(lambda / (1 - lambda));
  std::vector<double> expected(np, 0);
  for (size_t k = 0; k < patterns.size(); ++k) {
    for (char c : patterns[k].first) {
      expected[static_cast<unsigned char>(c)] +=
          posterior[k] * patterns[k].second;
    }
  }
  for (size_t p = 0; p < np; ++p) {
    const double w =
        std::clamp(std::log2(m[p] / u[p]), -o.max_abs_weight, o.max_abs_weight);
    report.model.*(params[p].weight) = w;
    report.levels.push_back({.field = params[p].field,
                             .level = params[p].level,
                             .m = m[p],
                             .u = u[p],
                             .weight = w,
                             .random_count = static_cast<int64_t>(random_at[p]),
                             .expected_matches = expected[p]});
  }
  auto frozen = std::make_shared<TermFrequencies>(tf);
  frozen->Freeze(o.tf_min_count);
  report.model.tf = std::move(frozen);
  return report;
}

}  // namespace mdm::match
