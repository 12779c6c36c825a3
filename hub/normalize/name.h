// Person and organization name normalization. Chinese names are family-name
// first; "Wang Xiaoming", "XIAOMING WANG", "王小明" and "王曉明" all yield the
// key "wangxiaoming" among their keys.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hub/model/source_record.h"

namespace mdm::normalize {

struct NormalizedName {
  // FoldText() of the name with punctuation removed (for an organization, also
  // without legal suffixes): the "exact" comparison form. Han stays Han.
  std::string folded;
  // Latin tokens, lower-case ASCII, in written order. Han names are
  // transliterated to pinyin without tones and grouped as family name + given
  // name ({"wang", "xiaoming"}; compound family names such as 欧阳 stay one
  // token); Latin names are split on spaces/hyphens/punctuation.
  std::vector<std::string> tokens;
  // Order-insensitive match keys: the concatenation of the tokens in written
  // order, with the last token moved first, and with the first token moved
  // last; sorted, deduplicated. A Han name has exactly one key.
  std::vector<std::string> keys;
  bool has_han = false;
  // Keys formed as `keys` from the tokens with every known given-name
  // diminutive or variant replaced by its canonical form ("Bob Smith" ->
  // "robertsmith", "smithrobert"; nicknames.h), sorted and distinct; empty
  // when no token has one, since the canonical keys are then `keys`. Names
  // without Han only.
  std::vector<std::string> nickname_keys;
};

// Empty `tokens`/`keys` when the name holds no letters. Thread-safe.
NormalizedName NormalizeName(std::string_view name, Kind kind);

// Han -> pinyin (lower-case ASCII, syllables separated by spaces) through ICU's
// Han-Latin; Latin-ASCII transliterator; non-Han text passes through folded.
// Thread-safe.
std::string ToPinyin(std::string_view s);

}  // namespace mdm::normalize
