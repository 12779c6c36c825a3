#include "hub/match/term_frequency.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "hub/common/fnv1a.h"

namespace mdm::match {
namespace {

uint64_t Hash(TfField field, std::string_view s) {
  if (s.empty()) return 0;
  Fnv1a h;
  h.Int(static_cast<uint64_t>(field));
  h.Bytes(s);
  return h.value() == 0 ? 1 : h.value();  // 0 means "no value"
}

}  // namespace

uint64_t TfValue(const normalize::RecordFeatures& f, TfField field) {
  switch (field) {
    case TfField::kName:
      // The smallest key is the same for every order and script of a name
      // (keys are rotations of one token list), so 王伟, 王偉 and "Wei Wang"
      // are counted as one value.
      if (!f.name.keys.empty()) return Hash(field, f.name.keys.front());
      return Hash(field, f.name.folded);
    case TfField::kCity:
      return Hash(field, f.city);
    case TfField::kPostalCode:
      return Hash(field, f.postal_code);
  }
  return 0;
}

int64_t TermFrequencies::Count(TfField field, uint64_t value) const {
  const auto& m = counts_[Index(field)];
  auto it = m.find(value);
  return it == m.end() ? 0 : it->second;
}

double TermFrequencies::Frequency(TfField field, uint64_t value) const {
  const int64_t total = Total(field);
  if (total <= 0) return 1.0;
  const int64_t count = std::max<int64_t>(1, Count(field, value));
  return static_cast<double>(std::min(count, total)) /
         static_cast<double>(total);
}

void TermFrequencies::Freeze(int64_t min_count) {
  for (int i = 0; i < kTfFieldCount; ++i) {
    const double n = static_cast<double>(totals_[i]);
    if (n <= 0) continue;
    double same = 0;  // sum of count^2 over values
    for (const auto& [value, count] : counts_[i]) {
      same += static_cast<double>(count) * static_cast<double>(count);
    }
    agreement_[i] = same / (n * n);
    absl::erase_if(counts_[i],
                   [&](const auto& kv) { return kv.second < min_count; });
  }
}

double TfAdjustment(const TermFrequencies* tf, TfField field, uint64_t value,
                    double max_down, double max_up) {
  if (tf == nullptr || value == 0) return 0;
  const double rate = tf->AgreementRate(field);
  if (rate <= 0) return 0;
  const double adj = std::log2(rate / tf->Frequency(field, value));
  return std::clamp(adj, -max_down, max_up);
}

void TermFrequencies::Set(TfField field, uint64_t value, int64_t count) {
  counts_[Index(field)][value] = count;
}

void TermFrequencies::Apply(const normalize::RecordFeatures& f, int delta) {
  for (int i = 0; i < kTfFieldCount; ++i) {
    const uint64_t v = TfValue(f, static_cast<TfField>(i));
    if (v == 0) continue;
    totals_[i] += delta;
    auto& m = counts_[i];
    int64_t& c = m[v];
    c += delta;
    if (c <= 0) m.erase(v);
  }
}

}  // namespace mdm::match
