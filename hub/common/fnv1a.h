// FNV-1a, 64 bits, over a length-prefixed encoding: a hash that is the same
// in every process, run and build (unlike absl::Hash), for values that are
// persisted or compared between hub processes.
#pragma once

#include <cstdint>
#include <string_view>

namespace mdm {

class Fnv1a {
 public:
  void Bytes(std::string_view s) {
    Int(s.size());  // length prefix: ("ab","c") != ("a","bc")
    for (unsigned char c : s) Byte(c);
  }
  void Int(uint64_t v) {
    for (int i = 0; i < 8; ++i) Byte(static_cast<unsigned char>(v >> (8 * i)));
  }
  uint64_t value() const { return h_; }

 private:
  void Byte(unsigned char c) {
    h_ ^= c;
    h_ *= 0x100000001b3ULL;
  }
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace mdm
