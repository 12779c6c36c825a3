#include "hub/match/scorer.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>

#include "hub/match/similarity.h"
#include "hub/normalize/nicknames.h"

namespace mdm::match {
namespace {

using normalize::IdType;
using normalize::RecordFeatures;

// A score being summed; `itemize` false keeps only the total (decisions
// need no breakdown, and skipping it spares an allocation per scored pair).
struct Tally {
  PairScore score;
  bool itemize = true;
};

void Add(Tally& s, const char* field, const char* level, double w) {
  if (s.itemize) s.score.fields.push_back({field, level, w});
  s.score.total += w;
}

// The term-frequency adjustment of `a`'s value of `tf_field` (0 without a
// frozen table).
double TfOf(const RecordFeatures& a, TfField tf_field, const ScoringModel& m) {
  return m.tf ? TfAdjustment(m.tf.get(), tf_field, TfValue(a, tf_field),
                             m.tf_max_down, m.tf_max_up)
              : 0.0;
}

// A level weight `w` with its term-frequency adjustment `adj`.
void AddAdjusted(Tally& s, const char* field, const char* level, double w,
                 double adj) {
  if (s.itemize) s.score.fields.push_back({field, level, w + adj, adj});
  s.score.total += w + adj;
}

// An agreeing level whose weight depends on how common the shared value is.
void AddWithTf(Tally& s, const char* field, const char* level, double w,
               const RecordFeatures& a, TfField tf_field,
               const ScoringModel& m) {
  AddAdjusted(s, field, level, w, TfOf(a, tf_field, m));
}

// A whole token of two letters or more in both names.
bool ShareToken(const std::vector<std::string>& a,
                const std::vector<std::string>& b) {
  for (const std::string& t : a) {
    if (t.size() >= 2 && std::find(b.begin(), b.end(), t) != b.end()) {
      return true;
    }
  }
  return false;
}

void CompareName(const RecordFeatures& a, const RecordFeatures& b,
                 const ScoringModel& m, Tally& s) {
  if (a.name.keys.empty() || b.name.keys.empty()) {
    if (!a.name.folded.empty() && a.name.folded == b.name.folded) {
      AddWithTf(s, "name", "exact", m.name_exact, a, TfField::kName, m);
    }
    return;
  }
  if (a.name.folded == b.name.folded) {
    AddWithTf(s, "name", "exact", m.name_exact, a, TfField::kName, m);
    return;
  }
  // Keys are sorted: a shared key (script, order or homophone variant) is
  // found by a merge walk before paying for any fuzzy comparison.
  bool shared_key = false;
  for (auto ia = a.name.keys.begin(), ib = b.name.keys.begin();
       ia != a.name.keys.end() && ib != b.name.keys.end();) {
    if (*ia == *ib) {
      shared_key = true;
      break;
    }
    *ia < *ib ? ++ia : ++ib;
  }
  // Keys are rotations of one token list, so comparing one key of `a` with
  // every key of `b` covers every order of the other name. Both directions:
  // the score of a pair must not depend on which record arrived first (or
  // incremental resolution would depend on the order of arrival).
  if (!shared_key && normalize::SameNameByNickname(a.name, b.name)) {
    // The two written names differ, and so do their frequencies: the more
    // common one lowers the weight ("Jack Smith" / "John Smith" says
    // little), symmetric in the pair; rarity adds nothing, since the names
    // are not the same string.
    AddAdjusted(s, "name", "nickname", m.name_nickname,
                std::min({0.0, TfOf(a, TfField::kName, m),
                          TfOf(b, TfField::kName, m)}));
    return;
  }
  double best = shared_key ? 1.0 : 0.0;
  if (!shared_key) {
    for (const std::string& kb : b.name.keys) {
      best = std::max(best, JaroWinkler(a.name.keys.front(), kb));
    }
    for (const std::string& ka : a.name.keys) {
      best = std::max(best, JaroWinkler(ka, b.name.keys.front()));
    }
  }
  if (best >= 1.0) {
    // Both names have the same smallest key (rotations of one token list), so
    // `a`'s value stands for the pair's.
    AddWithTf(s, "name",
              (a.name.has_han || b.name.has_han) ? "pinyin" : "reordered",
              m.name_key, a, TfField::kName, m);
  } else if (best >= m.name_fuzzy_high_at) {
    Add(s, "name", "fuzzy_high", m.name_fuzzy_high);
  } else if (best >= m.name_fuzzy_low_at) {
    Add(s, "name", "fuzzy_low", m.name_fuzzy_low);
  } else if (best >= m.name_weak_at) {
    Add(s, "name", "weak", m.name_weak);
  } else if (ShareToken(a.name.tokens, b.name.tokens)) {
    Add(s, "name", "token", m.name_token);
  } else {
    Add(s, "name", "mismatch", m.name_mismatch);
  }
}

void CompareId(const RecordFeatures& a, const RecordFeatures& b,
               const ScoringModel& m, Tally& s) {
  if (!a.national_id || !b.national_id) return;
  const auto& x = *a.national_id;
  const auto& y = *b.national_id;
  if (x.normalized == y.normalized) {
    Add(s, "national_id", "exact", m.id_exact);
  } else if (x.type != IdType::kOther && y.type != IdType::kOther) {
    // Both passed a checksum, so a typo is unlikely: different people.
    Add(s, "national_id", "checked_mismatch", m.id_checked_mismatch);
  } else if (BoundedLevenshtein(x.normalized, y.normalized, 1) <= 1) {
    Add(s, "national_id", "one_edit", m.id_typo);
  } else {
    Add(s, "national_id", "mismatch", m.id_mismatch);
  }
}

// YYYYMMDD without touching the heap (runs for scored candidate pairs).
// Parsed dates have four-digit years (1850..2100), so the form always has
// eight digits.
struct DateDigits {
  explicit DateDigits(const normalize::Date& d) {
    Put(d.year, 4, 0);
    Put(d.month, 2, 4);
    Put(d.day, 2, 6);
  }
  std::string_view view() const { return {digits, sizeof(digits)}; }

 private:
  void Put(int value, int width, int at) {
    for (int i = at + width - 1; i >= at; --i, value /= 10) {
      digits[i] = static_cast<char>('0' + value % 10);
    }
  }
  char digits[8];
};

void CompareBirthDate(const RecordFeatures& a, const RecordFeatures& b,
                      const ScoringModel& m, Tally& s) {
  if (!a.birth_date || !b.birth_date) return;
  const auto& x = *a.birth_date;
  const auto& y = *b.birth_date;
  if (x == y) {
    Add(s, "birth_date", "exact", m.dob_exact);
  } else if (x.year == y.year && x.month == y.day && x.day == y.month) {
    Add(s, "birth_date", "day_month_swapped", m.dob_swapped);
  } else if (BoundedLevenshtein(DateDigits(x).view(), DateDigits(y).view(),
                                1) <= 1) {
    Add(s, "birth_date", "one_digit", m.dob_one_edit);
  } else if (x.year == y.year && x.month == y.month) {
    Add(s, "birth_date", "same_month", m.dob_same_year_month);
  } else {
    Add(s, "birth_date", "mismatch", m.dob_mismatch);
  }
}

bool ShareAny(const std::vector<std::string>& a,
              const std::vector<std::string>& b) {
  for (const std::string& x : a) {
    if (std::find(b.begin(), b.end(), x) != b.end()) return true;
  }
  return false;
}

void CompareMulti(const std::vector<std::string>& a,
                  const std::vector<std::string>& b, const char* field,
                  double shared, double disjoint, Tally& s) {
  if (a.empty() || b.empty()) return;
  if (ShareAny(a, b)) {
    Add(s, field, "shared", shared);
  } else {
    Add(s, field, "disjoint", disjoint);
  }
}

// Place levels nest: the same address line implies the same postcode and
// city, and the same postcode the same city. Scoring each again would count
// one fact up to three times (Fellegi-Sunter assumes the comparisons are
// independent; these are not), and a household or a twin would gain three
// times from sharing a home. So a shared address line (scored with the
// address) leaves postcode and city out, and a shared postcode the city.
void ComparePostalAndCity(const RecordFeatures& a, const RecordFeatures& b,
                          const ScoringModel& m, Tally& s) {
  if (!a.address_line.empty() && a.address_line == b.address_line) return;
  if (!a.postal_code.empty() && !b.postal_code.empty()) {
    if (a.postal_code == b.postal_code) {
      AddWithTf(s, "postal_code", "exact", m.postcode_same, a,
                TfField::kPostalCode, m);
      return;
    }
    Add(s, "postal_code", "mismatch", m.postcode_diff);
  }
  if (!a.city.empty() && !b.city.empty()) {
    if (a.city == b.city) {
      AddWithTf(s, "city", "exact", m.city_same, a, TfField::kCity, m);
    } else {
      Add(s, "city", "mismatch", m.city_diff);
    }
  }
}

// Letters and digits only, sorted: "24 barunga street, villa 3" and
// "24 villa 3, barungastreet" become equal; spacing, punctuation and the
// order of address parts differ between systems more than the words do.
std::string Compact(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != ' ' && c != ',' && c != '.' && c != '-' && c != '/')
      out.push_back(c);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void CompareAddressLine(const RecordFeatures& a, const RecordFeatures& b,
                        const ScoringModel& m, Tally& s) {
  if (a.address_line.empty() || b.address_line.empty()) return;
  if (a.address_line == b.address_line) {
    Add(s, "address", "exact", m.address_exact);
  } else if (JaroWinkler(a.address_line, b.address_line) >=
                 m.address_fuzzy_at ||
             JaroWinkler(Compact(a.address_line), Compact(b.address_line)) >=
                 m.address_fuzzy_at) {
    Add(s, "address", "fuzzy", m.address_fuzzy);
  } else {
    Add(s, "address", "mismatch", m.address_mismatch);
  }
}

// Thresholds between which a score must be exact.
struct Band {
  double low;
  double high;
};

// True when the comparisons still to come can neither lift `total` to `low`
// nor keep it from `high`.
bool Decided(double total, const Band& band, double max_rest, double min_rest) {
  return total + max_rest < band.low || total + min_rest >= band.high;
}

PairScore Score(const RecordFeatures& a, const RecordFeatures& b,
                const ScoringModel& m, std::optional<Band> decide_at,
                bool itemize) {
  Tally s;
  s.itemize = itemize;
  if (itemize) s.score.fields.reserve(12);
  // Exact comparisons first; the two fuzzy ones (name, address line) last,
  // and only when their outcome can still change the decision.
  if (a.kind != b.kind) Add(s, "kind", "different", m.kind_mismatch);
  CompareId(a, b, m, s);
  CompareBirthDate(a, b, m, s);
  CompareMulti(a.phones, b.phones, "phone", m.phone_shared, m.phone_disjoint,
               s);
  CompareMulti(a.emails, b.emails, "email", m.email_shared, m.email_disjoint,
               s);
  if (a.gender != Gender::kUnspecified && b.gender != Gender::kUnspecified) {
    if (a.gender == b.gender) {
      Add(s, "gender", "same", m.gender_same);
    } else {
      Add(s, "gender", "different", m.gender_diff);
    }
  }
  ComparePostalAndCity(a, b, m, s);
  // Bounds of what the name and the address line can still add, whatever
  // the weights (a trained model may rank the levels differently).
  const double tf_up = m.tf ? std::max(0.0, m.tf_max_up) : 0.0;
  const double tf_down = m.tf ? std::max(0.0, m.tf_max_down) : 0.0;
  const double name_max =
      std::max({0.0, m.name_exact, m.name_key, m.name_nickname,
                m.name_fuzzy_high, m.name_fuzzy_low, m.name_token, m.name_weak,
                m.name_mismatch}) +
      tf_up;
  const double name_min =
      std::min({0.0, m.name_exact, m.name_key, m.name_nickname,
                m.name_fuzzy_high, m.name_fuzzy_low, m.name_token, m.name_weak,
                m.name_mismatch}) -
      tf_down;
  const double address_max =
      std::max({0.0, m.address_exact, m.address_fuzzy, m.address_mismatch});
  const double address_min =
      std::min({0.0, m.address_exact, m.address_fuzzy, m.address_mismatch});
  if (decide_at && Decided(s.score.total, *decide_at, name_max + address_max,
                           name_min + address_min)) {
    s.score.complete = false;
    return s.score;
  }
  CompareName(a, b, m, s);
  if (decide_at &&
      Decided(s.score.total, *decide_at, address_max, address_min)) {
    s.score.complete = false;
    return s.score;
  }
  CompareAddressLine(a, b, m, s);
  return s.score;
}

}  // namespace

PairScore ScorePair(const RecordFeatures& a, const RecordFeatures& b,
                    const ScoringModel& m, std::optional<double> decide_at) {
  if (!decide_at) return Score(a, b, m, std::nullopt, /*itemize=*/true);
  return Score(a, b, m, Band{*decide_at, *decide_at}, /*itemize=*/true);
}

PairScore ScorePair(const RecordFeatures& a, const RecordFeatures& b,
                    const ScoringModel& m, double low, double high) {
  return Score(a, b, m, Band{low, high}, /*itemize=*/true);
}

double DecisionScore(const RecordFeatures& a, const RecordFeatures& b,
                     const ScoringModel& m, double low, double high) {
  return Score(a, b, m, Band{low, high}, /*itemize=*/false).total;
}

double MatchProbability(double score, const ScoringModel& model) {
  const double log_odds = score + model.prior_log2;
  return 1.0 / (1.0 + std::exp2(-log_odds));
}

}  // namespace mdm::match
