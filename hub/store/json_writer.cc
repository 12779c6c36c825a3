#include "hub/store/json_writer.h"

#include <charconv>

namespace mdm {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

int Utf8SequenceLength(std::string_view s) {
  if (s.empty()) return 0;
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 < 0x80) return 1;
  // Allowed ranges for the second byte follow RFC 3629 section 4: they rule
  // out overlong forms, UTF-16 surrogates and code points above U+10FFFF.
  int len;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (s.size() < static_cast<size_t>(len)) return 0;
  const auto b1 = static_cast<unsigned char>(s[1]);
  if (b1 < lo || b1 > hi) return 0;
  for (int i = 2; i < len; ++i) {
    if (!IsContinuation(static_cast<unsigned char>(s[i]))) return 0;
  }
  return len;
}

void JsonWriter::Separate() {
  if (need_comma_) out_.push_back(',');
}

void JsonWriter::BeginObject() {
  Separate();
  out_.push_back('{');
  need_comma_ = false;
}

void JsonWriter::EndObject() {
  out_.push_back('}');
  need_comma_ = true;
}

void JsonWriter::BeginArray() {
  Separate();
  out_.push_back('[');
  need_comma_ = false;
}

void JsonWriter::EndArray() {
  out_.push_back(']');
  need_comma_ = true;
}

void JsonWriter::Key(std::string_view key) {
  last_key_.assign(key);
  String(key);
  out_.push_back(':');
  need_comma_ = false;
}

void JsonWriter::String(std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  Separate();
  out_.push_back('"');
  size_t run = 0;  // start of bytes that need no escaping
  size_t i = 0;
  while (i < value.size()) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      int len = Utf8SequenceLength(value.substr(i));
      if (len == 0) {
        if (bad_key_.empty()) bad_key_ = last_key_.empty() ? "?" : last_key_;
        len = 1;  // keep going; the output is discarded anyway
      }
      i += len;
      continue;
    }
    out_.append(value.data() + run, i - run);
    out_.push_back('\\');
    switch (c) {
      case '"':
        out_.push_back('"');
        break;
      case '\\':
        out_.push_back('\\');
        break;
      case '\n':
        out_.push_back('n');
        break;
      case '\r':
        out_.push_back('r');
        break;
      case '\t':
        out_.push_back('t');
        break;
      default:
        out_.append("u00");
        out_.push_back(kHex[c >> 4]);
        out_.push_back(kHex[c & 0xF]);
    }
    run = ++i;
  }
  out_.append(value.data() + run, value.size() - run);
  out_.push_back('"');
  need_comma_ = true;
}

void JsonWriter::Int(int64_t value) {
  Separate();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  out_.append(buf, end);
  need_comma_ = true;
}

}  // namespace mdm
