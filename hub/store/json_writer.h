// A minimal streaming JSON writer for the store's row encoder.
//
// Why not nlohmann::json for writing too: building a json tree allocates per
// node and its dump escapes byte by byte; encoding was half the cost of an
// Apply(). Writing straight into one string is several times cheaper. Reading
// still goes through nlohmann::json (a full, strict parser).
//
// Output is compact JSON. Strings are checked to be valid UTF-8 and escaped
// per RFC 8259; an invalid string makes the writer fail (ok() false) rather
// than store altered bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mdm {

class JsonWriter {
 public:
  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();

  // An object member's name; the value follows with the next call.
  void Key(std::string_view key);
  void String(std::string_view value);
  void Int(int64_t value);

  // False once a string was not valid UTF-8; bad_key() names the member.
  bool ok() const { return bad_key_.empty(); }
  const std::string& bad_key() const { return bad_key_; }

  // The JSON text written so far.
  std::string Release() { return std::move(out_); }

 private:
  // Writes the comma that separates this item from the previous one.
  void Separate();

  std::string out_;
  std::string last_key_;
  std::string bad_key_;
  bool need_comma_ = false;
};

// Length of the valid UTF-8 sequence starting at `s` (1 to 4), or 0 if the
// bytes there are not one (overlong, surrogate, out of range, truncated).
int Utf8SequenceLength(std::string_view s);

}  // namespace mdm
