// String similarity measures used by the comparison levels. Byte-wise: callers
// pass ASCII match keys (pinyin, folded Latin), never raw Han text.
#pragma once

#include <string_view>

namespace mdm::match {

// Jaro-Winkler similarity in [0, 1] with the usual prefix scale 0.1 and prefix
// length up to 4. 1 means equal; two empty strings are equal.
double JaroWinkler(std::string_view a, std::string_view b);

// True when `a` and `b` are at most one edit apart, an edit being an
// insertion, a deletion, a substitution or a swap of two adjacent characters
// ("7180320" and "7180230": the commonest keying error in ids and dates).
// Linear and allocation-free: it runs for scored candidate pairs.
bool WithinOneEdit(std::string_view a, std::string_view b);

}  // namespace mdm::match
