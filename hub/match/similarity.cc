#include "hub/match/similarity.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace mdm::match {
namespace {

// Which characters of a string the Jaro pass has matched. Match keys are
// short, so up to 64 characters live in one word; longer text (addresses)
// takes a heap-backed set.
class SmallFlags {
 public:
  explicit SmallFlags(int n) : wide_(n > 64 ? n : 0, false) {}
  bool test(int i) const {
    return wide_.empty() ? (bits_ >> i) & 1 : static_cast<bool>(wide_[i]);
  }
  void set(int i) {
    if (wide_.empty()) {
      bits_ |= uint64_t{1} << i;
    } else {
      wide_[i] = true;
    }
  }

 private:
  uint64_t bits_ = 0;
  std::vector<bool> wide_;
};

}  // namespace

double JaroWinkler(std::string_view a, std::string_view b) {
  if (a == b) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const int la = static_cast<int>(a.size());
  const int lb = static_cast<int>(b.size());
  const int window = std::max(0, std::max(la, lb) / 2 - 1);

  SmallFlags a_matched(la), b_matched(lb);
  int matches = 0;
  for (int i = 0; i < la; ++i) {
    const int lo = std::max(0, i - window);
    const int hi = std::min(lb - 1, i + window);
    for (int j = lo; j <= hi; ++j) {
      if (!b_matched.test(j) && a[i] == b[j]) {
        a_matched.set(i);
        b_matched.set(j);
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;

  int transpositions = 0;
  for (int i = 0, j = 0; i < la; ++i) {
    if (!a_matched.test(i)) continue;
    while (!b_matched.test(j)) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = matches;
  const double jaro = (m / la + m / lb + (m - transpositions / 2.0) / m) / 3.0;

  int prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix]) {
    ++prefix;
  }
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

bool WithinOneEdit(std::string_view a, std::string_view b) {
  if (a.size() < b.size()) std::swap(a, b);
  const size_t la = a.size();
  const size_t lb = b.size();
  if (la - lb > 1) return false;
  size_t i = 0;
  while (i < lb && a[i] == b[i]) ++i;  // common prefix
  if (i == lb) return true;            // equal, or one character appended
  if (la != lb) {
    // One character of the longer string dropped at i.
    return a.substr(i + 1) == b.substr(i);
  }
  // Same length: one substitution at i, or a swap of i and i + 1.
  if (a.substr(i + 1) == b.substr(i + 1)) return true;
  return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
         a.substr(i + 2) == b.substr(i + 2);
}

}  // namespace mdm::match
