// Accuracy of the engine alone (no gRPC, no store): normalizes the records of
// a data set, resolves them in one batch (every blocked pair scored, pairs at
// or above the link threshold joined, as the service joins incrementally),
// and prints pairwise precision, recall and F1 against the known truth for:
//   - baseline: records with the same exact key (national id, else the
//     folded name plus birth date) are one entity;
//   - hand-set: the built-in weights (scoring_model.h);
//   - trained: a model estimated from the same records by EM, no labels
//     (u from random pairs, m by EM over blocked pairs, term frequencies).
//
// Input: canonical import CSVs (DESIGN §8) as FILE:SOURCE, plus truth CSVs
// `source,source_record_id,entity` (--truth, comma-separated); or
// --generated N for the multilingual generator (tests/bench/gen), whose truth
// is built in.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/mdmctl/csv_reader.h"
#include "clients/mdmctl/row_mapper.h"
#include "hub/api/proto_convert.h"
#include "hub/match/batch_cluster.h"
#include "hub/match/em_trainer.h"
#include "hub/match/rule_pairs.h"
#include "hub/match/scorer.h"
#include "tests/bench/gen/record_generator.h"

ABSL_FLAG(std::string, name, "data", "label of the data set in the output");
ABSL_FLAG(std::string, truth, "", "truth CSVs, comma-separated");
ABSL_FLAG(int64_t, generated, 0, "use N generated multilingual records");
ABSL_FLAG(uint64_t, seed, 1, "training seed");
ABSL_FLAG(int, max_iterations, -1,
          "EM iterations (default: the trainer's default)");
ABSL_FLAG(bool, show_weights, false, "print the trained level weights");
ABSL_FLAG(double, trained_threshold, -1,
          "link threshold of the trained model (default: the model's)");
ABSL_FLAG(int, show_errors, 0,
          "print up to N wrongly linked and N missed pairs of the trained "
          "model, with their comparisons");

namespace mdm::bench {
namespace {

struct DataSet {
  std::vector<SourceRecord> records;
  std::vector<std::string> truth;  // entity per record
};

void Die(const std::string& why) {
  std::cerr << "mdm-bench-accuracy: " << why << "\n";
  std::exit(1);
}

void ReadCsv(const std::string& path, const std::string& source, DataSet& d,
             const absl::flat_hash_map<std::string, std::string>& truth) {
  std::ifstream in(path);
  if (!in) Die("cannot read " + path);
  csv::CsvReader reader(in);
  if (absl::Status s = reader.ReadHeader(); !s.ok()) Die(s.ToString());
  absl::StatusOr<ctl::RowMapper> mapper =
      ctl::RowMapper::Create(reader.header(), source);
  if (!mapper.ok()) Die(mapper.status().ToString());
  csv::CsvRow row;
  while (reader.Next(&row)) {
    if (!row.ok()) continue;
    ctl::RowMapper::Result r = mapper->Map(row.line, row.fields);
    if (r.error) continue;
    absl::StatusOr<SourceRecord> rec = api::FromProto(r.record, "record");
    if (!rec.ok()) continue;
    auto it =
        truth.find(absl::StrCat(source, "\x1f", rec->key.source_record_id));
    if (it == truth.end()) Die("no truth for " + rec->key.source_record_id);
    d.truth.push_back(it->second);
    d.records.push_back(*std::move(rec));
  }
}

DataSet Load(const std::vector<char*>& args) {
  DataSet d;
  if (absl::GetFlag(FLAGS_generated) > 0) {
    GenOptions o;
    o.count = absl::GetFlag(FLAGS_generated);
    GeneratedRecords g = GenerateRecords(o);
    for (size_t i = 0; i < g.records.size(); ++i) {
      absl::StatusOr<SourceRecord> rec = api::FromProto(g.records[i], "record");
      if (!rec.ok()) Die(rec.status().ToString());
      d.records.push_back(*std::move(rec));
      d.truth.push_back(absl::StrCat(g.truth[i]));
    }
    return d;
  }
  absl::flat_hash_map<std::string, std::string> truth;
  for (absl::string_view file :
       absl::StrSplit(absl::GetFlag(FLAGS_truth), ',', absl::SkipEmpty())) {
    std::ifstream in{std::string(file)};
    if (!in) Die(absl::StrCat("cannot read ", file));
    csv::CsvReader reader(in);
    if (absl::Status s = reader.ReadHeader(); !s.ok()) Die(s.ToString());
    csv::CsvRow row;
    while (reader.Next(&row)) {
      if (row.ok() && row.fields.size() >= 3) {
        truth[absl::StrCat(row.fields[0], "\x1f", row.fields[1])] =
            row.fields[2];
      }
    }
  }
  for (size_t i = 1; i < args.size(); ++i) {
    std::pair<std::string, std::string> fs =
        absl::StrSplit(args[i], absl::MaxSplits(':', 1));
    ReadCsv(fs.first, fs.second, d, truth);
  }
  return d;
}

struct Pairwise {
  double precision = 0, recall = 0, f1 = 0;
};

double Pairs(int64_t n) { return static_cast<double>(n) * (n - 1) / 2; }

template <typename Label>
Pairwise Score(const std::vector<Label>& predicted,
               const std::vector<std::string>& truth) {
  std::map<Label, int64_t> p;
  std::map<std::string, int64_t> t;
  std::map<std::pair<Label, std::string>, int64_t> both;
  for (size_t i = 0; i < truth.size(); ++i) {
    ++p[predicted[i]];
    ++t[truth[i]];
    ++both[{predicted[i], truth[i]}];
  }
  double pp = 0, tp = 0, hit = 0;
  for (const auto& [k, n] : p) pp += Pairs(n);
  for (const auto& [k, n] : t) tp += Pairs(n);
  for (const auto& [k, n] : both) hit += Pairs(n);
  Pairwise s;
  s.precision = pp > 0 ? hit / pp : 1;
  s.recall = tp > 0 ? hit / tp : 1;
  s.f1 = s.precision + s.recall > 0
             ? 2 * s.precision * s.recall / (s.precision + s.recall)
             : 0;
  return s;
}

// The exact-key baseline: national id when present, else folded name plus
// birth date, else the record alone.
std::vector<std::string> ExactKeys(
    const std::vector<normalize::RecordFeatures>& f) {
  std::vector<std::string> out;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i].national_id) {
      out.push_back("id:" + f[i].national_id->normalized);
    } else if (!f[i].name.folded.empty() && f[i].birth_date) {
      const auto& d = *f[i].birth_date;
      out.push_back(absl::StrCat("nd:", f[i].name.folded, "|", d.year, "-",
                                 d.month, "-", d.day));
    } else {
      out.push_back(absl::StrCat("r:", i));
    }
  }
  return out;
}

std::string Describe(const SourceRecord& r) {
  std::string out =
      absl::StrCat(r.key.source, "/", r.key.source_record_id, " ", r.name,
                   " id=", r.national_id, " dob=", r.birth_date, " ph=");
  for (const std::string& p : r.phones) absl::StrAppend(&out, p, ";");
  return out;
}

// Blocked pairs the model decides wrongly: linked across entities, or left
// apart within one. Shows what the weights got wrong.
void ShowErrors(const DataSet& d,
                absl::Span<const normalize::RecordFeatures* const> f,
                const match::ScoringModel& model, int n) {
  int wrong = 0, missed = 0;
  for (const auto& [i, j] : match::CandidatePairs(f, {})) {
    const match::PairScore s = match::ScorePair(*f[i], *f[j], model);
    const bool link = s.total >= model.link_threshold;
    const bool same = d.truth[i] == d.truth[j];
    if (link == same) continue;
    int& shown = link ? wrong : missed;
    if (shown++ >= n) continue;
    std::printf("  %s %.2f\n    %s\n    %s\n   ", link ? "WRONG" : "MISSED",
                s.total, Describe(d.records[i]).c_str(),
                Describe(d.records[j]).c_str());
    for (const match::FieldScore& c : s.fields) {
      std::printf(" %s.%s %+.1f", c.field, c.level, c.weight);
    }
    std::printf("\n");
  }
  std::printf("  pairs: %d wrongly linked, %d missed\n", wrong, missed);
}

// Blocking statistics: candidate pairs per record, how many true pairs
// blocking reaches at all (the recall ceiling of every model), and per rule
// the pairs it generates and the true pairs among them.
void PrintBlocking(const DataSet& d,
                   absl::Span<const normalize::RecordFeatures* const> f) {
  std::map<std::string, int64_t> sizes;
  for (const std::string& e : d.truth) ++sizes[e];
  double true_pairs = 0;
  for (const auto& [e, n] : sizes) true_pairs += Pairs(n);
  auto count_true = [&d](const auto& pairs) {
    int64_t n = 0;
    for (const auto& [i, j] : pairs) n += d.truth[i] == d.truth[j];
    return n;
  };
  const auto all = match::CandidatePairs(f, {});
  std::printf(
      "  blocking: %zu candidate pairs (%.2f per record), true pairs "
      "blocked %lld of %.0f\n   ",
      all.size(), static_cast<double>(all.size()) / f.size(),
      static_cast<long long>(count_true(all)), true_pairs);
  for (const match::RulePairs& r :
       match::CandidatePairsByRule(f, {}, INT64_MAX)) {
    std::printf(" %s%zu/%lld", r.rule.c_str(), r.pairs.size(),
                static_cast<long long>(count_true(r.pairs)));
  }
  std::printf("  (rule: pairs/true)\n");
}

// `seconds` is taken after `s` was computed (argument order is unspecified,
// so callers compute the score first).
void Print(const std::string& what, const Pairwise& s, double seconds) {
  std::printf("  %-10s P %.4f  R %.4f  F1 %.4f  (%.2f s)\n", what.c_str(),
              s.precision, s.recall, s.f1, seconds);
}

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t)
      .count();
}

int Run(const std::vector<char*>& args) {
  const DataSet d = Load(args);
  std::vector<normalize::RecordFeatures> features;
  match::TermFrequencies tf;
  for (const SourceRecord& r : d.records) {
    features.push_back(normalize::ExtractFeatures(r).features);
    tf.Add(features.back());
  }
  std::vector<const normalize::RecordFeatures*> ptrs;
  for (const auto& f : features) ptrs.push_back(&f);
  std::printf("%s: %zu records\n", absl::GetFlag(FLAGS_name).c_str(),
              ptrs.size());

  PrintBlocking(d, ptrs);
  auto t = std::chrono::steady_clock::now();
  Pairwise s = Score(ExactKeys(features), d.truth);
  Print("baseline", s, Since(t));

  t = std::chrono::steady_clock::now();
  const match::ScoringModel hand;
  s = Score(match::ClusterAll(ptrs, hand, {}), d.truth);
  Print("hand-set", s, Since(t));

  t = std::chrono::steady_clock::now();
  match::TrainingOptions o;
  o.seed = absl::GetFlag(FLAGS_seed);
  if (absl::GetFlag(FLAGS_max_iterations) >= 0) {
    o.max_iterations = absl::GetFlag(FLAGS_max_iterations);
  }
  absl::StatusOr<match::TrainingReport> trained =
      match::TrainModel(ptrs, tf, hand, o);
  if (!trained.ok()) Die(trained.status().ToString());
  const double train_s = Since(t);
  if (absl::GetFlag(FLAGS_trained_threshold) >= 0) {
    trained->model.link_threshold = absl::GetFlag(FLAGS_trained_threshold);
  }
  if (absl::GetFlag(FLAGS_show_weights)) {
    for (const match::SessionReport& r : trained->sessions) {
      std::printf("    session %s %lld pairs, match share %.4f, %d it%s%s\n",
                  r.rule.c_str(), static_cast<long long>(r.pairs),
                  r.match_share, r.iterations,
                  r.converged ? "" : " (not converged)",
                  r.used ? "" : " (unused)");
    }
    for (const match::LevelEstimate& l : trained->levels) {
      std::printf("    %-12s %-18s m %.4g  u %.4g  w %+.2f\n", l.field.c_str(),
                  l.level.c_str(), l.m, l.u, l.weight);
    }
  }
  t = std::chrono::steady_clock::now();
  s = Score(match::ClusterAll(ptrs, trained->model, {}), d.truth);
  Print("trained", s, Since(t));
  if (absl::GetFlag(FLAGS_show_errors) > 0) {
    ShowErrors(d, ptrs, trained->model, absl::GetFlag(FLAGS_show_errors));
  }
  // The same weights deciding at the hand-set link threshold, for comparison
  // with the threshold the trained prior sets.
  match::ScoringModel at_hand = trained->model;
  at_hand.link_threshold = hand.link_threshold;
  Print("trained@hand", Score(match::ClusterAll(ptrs, at_hand, {}), d.truth),
        Since(t));
  std::printf(
      "  training: %.2f s, %d EM iterations, match share %.4f, prior %.2f, "
      "link threshold %.2f\n",
      train_s, trained->iterations, trained->match_share,
      trained->model.prior_log2, trained->model.link_threshold);
  return 0;
}

}  // namespace
}  // namespace mdm::bench

int main(int argc, char** argv) {
  return mdm::bench::Run(absl::ParseCommandLine(argc, argv));
}
