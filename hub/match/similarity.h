// String similarity measures used by the comparison levels. Byte-wise: callers
// pass ASCII match keys (pinyin, folded Latin), never raw Han text.
#pragma once

#include <string_view>

namespace mdm::match {

// Jaro-Winkler similarity in [0, 1] with the usual prefix scale 0.1 and prefix
// length up to 4. 1 means equal; two empty strings are equal.
double JaroWinkler(std::string_view a, std::string_view b);

// Edit distance counting insertions, deletions, substitutions and swaps of
// two adjacent characters (optimal string alignment: "7180320" and "7180230"
// are one edit apart, the commonest keying error in ids and dates). Gives up
// early: returns `limit + 1` as soon as the distance is known to exceed
// `limit`.
int BoundedLevenshtein(std::string_view a, std::string_view b, int limit);

}  // namespace mdm::match
