#include "clients/mdmctl/utf8.h"

namespace mdm::csv {

std::optional<size_t> FindInvalidUtf8(std::string_view s) {
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const auto lead = static_cast<unsigned char>(s[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    // Length of the sequence and the allowed range of its second byte; the
    // narrowed ranges after E0, ED, F0 and F4 are what exclude overlongs,
    // surrogates and values beyond U+10FFFF.
    size_t len = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      len = 2;
    } else if (lead == 0xE0) {
      len = 3;
      lo = 0xA0;
    } else if (lead == 0xED) {
      len = 3;
      hi = 0x9F;
    } else if (lead >= 0xE1 && lead <= 0xEF) {
      len = 3;
    } else if (lead == 0xF0) {
      len = 4;
      lo = 0x90;
    } else if (lead == 0xF4) {
      len = 4;
      hi = 0x8F;
    } else if (lead >= 0xF1 && lead <= 0xF3) {
      len = 4;
    } else {
      return i;  // continuation byte, C0/C1 or F5..FF as a lead byte
    }
    if (n - i < len) return i;
    const auto second = static_cast<unsigned char>(s[i + 1]);
    if (second < lo || second > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return std::nullopt;
}

}  // namespace mdm::csv
