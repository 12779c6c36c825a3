// Sampling inspection of golden records (MISSION N5): a reproducible random
// sample for a person to audit, and the error rate of the verdicts with a
// Wilson score interval. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/span.h"

namespace mdm::insight {

// `n` distinct ids drawn from `population` (which the caller sorts, so the
// same population and seed give the same sample on every machine), in draw
// order. The generator is splitmix64 seeded with `seed`, not a standard
// library distribution, whose output differs between implementations.
std::vector<std::string> DrawSample(absl::Span<const std::string> population,
                                    uint64_t seed, int n);

struct Interval {
  double low = 0;
  double high = 0;
};

// Wilson score interval for `errors` out of `n` at normal quantile `z`
// (1.96 for 95%); [0, 1] when n is 0.
Interval WilsonInterval(int errors, int n, double z);

}  // namespace mdm::insight
