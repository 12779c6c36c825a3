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
#include "hub/match/rule_pairs.h"
#include "hub/match/scorer.h"

namespace mdm::match {
namespace {

using normalize::RecordFeatures;

// The parameters one pair's comparisons fell on, as a byte string (one byte
// per present parameter, in scoring order).
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

double Sigmoid2(double log2_odds) {
  return 1.0 / (1.0 + std::exp2(-log2_odds));
}

double Log2Odds(double p) { return std::log2(p / (1 - p)); }

// Pairs with the same pattern are the same to EM: it runs over distinct
// patterns with their counts.
using Counted = std::vector<std::pair<Pattern, double>>;

Counted CountPatterns(absl::Span<const RecordFeatures* const> records,
                      absl::Span<const std::pair<uint32_t, uint32_t>> pairs,
                      PatternOf& pattern_of) {
  std::map<Pattern, double> counted;
  for (const auto& [i, j] : pairs) {
    counted[pattern_of(*records[i], *records[j])] += 1;
  }
  return Counted(counted.begin(), counted.end());
}

// Where a record lives does not say who it is: household members, twins and
// colleagues share postcode, city and address (and the home landline), and
// these fields agree together, so letting them vote in the posterior makes
// EM find "same place" instead of "same customer". They get their m from
// the posterior of the other fields.
bool IsPlaceField(std::string_view field) {
  return field == "postal_code" || field == "city" || field == "address";
}

// What one session learned: m for the parameters it estimated.
struct Session {
  SessionReport report;
  std::vector<double> m;  // meaningful where `active`
  std::vector<bool> active;
};

// EM over one rule's pairs. Parameters of the fields the rule fixes neither
// get an m here nor vote in the posterior; place fields get an m but no
// vote.
Session RunSession(const RulePairs& rp,
                   absl::Span<const RecordFeatures* const> records,
                   PatternOf& pattern_of, absl::Span<const double> u,
                   const Fields& fields, const ScoringModel& start,
                   const TrainingOptions& o) {
  const auto params = LevelParams();
  const size_t np = params.size();
  Session out;
  out.report.rule = rp.rule;
  out.report.pairs = static_cast<int64_t>(rp.pairs.size());
  out.active.resize(np);
  std::vector<bool> votes(np);
  for (size_t p = 0; p < np; ++p) {
    out.active[p] = !RuleFixesField(rp.rule, params[p].field);
    votes[p] = out.active[p] && !IsPlaceField(params[p].field);
  }
  const Counted patterns = CountPatterns(records, rp.pairs, pattern_of);
  const double total = static_cast<double>(rp.pairs.size());

  // Start: the posterior under the starting weights (all fields), with the
  // share of pairs the starting model links as the prior.
  std::vector<double> start_score(patterns.size(), 0);
  double start_links = 0;
  for (size_t k = 0; k < patterns.size(); ++k) {
    for (char c : patterns[k].first) {
      start_score[k] += start.*(params[static_cast<unsigned char>(c)].weight);
    }
    if (start_score[k] >= start.link_threshold) {
      start_links += patterns[k].second;
    }
  }
  double lambda = std::clamp(start_links / total, 1e-4, 0.5);
  std::vector<double> posterior(patterns.size());
  for (size_t k = 0; k < patterns.size(); ++k) {
    posterior[k] = Sigmoid2(start_score[k] + Log2Odds(lambda));
  }

  out.m.assign(np, 0);
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
      if (!out.active[p]) continue;
      const int f = fields.of_param[p];
      const double next =
          (at[p] + 0.01) / (field_total[f] + 0.01 * fields.levels[f]);
      moved = std::max(moved, std::abs(next - out.m[p]));
      out.m[p] = next;
    }
    const double next_lambda = std::clamp(matches / total, 1e-9, 1 - 1e-9);
    moved = std::max(moved, std::abs(next_lambda - lambda));
    lambda = next_lambda;
    out.report.iterations = it + 1;
    // E step.
    for (size_t k = 0; k < patterns.size(); ++k) {
      double s = Log2Odds(lambda);
      for (char c : patterns[k].first) {
        const int p = static_cast<unsigned char>(c);
        if (votes[p]) s += std::log2(out.m[p] / u[p]);
      }
      posterior[k] = Sigmoid2(s);
    }
    if (it > 0 && moved < o.tolerance) {
      out.report.converged = true;
      break;
    }
  }
  out.report.match_share = lambda;
  out.report.used = lambda * total >= o.min_session_matches;
  return out;
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

  // m: the mean over the sessions that estimated it. A parameter no
  // session estimated keeps the starting weight.
  std::vector<double> m_sum(np, 0), m_n(np, 0);
  for (const RulePairs& rp :
       CandidatePairsByRule(records, o.blocking, o.max_candidate_pairs)) {
    if (!RuleTrainsModel(rp.rule)) continue;
    Session session = RunSession(rp, records, pattern_of, u, fields, start, o);
    if (session.report.used) {
      for (size_t p = 0; p < np; ++p) {
        if (!session.active[p]) continue;
        m_sum[p] += session.m[p];
        m_n[p] += 1;
      }
    }
    report.iterations += session.report.iterations;
    report.sessions.push_back(std::move(session.report));
  }
  report.converged = true;
  bool any_used = false;
  for (const SessionReport& s : report.sessions) {
    if (!s.used) continue;
    any_used = true;
    report.converged = report.converged && s.converged;
  }
  if (!any_used) {
    return absl::FailedPreconditionError(
        "no blocking rule produced pairs with enough likely matches to learn "
        "from");
  }
  std::vector<double> m(np), weight(np);
  for (size_t p = 0; p < np; ++p) {
    if (m_n[p] > 0) {
      m[p] = m_sum[p] / m_n[p];
      weight[p] = std::clamp(std::log2(m[p] / u[p]), -o.max_abs_weight,
                             o.max_abs_weight);
    } else {
      weight[p] = start.*(params[p].weight);
      m[p] = u[p] * std::exp2(weight[p]);
    }
  }

  // The prior: the chance that two records drawn at random match, by EM on
  // that chance alone with every weight fixed, over ALL record pairs (pairs
  // no rule blocks count as non-matches). It starts from "every candidate
  // pair matches", an upper bound, and descends to the largest fixed point.
  const std::vector<std::pair<uint32_t, uint32_t>> blocked =
      CandidatePairs(records, o.blocking);
  report.candidate_pairs = static_cast<int64_t>(blocked.size());
  const std::vector<std::pair<uint32_t, uint32_t>> kept =
      EvenSubsample(blocked, o.max_candidate_pairs);
  const double scale = kept.empty() ? 0.0
                                    : static_cast<double>(blocked.size()) /
                                          static_cast<double>(kept.size());
  const double all_pairs =
      static_cast<double>(n) * static_cast<double>(n - 1) / 2;
  const Counted patterns = CountPatterns(records, kept, pattern_of);
  std::vector<double> score(patterns.size(), 0), posterior(patterns.size());
  for (size_t k = 0; k < patterns.size(); ++k) {
    for (char c : patterns[k].first) {
      score[k] += weight[static_cast<unsigned char>(c)];
    }
  }
  constexpr double kMinPrior = 1e-15;
  double lambda = std::clamp(static_cast<double>(blocked.size()) / all_pairs,
                             kMinPrior, 0.5);
  double matches = 0;
  for (int it = 0; it < 1000; ++it) {
    matches = 0;
    for (size_t k = 0; k < patterns.size(); ++k) {
      posterior[k] = Sigmoid2(score[k] + Log2Odds(lambda));
      matches += posterior[k] * patterns[k].second * scale;
    }
    const double next = std::clamp(matches / all_pairs, kMinPrior, 0.5);
    const bool done = std::abs(next - lambda) <= 1e-6 * lambda;
    lambda = next;
    if (done) break;
  }

  report.model = start;
  report.match_share =
      blocked.empty() ? 0.0 : matches / static_cast<double>(blocked.size());
  report.model.prior_log2 = Log2Odds(lambda);
  if (o.link_probability) {
    report.model.link_threshold =
        Log2Odds(*o.link_probability) - report.model.prior_log2;
    report.model.review_threshold =
        Log2Odds(o.review_probability) - report.model.prior_log2;
  }
  std::vector<double> expected(np, 0);
  for (size_t k = 0; k < patterns.size(); ++k) {
    for (char c : patterns[k].first) {
      expected[static_cast<unsigned char>(c)] +=
          posterior[k] * patterns[k].second;
    }
  }
  for (size_t p = 0; p < np; ++p) {
    report.model.*(params[p].weight) = weight[p];
    report.levels.push_back({.field = params[p].field,
                             .level = params[p].level,
                             .m = m[p],
                             .u = u[p],
                             .weight = weight[p],
                             .random_count = static_cast<int64_t>(random_at[p]),
                             .expected_matches = expected[p]});
  }
  auto frozen = std::make_shared<TermFrequencies>(tf);
  frozen->Freeze(o.tf_min_count);
  report.model.tf = std::move(frozen);
  return report;
}

}  // namespace mdm::match
