#include "hub/match/scorer.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <string_view>

#include "hub/match/comparison_view.h"
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

// One record of the pair: its features, and the packed view the exact
// comparisons read (see comparison_view.h).
struct Side {
  const RecordFeatures& f;
  const ComparisonView& v;
};

// The name, once the folded forms are known to differ (equal ones are the
// "exact" level, decided from the view).
void CompareNameVariants(const Side& x, const Side& y, const ScoringModel& m,
                         Tally& s) {
  const RecordFeatures& a = x.f;
  const RecordFeatures& b = y.f;
  if (a.name.keys.empty() || b.name.keys.empty()) return;
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
  // Keys are rotations of one token list, so comparing one key of `a` with
  // every key of `b` covers every order of the other name. Both directions:
  // the score of a pair must not depend on which record arrived first (or
  // incremental resolution would depend on the order of arrival).
  double best = shared_key ? 1.0 : 0.0;
  if (!shared_key) {
    for (const std::string& kb : b.name.keys) {
      best = std::max(best, JaroWinkler(a.name.keys.front(), kb));
    }
    // The first loop already compared the two front keys.
    for (auto ka = a.name.keys.begin() + 1; ka != a.name.keys.end(); ++ka) {
      best = std::max(best, JaroWinkler(*ka, b.name.keys.front()));
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

void CompareId(const Side& a, const Side& b, const ScoringModel& m, Tally& s) {
  if (a.v.national_id == 0 || b.v.national_id == 0) return;
  if (a.v.national_id == b.v.national_id) {
    Add(s, "national_id", "exact", m.id_exact);
  } else if (a.v.id_type != IdType::kOther && b.v.id_type != IdType::kOther) {
    // Both passed a checksum, so a typo is unlikely: different people.
    Add(s, "national_id", "checked_mismatch", m.id_checked_mismatch);
  } else if (WithinOneEdit(a.f.national_id->normalized,
                           b.f.national_id->normalized)) {
    Add(s, "national_id", "one_edit", m.id_typo);
  } else {
    Add(s, "national_id", "mismatch", m.id_mismatch);
  }
}

// YYYYMMDD without touching the heap (runs for scored candidate pairs).
// Parsed dates have four-digit years (1850..2100), so the form always has
// eight digits.
struct DateDigits {
  explicit DateDigits(const ComparisonView& v) {
    Put(v.birth_year, 4, 0);
    Put(v.birth_month, 2, 4);
    Put(v.birth_day, 2, 6);
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

void CompareBirthDate(const ComparisonView& x, const ComparisonView& y,
                      const ScoringModel& m, Tally& s) {
  if (x.birth_year == 0 || y.birth_year == 0) return;
  const bool same_month =
      x.birth_year == y.birth_year && x.birth_month == y.birth_month;
  if (same_month && x.birth_day == y.birth_day) {
    Add(s, "birth_date", "exact", m.dob_exact);
  } else if (x.birth_year == y.birth_year && x.birth_month == y.birth_day &&
             x.birth_day == y.birth_month) {
    Add(s, "birth_date", "day_month_swapped", m.dob_swapped);
  } else if (WithinOneEdit(DateDigits(x).view(), DateDigits(y).view())) {
    Add(s, "birth_date", "one_digit", m.dob_one_edit);
  } else if (same_month) {
    Add(s, "birth_date", "same_month", m.dob_same_year_month);
  } else {
    Add(s, "birth_date", "mismatch", m.dob_mismatch);
  }
}

template <typename T>
bool ShareAny(const T* a, size_t na, const T* b, size_t nb) {
  for (size_t i = 0; i < na; ++i) {
    if (std::find(b, b + nb, a[i]) != b + nb) return true;
  }
  return false;
}

// Phones or e-mails: shared when any value is in both records. Compared on
// the view's hashes unless a record had more values than the view holds.
void CompareMulti(const std::vector<std::string>& a, const uint64_t* ha,
                  uint8_t na, bool a_complete,
                  const std::vector<std::string>& b, const uint64_t* hb,
                  uint8_t nb, bool b_complete, const char* field, double shared,
                  double disjoint, Tally& s) {
  if (na == 0 || nb == 0) return;
  const bool share = a_complete && b_complete
                         ? ShareAny(ha, na, hb, nb)
                         : ShareAny(a.data(), a.size(), b.data(), b.size());
  Add(s, field, share ? "shared" : "disjoint", share ? shared : disjoint);
}

// Place levels nest: the same address line implies the same postcode and
// city, and the same postcode the same city. Scoring each again would count
// one fact up to three times (Fellegi-Sunter assumes the comparisons are
// independent; these are not), and a household or a twin would gain three
// times from sharing a home. So a shared address line (scored with the
// address) leaves postcode and city out, and a shared postcode the city.
void ComparePostalAndCity(const Side& a, const Side& b, const ScoringModel& m,
                          Tally& s) {
  const ComparisonView& x = a.v;
  const ComparisonView& y = b.v;
  if (x.address_line != 0 && x.address_line == y.address_line) return;
  if (x.postal_code != 0 && y.postal_code != 0) {
    if (x.postal_code == y.postal_code) {
      AddWithTf(s, "postal_code", "exact", m.postcode_same, a.f,
                TfField::kPostalCode, m);
      return;
    }
    Add(s, "postal_code", "mismatch", m.postcode_diff);
  }
  if (x.city != 0 && y.city != 0) {
    if (x.city == y.city) {
      AddWithTf(s, "city", "exact", m.city_same, a.f, TfField::kCity, m);
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

// The address line, once both are known present and different.
void CompareAddressVariants(const RecordFeatures& a, const RecordFeatures& b,
                            const ScoringModel& m, Tally& s) {
  if (JaroWinkler(a.address_line, b.address_line) >= m.address_fuzzy_at ||
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

// Bounds of what a comparison still to come can add, whatever the weights (a
// trained model may rank the levels differently); 0 stands for "not scored".
struct Bounds {
  double max = 0;
  double min = 0;
};

Bounds Of(std::initializer_list<double> weights, double up, double down) {
  return {std::max(std::max(weights), 0.0) + up,
          std::min(std::min(weights), 0.0) - down};
}

PairScore Score(const Side& a, const Side& b, const ScoringModel& m,
                std::optional<Band> decide_at, bool itemize) {
  Tally s;
  s.itemize = itemize;
  if (itemize) s.score.fields.reserve(12);
  const ComparisonView& x = a.v;
  const ComparisonView& y = b.v;
  // Exact comparisons first, from the views; the two fuzzy ones (name
  // variants, address line variants) last, and only when their outcome can
  // still change the decision.
  if (x.kind != y.kind) Add(s, "kind", "different", m.kind_mismatch);
  CompareId(a, b, m, s);
  CompareBirthDate(x, y, m, s);
  CompareMulti(a.f.phones, x.phones, x.phone_count, x.phones_complete,
               b.f.phones, y.phones, y.phone_count, y.phones_complete, "phone",
               m.phone_shared, m.phone_disjoint, s);
  CompareMulti(a.f.emails, x.emails, x.email_count, x.emails_complete,
               b.f.emails, y.emails, y.email_count, y.emails_complete, "email",
               m.email_shared, m.email_disjoint, s);
  if (x.gender != Gender::kUnspecified && y.gender != Gender::kUnspecified) {
    if (x.gender == y.gender) {
      Add(s, "gender", "same", m.gender_same);
    } else {
      Add(s, "gender", "different", m.gender_diff);
    }
  }
  ComparePostalAndCity(a, b, m, s);
  const bool same_name = x.name_folded != 0 && x.name_folded == y.name_folded;
  if (same_name) {
    AddWithTf(s, "name", "exact", m.name_exact, a.f, TfField::kName, m);
  }
  // An equal address line is known from the view too; it is itemized last,
  // where the address always comes, but counts toward every decision.
  const bool both_addresses = x.address_line != 0 && y.address_line != 0;
  const bool same_address = both_addresses && x.address_line == y.address_line;
  const double address_known = same_address ? m.address_exact : 0.0;
  auto finish = [&](bool complete) {
    if (same_address) Add(s, "address", "exact", m.address_exact);
    s.score.complete = complete;
    return std::move(s.score);
  };

  // What the name and address variants can still add: nothing when the
  // exact level settled them or a side has no value.
  const double tf_up = m.tf ? std::max(0.0, m.tf_max_up) : 0.0;
  const double tf_down = m.tf ? std::max(0.0, m.tf_max_down) : 0.0;
  const bool name_open =
      !same_name && !a.f.name.keys.empty() && !b.f.name.keys.empty();
  const Bounds name =
      name_open
          ? Of({m.name_key, m.name_nickname, m.name_fuzzy_high,
                m.name_fuzzy_low, m.name_token, m.name_weak, m.name_mismatch},
               tf_up, tf_down)
          : Bounds{};
  const bool address_open = both_addresses && !same_address;
  const Bounds address =
      address_open ? Of({m.address_fuzzy, m.address_mismatch}, 0, 0) : Bounds{};
  if (decide_at && Decided(s.score.total + address_known, *decide_at,
                           name.max + address.max, name.min + address.min)) {
    return finish(!name_open && !address_open);
  }
  if (name_open) CompareNameVariants(a, b, m, s);
  if (decide_at && Decided(s.score.total + address_known, *decide_at,
                           address.max, address.min)) {
    return finish(!address_open);
  }
  if (address_open) CompareAddressVariants(a.f, b.f, m, s);
  return finish(true);
}

}  // namespace

PairScore ScorePair(const RecordFeatures& a, const RecordFeatures& b,
                    const ScoringModel& m, std::optional<double> decide_at) {
  const ComparisonView va = MakeComparisonView(a);
  const ComparisonView vb = MakeComparisonView(b);
  std::optional<Band> band;
  if (decide_at) band = Band{*decide_at, *decide_at};
  return Score({a, va}, {b, vb}, m, band, /*itemize=*/true);
}

PairScore ScorePair(const RecordFeatures& a, const RecordFeatures& b,
                    const ScoringModel& m, double low, double high) {
  const ComparisonView va = MakeComparisonView(a);
  const ComparisonView vb = MakeComparisonView(b);
  return Score({a, va}, {b, vb}, m, Band{low, high}, /*itemize=*/true);
}

PairScore ScorePair(const RecordFeatures& a, const ComparisonView& va,
                    const RecordFeatures& b, const ComparisonView& vb,
                    const ScoringModel& m) {
  return Score({a, va}, {b, vb}, m, std::nullopt, /*itemize=*/true);
}

double DecisionScore(const RecordFeatures& a, const ComparisonView& va,
                     const RecordFeatures& b, const ComparisonView& vb,
                     const ScoringModel& m, double low, double high) {
  return Score({a, va}, {b, vb}, m, Band{low, high}, /*itemize=*/false).total;
}

double MatchProbability(double score, const ScoringModel& model) {
  const double log_odds = score + model.prior_log2;
  return 1.0 / (1.0 + std::exp2(-log_odds));
}

}  // namespace mdm::match
