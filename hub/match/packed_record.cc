#include "hub/match/packed_record.h"

#include <algorithm>
#include <cstdint>

namespace mdm::match {
namespace {

// Unsigned LEB128: small numbers (lengths, counts, enums) take one byte.
void PutVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

// Times and versions may be negative (before 1970, or unset as 0): zigzag
// keeps small magnitudes short either way.
void PutSigned(std::string& out, int64_t v) {
  PutVarint(out,
            (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}

void PutString(std::string& out, std::string_view s) {
  PutVarint(out, s.size());
  out.append(s);
}

void PutStrings(std::string& out, const std::vector<std::string>& v) {
  PutVarint(out, v.size());
  for (const std::string& s : v) PutString(out, s);
}

// Reads what the Put functions wrote. The input is always PackRecord's own
// output, so running past its end is a bug; it is still never read beyond.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; pos_ < in_.size() && shift < 64; shift += 7) {
      const auto byte = static_cast<uint8_t>(in_[pos_++]);
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) break;
    }
    return v;
  }
  int64_t Signed() {
    const uint64_t v = Varint();
    return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
  }
  std::string String() {
    const uint64_t len = Varint();  // before the remaining size is taken
    const size_t n = std::min<uint64_t>(len, in_.size() - pos_);
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  std::vector<std::string> Strings() {
    std::vector<std::string> v(Count());
    for (std::string& s : v) s = String();
    return v;
  }
  // A count of items each at least one byte long: bounded by what is left.
  size_t Count() {
    const uint64_t n = Varint();
    return std::min<uint64_t>(n, in_.size() - pos_);
  }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace

std::string PackRecord(const SourceRecord& r,
                       absl::Span<const FieldWarning> warnings) {
  std::string out;
  out.reserve(r.name.size() + r.national_id.size() + r.address.line.size() +
              r.address.city.size() + 64);
  PutVarint(out, static_cast<uint64_t>(r.kind));
  PutString(out, r.name);
  PutString(out, r.national_id);
  PutString(out, r.birth_date);
  PutVarint(out, static_cast<uint64_t>(r.gender));
  PutStrings(out, r.phones);
  PutStrings(out, r.emails);
  PutString(out, r.address.line);
  PutString(out, r.address.city);
  PutString(out, r.address.region);
  PutString(out, r.address.postal_code);
  PutString(out, r.address.country);
  PutSigned(out, r.updated_at_us);
  PutSigned(out, r.source_version);
  PutVarint(out, r.attributes.size());
  for (const auto& [key, value] : r.attributes) {
    PutString(out, key);
    PutString(out, value);
  }
  PutVarint(out, warnings.size());
  for (const FieldWarning& w : warnings) {
    PutString(out, w.field);
    PutString(out, w.value);
    PutString(out, w.reason);
  }
  out.shrink_to_fit();
  return out;
}

void UnpackRecord(std::string_view packed, SourceRecord* r,
                  std::vector<FieldWarning>* warnings) {
  Reader in(packed);
  r->kind = static_cast<Kind>(in.Varint());
  r->name = in.String();
  r->national_id = in.String();
  r->birth_date = in.String();
  r->gender = static_cast<Gender>(in.Varint());
  r->phones = in.Strings();
  r->emails = in.Strings();
  r->address.line = in.String();
  r->address.city = in.String();
  r->address.region = in.String();
  r->address.postal_code = in.String();
  r->address.country = in.String();
  r->updated_at_us = in.Signed();
  r->source_version = in.Signed();
  r->attributes.clear();
  for (size_t n = in.Count(); n > 0; --n) {
    std::string key = in.String();
    r->attributes.insert_or_assign(std::move(key), in.String());
  }
  warnings->clear();
  for (size_t n = in.Count(); n > 0; --n) {
    FieldWarning& w = warnings->emplace_back();
    w.field = in.String();
    w.value = in.String();
    w.reason = in.String();
  }
}

}  // namespace mdm::match
