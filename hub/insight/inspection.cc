#include "hub/insight/inspection.h"

#include <algorithm>
#include <cmath>

namespace mdm::insight {
namespace {

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

std::vector<std::string> DrawSample(absl::Span<const std::string> population,
                                    uint64_t seed, int n) {
  std::vector<std::string> pool(population.begin(), population.end());
  const size_t take =
      std::min(pool.size(), static_cast<size_t>(std::max(n, 0)));
  uint64_t state = seed;
  // Partial Fisher-Yates: position i gets a uniform pick of the rest. The
  // modulo bias is below 2^-40 for any realistic population.
  for (size_t i = 0; i < take; ++i) {
    const size_t j = i + SplitMix64(state) % (pool.size() - i);
    std::swap(pool[i], pool[j]);
  }
  pool.resize(take);
  return pool;
}

Interval WilsonInterval(int errors, int n, double z) {
  if (n <= 0) return {0, 1};
  const double p = static_cast<double>(errors) / n;
  const double z2 = z * z;
  const double denom = 1 + z2 / n;
  const double centre = (p + z2 / (2.0 * n)) / denom;
  const double half =
      z * std::sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

}  // namespace mdm::insight
