#include "hub/match/em_trainer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "hub/match/batch_cluster.h"
#include "hub/match/blocking.h"
#include "hub/match/model_codec.h"
#include "hub/match/model_params.h"
#include "hub/match/rule_pairs.h"

namespace mdm::match {
namespace {

// 400 people, each in two sources; the second copy sometimes has a typo in
// the name, a different phone or a swapped birth date. No labels reach the
// trainer: only the features.
struct Data {
  std::vector<normalize::RecordFeatures> features;
  std::vector<int> person;  // truth, for the tests' own checks
  TermFrequencies tf;
};

Data MakeData() {
  const char* family[] = {"Smith",  "Jones", "Brown",  "Wilson", "Taylor",
                          "Nguyen", "Lee",   "Martin", "White",  "Clark"};
  const char* given[] = {"anna", "ben",  "carl", "dora", "emil", "fay",
                         "gus",  "hana", "ivan", "jo",   "kim",  "liam",
                         "mia",  "ned",  "olga", "pete", "quin", "rosa"};
  std::mt19937 rng(7);
  Data d;
  for (int p = 0; p < 400; ++p) {
    const std::string name = absl::StrCat(given[rng() % 18], given[rng() % 18],
                                          " ", family[rng() % 10]);
    const int year = 1950 + static_cast<int>(rng() % 50);
    const int month = 1 + static_cast<int>(rng() % 12);
    const int day = 1 + static_cast<int>(rng() % 28);
    const std::string phone = absl::StrFormat("+86138%08d", p * 7919 % 1000000);
    for (int copy = 0; copy < 2; ++copy) {
      SourceRecord r;
      r.key = {copy == 0 ? "erp" : "fin", absl::StrCat(p)};
      r.name = name;
      if (copy == 1 && rng() % 4 == 0) r.name[1] = 'x';  // a typo
      r.birth_date = absl::StrFormat("%04d-%02d-%02d", year, month, day);
      if (copy == 1 && rng() % 5 == 0 && day <= 12) {
        r.birth_date = absl::StrFormat("%04d-%02d-%02d", year, day, month);
      }
      r.phones = {copy == 1 && rng() % 3 == 0 ? absl::StrFormat("+86139%08d", p)
                                              : phone};
      d.features.push_back(normalize::ExtractFeatures(r).features);
      d.tf.Add(d.features.back());
      d.person.push_back(p);
    }
  }
  return d;
}

template <typename T>
T Must(absl::StatusOr<T> s) {
  EXPECT_TRUE(s.ok()) << s.status();
  return *std::move(s);
}

std::vector<const normalize::RecordFeatures*> Pointers(const Data& d) {
  std::vector<const normalize::RecordFeatures*> out;
  for (const auto& f : d.features) out.push_back(&f);
  return out;
}

const LevelEstimate& Level(const TrainingReport& r, const std::string& field,
                           const std::string& level) {
  for (const LevelEstimate& l : r.levels) {
    if (l.field == field && l.level == level) return l;
  }
  ADD_FAILURE() << field << "." << level;
  static const LevelEstimate kNone;
  return kNone;
}

double Weight(const TrainingReport& r, const std::string& field,
              const std::string& level) {
  return Level(r, field, level).weight;
}

// The default options with fewer random pairs (fast enough for a unit test).
TrainingReport TrainOn(const Data& d) {
  TrainingOptions o;
  o.random_pairs = 50000;
  return Must(TrainModel(Pointers(d), d.tf, ScoringModel{}, o));
}

TEST(EmTrainerTest, LearnsAgreementAsEvidenceForAndDisagreementAgainst) {
  const TrainingReport r = TrainOn(MakeData());
  EXPECT_GT(Weight(r, "birth_date", "exact"), 5);
  EXPECT_LT(Weight(r, "birth_date", "mismatch"), -2);
  EXPECT_GT(Weight(r, "phone", "shared"), 5);
  EXPECT_GT(Weight(r, "name", "exact"), Weight(r, "name", "fuzzy_low"));
  EXPECT_GT(r.iterations, 1);
  EXPECT_GT(r.candidate_pairs, 400);
  // About one candidate pair in a few is a match here; the prior says so.
  EXPECT_GT(r.match_share, 0.05);
  EXPECT_LT(r.match_share, 0.9);
  ASSERT_NE(r.model.tf, nullptr);
}

// A third of the second copies carry another phone, so about 0.7 of the
// true pairs share one. Pairs blocked on the phone all share it: were the
// phone's m estimated from them too, it would drift towards 1.
TEST(EmTrainerTest, FieldMComesFromSessionsBlockedOnOtherFields) {
  const TrainingReport r = TrainOn(MakeData());
  bool phone_session = false;
  for (const SessionReport& s : r.sessions) {
    phone_session |= s.rule == "ph:" && s.used;
  }
  EXPECT_TRUE(phone_session);
  EXPECT_GT(Level(r, "phone", "shared").m, 0.55);
  EXPECT_LT(Level(r, "phone", "shared").m, 0.85);
}

// Pairs sharing a street address and a name token are blocked (for recall)
// but get no training session: relatives at one address would teach EM that
// true matches differ in birth date.
TEST(EmTrainerTest, AddressRuleBlocksPairsButTrainsNoSession) {
  Data d = MakeData();
  for (size_t i = 0; i < d.features.size(); ++i) {
    d.features[i].address_line = absl::StrCat(d.person[i], " high street");
  }
  bool address_pairs = false;
  for (const RulePairs& rp : CandidatePairsByRule(Pointers(d), {}, 1000)) {
    address_pairs |= rp.rule == kRuleAddress && !rp.pairs.empty();
  }
  EXPECT_TRUE(address_pairs);
  const TrainingReport r = TrainOn(d);
  for (const SessionReport& s : r.sessions) EXPECT_NE(s.rule, kRuleAddress);
  EXPECT_FALSE(r.sessions.empty());
}

// The prior is the chance that two random records match: 400 true pairs
// among 800 * 799 / 2, and the link threshold sits at probability 0.5.
TEST(EmTrainerTest, PriorCountsAllPairsAndSetsTheLinkThreshold) {
  const Data d = MakeData();
  const TrainingReport r = TrainOn(d);
  const double truth = std::log2(400.0 / (800.0 * 799 / 2 - 400));
  EXPECT_NEAR(r.model.prior_log2, truth, 0.5);
  EXPECT_DOUBLE_EQ(r.model.link_threshold, -r.model.prior_log2);
  EXPECT_LT(r.model.review_threshold, r.model.link_threshold);
  TrainingOptions o;
  o.random_pairs = 50000;
  o.link_probability = std::nullopt;  // keep the starting thresholds
  const TrainingReport kept =
      Must(TrainModel(Pointers(d), d.tf, ScoringModel{}, o));
  EXPECT_EQ(kept.model.link_threshold, ScoringModel{}.link_threshold);
}

TEST(EmTrainerTest, SameDataAndSeedGiveTheSameModelBitForBit) {
  const Data d = MakeData();
  TrainingOptions o;
  o.random_pairs = 20000;
  const std::string a =
      EncodeModel(Must(TrainModel(Pointers(d), d.tf, ScoringModel{}, o)).model);
  const std::string b =
      EncodeModel(Must(TrainModel(Pointers(d), d.tf, ScoringModel{}, o)).model);
  EXPECT_EQ(a, b);
  o.seed = 2;
  const std::string c =
      EncodeModel(Must(TrainModel(Pointers(d), d.tf, ScoringModel{}, o)).model);
  EXPECT_NE(a, c);  // another sample of random pairs
}

TEST(EmTrainerTest, TooFewRecordsIsFailedPrecondition) {
  const Data d = MakeData();
  auto one = Pointers(d);
  one.resize(1);
  EXPECT_EQ(TrainModel(one, d.tf, ScoringModel{}, {}).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ModelCodecTest, RoundTripIsExactIncludingTermFrequencies) {
  const Data d = MakeData();
  TrainingOptions o;
  o.random_pairs = 20000;
  const ScoringModel m =
      Must(TrainModel(Pointers(d), d.tf, ScoringModel{}, o)).model;
  const std::string text = EncodeModel(m);
  const ScoringModel back = Must(DecodeModel(text));
  EXPECT_EQ(EncodeModel(back), text);
  for (const LevelParam& p : LevelParams()) {
    EXPECT_EQ(back.*(p.weight), m.*(p.weight)) << p.field << "." << p.level;
  }
  ASSERT_NE(back.tf, nullptr);
  EXPECT_EQ(back.tf->Total(TfField::kName), m.tf->Total(TfField::kName));
  EXPECT_EQ(back.tf->AgreementRate(TfField::kName),
            m.tf->AgreementRate(TfField::kName));
}

TEST(ModelCodecTest, GarbageIsInvalidArgumentNamingTheLine) {
  EXPECT_EQ(DecodeModel("hello").status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::Status s = DecodeModel("mdm-model 1\nw name.nonsense 3\n").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("line 2"), std::string::npos) << s;
}

TEST(BatchClusterTest, TrainedModelFindsThePairsAndDiffReportsMerges) {
  const Data d = MakeData();
  TrainingOptions o;
  o.random_pairs = 50000;
  const auto records = Pointers(d);
  const ScoringModel m =
      Must(TrainModel(records, d.tf, ScoringModel{}, o)).model;
  const std::vector<uint32_t> labels = ClusterAll(records, m, {});
  int64_t found = 0, wrong = 0;
  for (size_t i = 0; i + 1 < labels.size(); i += 2) {
    found += labels[i] == labels[i + 1];
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    wrong += d.person[labels[i]] != d.person[i];
  }
  EXPECT_GT(found, 360);  // of 400
  EXPECT_LT(wrong, 10);

  // Today everyone is apart: the proposal merges the pairs it found.
  std::vector<std::string> singletons;
  for (size_t i = 0; i < labels.size(); ++i) {
    singletons.push_back(absl::StrFormat("G%010d", i));
  }
  const PartitionDiff diff = DiffPartitions(singletons, labels);
  EXPECT_GE(static_cast<int64_t>(diff.merges.size()), found / 2);
  for (const auto& group : diff.merges) EXPECT_GE(group.size(), 2u);
  EXPECT_TRUE(diff.splits.empty());
  // And back: from the proposal to singletons, every merged cluster splits.
  std::vector<std::string> proposed_ids;
  std::vector<uint32_t> apart;
  for (size_t i = 0; i < labels.size(); ++i) {
    proposed_ids.push_back(absl::StrCat("C", labels[i]));
    apart.push_back(static_cast<uint32_t>(i));
  }
  const PartitionDiff back = DiffPartitions(proposed_ids, apart);
  EXPECT_TRUE(back.merges.empty());
  EXPECT_EQ(back.splits.size(), diff.merges.size());
}

}  // namespace
}  // namespace mdm::match
