#include "hub/normalize/name.h"

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <climits>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "hub/common/logging.h"
#include "hub/normalize/internal.h"
#include "hub/normalize/nicknames.h"
#include "hub/normalize/text.h"

namespace mdm::normalize {
namespace {

// Bound on each per-thread transliteration memo. Cleared wholesale when
// full: simple, and hot entries come back after a few calls.
constexpr size_t kCacheLimit = 50'000;

// Two-character family names. ICU has no notion of family names, so without
// this 欧阳娜娜 would split as 欧 + 阳娜娜. Simplified forms: FoldText runs t2s
// before we look.
constexpr std::array<std::string_view, 40> kCompoundSurnames = {
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙",
    "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "万俟", "单于",
    "独孤", "南宫", "西门", "百里", "呼延", "轩辕", "端木", "澹台",
    "公冶", "太史", "申屠", "闻人", "赫连", "钟离", "宗政", "濮阳",
    "淳于", "仲孙", "东郭", "拓跋", "司空", "第五", "公羊", "左丘"};

// Family names whose reading differs from the character's everyday reading,
// which is the one ICU's context-free Han-Latin picks (曾 -> ceng, 单 -> dan).
// Only unambiguous ones: a Latin-script "Zeng Guofan" must meet 曾国藩.
constexpr std::array<std::pair<std::string_view, std::string_view>, 13>
    kSurnameReadings = {{{"曾", "zeng"},
                         {"单", "shan"},
                         {"仇", "qiu"},
                         {"解", "xie"},
                         {"查", "zha"},
                         {"区", "ou"},
                         {"朴", "piao"},
                         {"缪", "miao"},
                         {"覃", "qin"},
                         {"翟", "zhai"},
                         {"尉迟", "yuchi"},
                         {"万俟", "moqi"},
                         {"单于", "chanyu"}}};

// Organization legal forms, matched on folded text at the end of the name and
// stripped repeatedly (集团股份有限公司 -> 集团 -> ""). Longest first so
// 股份有限公司 wins over 有限公司 and 公司.
constexpr std::array<std::string_view, 7> kHanLegalSuffixes = {
    "股份有限公司", "有限责任公司", "有限公司", "股份公司",
    "总公司",       "集团",         "公司"};
// 分公司 marks a branch: it is part of the branch's identity and must not
// reduce "北京分公司" to the parent's name.
constexpr std::string_view kHanBranch = "分公司";
// Whole trailing ASCII words after punctuation removal ("Co., Ltd." has become
// "co ltd", "L.L.C." has become "llc").
constexpr std::array<std::string_view, 18> kLatinLegalSuffixes = {
    "co",   "company",     "ltd", "limited", "inc", "incorporated",
    "corp", "corporation", "llc", "llp",     "plc", "gmbh",
    "ag",   "pty",         "sa",  "bv",      "nv",  "group"};

enum class Script { kHan, kAny };

// ICU transliterators keep mutable state during transliterate() and are not
// safe to share, so each thread owns its instances, created on first use.
// The first Han-Latin in the process compiles its rules (~0.1 s, cached by
// ICU); each further thread's instance takes well under a millisecond.
icu::Transliterator* Transliterator(Script script) {
  struct Holder {
    std::unique_ptr<icu::Transliterator> t;
    bool tried = false;
  };
  thread_local Holder holders[2];
  Holder& h = holders[static_cast<int>(script)];
  if (!h.tried) {
    h.tried = true;
    // Han-Latin gives toned pinyin per character ("wáng xiǎo míng");
    // Latin-ASCII drops the tones and any other diacritics. Any-Latin covers
    // the remaining scripts (Cyrillic, Greek, kana...) for non-Han names.
    const char* id = script == Script::kHan ? "Han-Latin; Latin-ASCII"
                                            : "Any-Latin; Latin-ASCII";
    UErrorCode status = U_ZERO_ERROR;
    h.t.reset(icu::Transliterator::createInstance(
        icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, status));
    if (U_FAILURE(status)) {
      MDM_LOG_ERROR("ICU transliterator '{}' unavailable: {}", id,
                    u_errorName(status));
      h.t.reset();
    }
  }
  return h.t.get();
}

bool IsHan(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status) == USCRIPT_HAN;
}

// ICU's transliteration of `text` (UTF-16), as UTF-8; `text` itself when the
// transliterator could not be built.
std::string Transliterate(Script script, icu::UnicodeString text) {
  std::string out;
  if (icu::Transliterator* t = Transliterator(script)) t->transliterate(text);
  text.toUTF8String(out);
  return out;
}

// The pinyin of one Han character. Han-Latin maps each ideograph on its own
// (no phrase rules: 长城 gives "zhang cheng"), so memoizing per character is
// exact, and the memo stays small (tens of thousands of ideographs at most)
// while hitting for nearly every name, even unseen ones. A call into the
// transliterator costs about 5 us, a lookup a few tens of ns.
const std::string& HanSyllable(UChar32 c) {
  thread_local absl::flat_hash_map<UChar32, std::string> cache;
  if (auto it = cache.find(c); it != cache.end()) return it->second;
  if (cache.size() >= kCacheLimit) cache.clear();
  return cache.emplace(c, Transliterate(Script::kHan, icu::UnicodeString(c)))
      .first->second;
}

// Transliterates non-Han, non-ASCII text (diacritics, Cyrillic...) through
// Any-Latin; memoized per string since such names repeat.
std::string NonHanToLatin(const std::string& text) {
  thread_local absl::flat_hash_map<std::string, std::string> cache;
  if (auto it = cache.find(text); it != cache.end()) return it->second;
  std::string out = Transliterate(
      Script::kAny, icu::UnicodeString::fromUTF8(icu::StringPiece(
                        text.data(), static_cast<int32_t>(text.size()))));
  if (cache.size() >= kCacheLimit) cache.clear();
  cache.emplace(text, out);
  return out;
}

// Transliterates folded text to Latin. Pure ASCII is returned as is: most
// Latin names never touch ICU. Han characters become space-separated pinyin
// syllables as Han-Latin writes them ("王小明abc" -> "wang xiao ming abc");
// runs of other text go through Any-Latin.
std::string ToLatin(const std::string& folded) {
  if (internal::IsAscii(folded)) return folded;
  std::string out;
  out.reserve(folded.size() * 2);
  std::string run;  // pending non-Han text
  auto flush_run = [&] {
    if (run.empty()) return;
    out += internal::IsAscii(run) ? run : NonHanToLatin(run);
    run.clear();
  };
  const auto* p = reinterpret_cast<const uint8_t*>(folded.data());
  const int32_t n = static_cast<int32_t>(folded.size());
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0x80 || !IsHan(c)) {
      run.append(folded, static_cast<size_t>(start),
                 static_cast<size_t>(i - start));
      continue;
    }
    flush_run();
    if (!out.empty() && out.back() != ' ') out.push_back(' ');
    out += HanSyllable(c);
    out.push_back(' ');
  }
  flush_run();
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Lower-case ASCII letters and digits; everything else ends a token.
// Non-ASCII left over (a character no transliterator knows) is dropped.
std::vector<std::string> AsciiTokens(std::string_view s) {
  std::vector<std::string> tokens;
  std::string cur;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      cur.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x80 && !cur.empty()) {
      tokens.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) tokens.push_back(std::move(cur));
  return tokens;
}

std::string Concat(const std::vector<std::string>& tokens) {
  return absl::StrJoin(tokens, "");
}

bool HasLetter(const std::vector<std::string>& tokens) {
  for (const std::string& t : tokens) {
    for (char c : t) {
      if (c >= 'a' && c <= 'z') return true;
    }
  }
  return false;
}

// Abbreviation marks vanish ("Co." -> "co", "O'Brien" -> "obrien", "S.A." ->
// "sa") so they do not split words.
bool IsDeletedMark(UChar32 c) {
  return c == '.' || c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC ||
         c == '`';
}

bool IsSeparator(UChar32 c) {
  if (u_ispunct(c) || u_isUWhiteSpace(c) || u_iscntrl(c)) return true;
  switch (u_charType(c)) {
    case U_MATH_SYMBOL:
    case U_CURRENCY_SYMBOL:
    case U_MODIFIER_SYMBOL:
    case U_OTHER_SYMBOL:
      return true;
    default:
      return false;
  }
}

// Removes punctuation and symbols from folded text: marks vanish, the rest
// become single spaces; spaces between two Han characters go too, since
// Chinese is written without them ("王 小明" is "王小明", "阿沛·阿旺晋美" one
// name).
std::string RemovePunctuation(const std::string& folded) {
  struct Piece {
    UChar32 c;
    bool han;
  };
  std::vector<Piece> pieces;
  pieces.reserve(folded.size());
  const auto* p = reinterpret_cast<const uint8_t*>(folded.data());
  const int32_t n = static_cast<int32_t>(folded.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0 || IsDeletedMark(c)) continue;
    if (IsSeparator(c)) {
      if (!pieces.empty() && pieces.back().c != ' ') {
        pieces.push_back({' ', false});
      }
      continue;
    }
    pieces.push_back({c, c >= 0x80 && IsHan(c)});
  }
  while (!pieces.empty() && pieces.back().c == ' ') pieces.pop_back();

  std::string out;
  out.reserve(folded.size());
  for (size_t i = 0; i < pieces.size(); ++i) {
    const UChar32 c = pieces[i].c;
    if (c == ' ' && (i == 0 || (pieces[i - 1].han && i + 1 < pieces.size() &&
                                pieces[i + 1].han))) {
      continue;
    }
    char buf[U8_MAX_LENGTH];
    int32_t len = 0;
    U8_APPEND_UNSAFE(buf, len, c);
    out.append(buf, len);
  }
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

// Strips legal forms from the end only, repeatedly, never down to nothing
// ("公司" or "Company" alone stays as is).
std::string StripLegalSuffixes(std::string s) {
  for (;;) {
    if (EndsWith(s, kHanBranch)) break;
    std::string_view rest;
    bool stripped = false;
    for (std::string_view suffix : kHanLegalSuffixes) {
      if (EndsWith(s, suffix)) {
        rest = internal::TrimAsciiSpace(
            std::string_view(s).substr(0, s.size() - suffix.size()));
        stripped = !rest.empty();
        break;
      }
    }
    if (!stripped) {
      // The trailing ASCII word, which must follow a space or a non-ASCII
      // character: "zinc" does not end in "inc".
      size_t start = s.size();
      while (start > 0 && IsAsciiAlnum(s[start - 1])) --start;
      const std::string_view word = std::string_view(s).substr(start);
      if (start > 0 &&
          std::find(kLatinLegalSuffixes.begin(), kLatinLegalSuffixes.end(),
                    word) != kLatinLegalSuffixes.end()) {
        rest = internal::TrimAsciiSpace(std::string_view(s).substr(0, start));
        stripped = !rest.empty();
      }
    }
    if (!stripped) break;
    s = std::string(rest);
  }
  return s;
}

// Number of code points in valid UTF-8 and whether all are Han.
bool AllHan(std::string_view s, int* count) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  *count = 0;
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0x80 || !IsHan(c)) return false;
    ++*count;
  }
  return *count > 0;
}

std::string_view FamilyName(std::string_view han, int chars) {
  // A two-character name made of a compound surname (司马) is more likely a
  // one-character family name and a given name.
  if (chars >= 3) {
    for (std::string_view compound : kCompoundSurnames) {
      if (han.substr(0, compound.size()) == compound) return compound;
    }
  }
  int32_t len = 0;
  U8_FWD_1(reinterpret_cast<const uint8_t*>(han.data()), len,
           static_cast<int32_t>(han.size()));
  return han.substr(0, static_cast<size_t>(len));
}

// Pinyin of a Han run as one ASCII token ("xiao ming" -> "xiaoming").
std::string PinyinToken(std::string_view han) {
  return Concat(AsciiTokens(ToLatin(std::string(han))));
}

std::string FamilyPinyin(std::string_view family) {
  for (const auto& [chars, reading] : kSurnameReadings) {
    if (chars == family) return std::string(reading);
  }
  return PinyinToken(family);
}

// Keys per name.h: written order, last token first, first token last.
std::vector<std::string> RotationKeys(const std::vector<std::string>& tokens) {
  if (tokens.empty()) return {};
  std::vector<std::string> keys;
  keys.push_back(Concat(tokens));
  if (tokens.size() > 1) {
    std::string last_first = tokens.back();
    for (size_t i = 0; i + 1 < tokens.size(); ++i) last_first += tokens[i];
    keys.push_back(std::move(last_first));
    std::string first_last;
    for (size_t i = 1; i < tokens.size(); ++i) first_last += tokens[i];
    first_last += tokens.front();
    keys.push_back(std::move(first_last));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

// Bound on the token lists NicknameKeys expands to: ambiguous diminutives
// multiply ("al chris" stands for 4 x 3 names), and each list costs up to
// three index keys.
constexpr size_t kMaxNicknameVariants = 4;

// RotationKeys of every reading of `tokens` with diminutives replaced by
// their canonical names (at most kMaxNicknameVariants readings, taken in
// table order); empty when no token is a diminutive.
std::vector<std::string> NicknameKeys(const std::vector<std::string>& tokens) {
  std::vector<std::vector<std::string>> readings = {{}};
  bool any = false;
  for (const std::string& t : tokens) {
    const absl::Span<const std::string_view> canonical = CanonicalGivenNames(t);
    any = any || !canonical.empty();
    std::vector<std::vector<std::string>> next;
    for (const std::vector<std::string>& r : readings) {
      if (canonical.empty()) {
        next.push_back(r);
        next.back().push_back(t);
        continue;
      }
      for (std::string_view c : canonical) {
        if (next.size() >= kMaxNicknameVariants) break;
        next.push_back(r);
        next.back().emplace_back(c);
      }
    }
    readings = std::move(next);
  }
  if (!any) return {};
  std::vector<std::string> keys;
  for (const std::vector<std::string>& r : readings) {
    for (std::string& k : RotationKeys(r)) keys.push_back(std::move(k));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace

NormalizedName NormalizeName(std::string_view name, Kind kind) {
  NormalizedName out;
  out.folded = RemovePunctuation(FoldText(name));
  if (kind == Kind::kOrganization) {
    out.folded = StripLegalSuffixes(std::move(out.folded));
  }
  out.has_han = ContainsHan(out.folded);

  if (!out.has_han) {
    out.tokens = AsciiTokens(ToLatin(out.folded));
    if (!HasLetter(out.tokens)) out.tokens.clear();
    out.keys = RotationKeys(out.tokens);
    if (kind == Kind::kPerson) out.nickname_keys = NicknameKeys(out.tokens);
    return out;
  }

  int chars = 0;
  if (kind == Kind::kPerson && AllHan(out.folded, &chars)) {
    // Family name first, then the given name as one token, matching how the
    // same person writes the name in Latin script ("Wang Xiaoming").
    const std::string_view family = FamilyName(out.folded, chars);
    out.tokens.push_back(FamilyPinyin(family));
    std::string given =
        PinyinToken(std::string_view(out.folded).substr(family.size()));
    if (!given.empty()) out.tokens.push_back(std::move(given));
  } else if (kind == Kind::kPerson) {
    // Mixed scripts: keep the written order, one token per syllable or word.
    out.tokens = AsciiTokens(ToLatin(out.folded));
  } else {
    // Chinese organization names have no word boundaries: one token.
    std::string token = PinyinToken(out.folded);
    if (!token.empty()) out.tokens.push_back(std::move(token));
  }
  if (!HasLetter(out.tokens)) {
    out.tokens.clear();
    return out;
  }
  // A Han name has a fixed order (family name first): exactly one key.
  out.keys.push_back(Concat(out.tokens));
  return out;
}

std::string ToPinyin(std::string_view s) {
  const std::string folded = FoldText(s);
  const std::string latin = ToLatin(folded);
  // Lower-case ASCII, single spaces: whatever the transliterators could not
  // map is dropped.
  std::string out;
  out.reserve(latin.size());
  for (char c : latin) {
    if (static_cast<unsigned char>(c) >= 0x80) continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (internal::IsAsciiSpace(c)) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      continue;
    }
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace mdm::normalize
