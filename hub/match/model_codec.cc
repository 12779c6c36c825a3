#include "hub/match/model_codec.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "hub/common/string_view.h"
#include "hub/match/model_params.h"

namespace mdm::match {
namespace {

constexpr char kMagic[] = "mdm-model 1";

// Scalars other than the level weights.
struct Scalar {
  const char* name;
  double ScoringModel::*value;
};
constexpr Scalar kScalars[] = {
    {"kind_mismatch", &ScoringModel::kind_mismatch},
    {"name_fuzzy_high_at", &ScoringModel::name_fuzzy_high_at},
    {"name_fuzzy_low_at", &ScoringModel::name_fuzzy_low_at},
    {"name_weak_at", &ScoringModel::name_weak_at},
    {"address_fuzzy_at", &ScoringModel::address_fuzzy_at},
    {"link_threshold", &ScoringModel::link_threshold},
    {"review_threshold", &ScoringModel::review_threshold},
    {"prior_log2", &ScoringModel::prior_log2},
    {"tf_max_down", &ScoringModel::tf_max_down},
    {"tf_max_up", &ScoringModel::tf_max_up},
};

constexpr const char* kTfFields[] = {"name", "city", "postal_code"};

std::string Num(double v) { return absl::StrFormat("%.17g", v); }

absl::Status BadLine(size_t line, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("model line ", line, ": ", why));
}

std::optional<TfField> TfFieldNamed(absl::string_view s) {
  for (int i = 0; i < kTfFieldCount; ++i) {
    if (s == kTfFields[i]) return static_cast<TfField>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string EncodeModel(const ScoringModel& m) {
  std::string out = absl::StrCat(kMagic, "\n");
  for (const Scalar& s : kScalars) {
    absl::StrAppend(&out, s.name, " ", Num(m.*(s.value)), "\n");
  }
  for (const LevelParam& p : LevelParams()) {
    absl::StrAppend(&out, "w ", p.field, ".", p.level, " ", Num(m.*(p.weight)),
                    "\n");
  }
  if (m.tf) {
    for (int i = 0; i < kTfFieldCount; ++i) {
      const auto f = static_cast<TfField>(i);
      absl::StrAppend(&out, "tf_total ", kTfFields[i], " ", m.tf->Total(f), " ",
                      Num(m.tf->AgreementRate(f)), "\n");
      // Sorted, so equal models encode equally.
      std::vector<std::pair<uint64_t, int64_t>> counts(m.tf->Counts(f).begin(),
                                                       m.tf->Counts(f).end());
      std::sort(counts.begin(), counts.end());
      for (const auto& [value, count] : counts) {
        absl::StrAppend(&out, "tf ", kTfFields[i], " ",
                        absl::StrFormat("%016x", value), " ", count, "\n");
      }
    }
  }
  return out;
}

absl::StatusOr<ScoringModel> DecodeModel(absl::string_view text) {
  std::vector<absl::string_view> lines =
      absl::StrSplit(text, '\n', absl::SkipEmpty());
  if (lines.empty() || lines[0] != kMagic) return BadLine(1, "not a model");
  ScoringModel m;
  std::shared_ptr<TermFrequencies> tf;
  for (size_t n = 1; n < lines.size(); ++n) {
    std::vector<absl::string_view> w = absl::StrSplit(lines[n], ' ');
    const size_t line = n + 1;
    double d = 0;
    if (w[0] == "w" && w.size() == 3) {
      std::pair<absl::string_view, absl::string_view> fl =
          absl::StrSplit(w[1], absl::MaxSplits('.', 1));
      const std::optional<int> idx =
          ParamIndex(ToStd(fl.first), ToStd(fl.second));
      if (!idx) return BadLine(line, absl::StrCat("unknown level ", w[1]));
      if (!absl::SimpleAtod(w[2], &d)) return BadLine(line, "bad number");
      m.*(LevelParams()[*idx].weight) = d;
    } else if ((w[0] == "tf_total" && w.size() == 4) ||
               (w[0] == "tf" && w.size() == 4)) {
      const std::optional<TfField> f = TfFieldNamed(w[1]);
      if (!f) return BadLine(line, absl::StrCat("unknown tf field ", w[1]));
      if (!tf) tf = std::make_shared<TermFrequencies>();
      int64_t count = 0;
      if (w[0] == "tf_total") {
        if (!absl::SimpleAtoi(w[2], &count) || !absl::SimpleAtod(w[3], &d)) {
          return BadLine(line, "bad number");
        }
        tf->SetTotal(*f, count);
        tf->SetAgreementRate(*f, d);
      } else {
        uint64_t value = 0;
        if (!absl::SimpleHexAtoi(w[2], &value) ||
            !absl::SimpleAtoi(w[3], &count)) {
          return BadLine(line, "bad number");
        }
        tf->Set(*f, value, count);
      }
    } else if (w.size() == 2) {
      const Scalar* s = nullptr;
      for (const Scalar& c : kScalars) {
        if (w[0] == c.name) s = &c;
      }
      if (s == nullptr) return BadLine(line, absl::StrCat("unknown ", w[0]));
      if (!absl::SimpleAtod(w[1], &d)) return BadLine(line, "bad number");
      m.*(s->value) = d;
    } else {
      return BadLine(line, "unreadable");
    }
  }
  m.tf = std::move(tf);
  return m;
}

}  // namespace mdm::match
