#include "hub/normalize/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <climits>
#include <exception>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "hub/common/logging.h"
#include "hub/normalize/internal.h"
#include "opencc/opencc.h"

namespace mdm::normalize {
namespace {

using internal::IsAscii;
// The set ICU's White_Space property gives for ASCII, so the fast path and the
// ICU path agree.
using internal::IsAsciiSpace;

// Lower-cases and collapses whitespace. For ASCII input this is exactly what
// NFKC + case folding + our whitespace rule produce, without the UTF-16 trip.
std::string FoldAscii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : s) {
    if (IsAsciiSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a')
                                         : c);
  }
  return out;
}

// OpenCC's converter only reads its dictionaries after construction (all
// Convert overloads are const), so one shared instance serves every thread.
// Loading takes milliseconds, hence built once on first use and never
// destroyed (no static-destruction order issues at exit). If the data files
// are missing we log once and fold without t2s rather than fail every record.
const opencc::SimpleConverter* T2S() {
  static const opencc::SimpleConverter* const converter =
      []() -> const opencc::SimpleConverter* {
    try {
      return new opencc::SimpleConverter("t2s.json");
    } catch (const std::exception& e) {
      MDM_LOG_ERROR("OpenCC t2s.json unavailable, no t2s folding: {}",
                    e.what());
      return nullptr;
    }
  }();
  return converter;
}

// OpenCC segments its input against phrase dictionaries (a few microseconds
// for a name), and the same names and cities recur across records, so each
// thread memoizes results. Bounded; cleared wholesale when full.
std::string TraditionalToSimplified(const std::string& s) {
  const opencc::SimpleConverter* t2s = T2S();
  if (t2s == nullptr) return s;
  constexpr size_t kCacheLimit = 50'000;
  thread_local absl::flat_hash_map<std::string, std::string> cache;
  if (auto it = cache.find(s); it != cache.end()) return it->second;
  std::string out = t2s->Convert(s.data(), s.size());
  if (cache.size() >= kCacheLimit) cache.clear();
  cache.emplace(s, out);
  return out;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  if (IsAscii(s)) return true;
  if (s.size() > static_cast<size_t>(INT32_MAX)) return false;
  // Preflight only: with no destination ICU reports BUFFER_OVERFLOW for valid
  // input and INVALID_CHAR_FOUND for ill-formed bytes (overlongs, surrogates,
  // truncated sequences).
  UErrorCode status = U_ZERO_ERROR;
  int32_t needed = 0;
  u_strFromUTF8(nullptr, 0, &needed, s.data(), static_cast<int32_t>(s.size()),
                &status);
  return status == U_BUFFER_OVERFLOW_ERROR || U_SUCCESS(status);
}

std::string FoldText(std::string_view s) {
  if (IsAscii(s)) return FoldAscii(s);

  UErrorCode status = U_ZERO_ERROR;
  // NFKC_Casefold = NFKC + full case folding + removal of default-ignorable
  // code points, applied to closure so the result is stable under re-folding.
  // Ill-formed UTF-8 arrives here as U+FFFD (callers check IsValidUtf8 first).
  const icu::Normalizer2* nfkc_cf =
      icu::Normalizer2::getNFKCCasefoldInstance(status);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString folded;
  if (U_SUCCESS(status)) {
    folded = nfkc_cf->normalize(u, status);
  }
  if (U_FAILURE(status)) folded = u.foldCase();

  std::string normalized;
  folded.toUTF8String(normalized);

  // Collapse every Unicode whitespace run (NFKC already turned U+3000 and
  // friends into U+0020, but not e.g. tabs or line separators) and trim.
  std::string out;
  out.reserve(normalized.size());
  bool pending_space = false;
  const auto* p = reinterpret_cast<const uint8_t*>(normalized.data());
  const int32_t n = static_cast<int32_t>(normalized.size());
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0x80 ? IsAsciiSpace(static_cast<char>(c)) : u_isUWhiteSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.append(normalized, static_cast<size_t>(start),
               static_cast<size_t>(i - start));
  }

  if (ContainsHan(out)) out = TraditionalToSimplified(out);
  return out;
}

bool ContainsHan(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(std::min<size_t>(s.size(), INT32_MAX));
  for (int32_t i = 0; i < n;) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) continue;  // ill-formed byte sequence
    UErrorCode status = U_ZERO_ERROR;
    if (uscript_getScript(c, &status) == USCRIPT_HAN) return true;
  }
  return false;
}

}  // namespace mdm::normalize
