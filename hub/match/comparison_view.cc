#include "hub/match/comparison_view.h"

#include <string>
#include <vector>

#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"

namespace mdm::match {
namespace {

uint64_t HashOf(const std::string& s) {
  if (s.empty()) return 0;
  const uint64_t h = absl::Hash<absl::string_view>{}(s);
  return h == 0 ? 1 : h;  // 0 means "no value"
}

// Fills `out` with up to N hashes; false when the values did not all fit.
template <int N>
bool HashAll(const std::vector<std::string>& values, uint64_t (&out)[N],
             uint8_t& count) {
  count = 0;
  for (const std::string& v : values) {
    if (count == N) return false;
    out[count++] = HashOf(v);
  }
  return true;
}

}  // namespace

ComparisonView MakeComparisonView(const normalize::RecordFeatures& f) {
  ComparisonView v;
  v.name_folded = HashOf(f.name.folded);
  if (f.national_id) {
    v.national_id = HashOf(f.national_id->normalized);
    v.id_type = f.national_id->type;
  }
  v.address_line = HashOf(f.address_line);
  v.city = HashOf(f.city);
  v.postal_code = HashOf(f.postal_code);
  v.phones_complete = HashAll(f.phones, v.phones, v.phone_count);
  v.emails_complete = HashAll(f.emails, v.emails, v.email_count);
  if (f.birth_date) {
    v.birth_year = static_cast<uint16_t>(f.birth_date->year);
    v.birth_month = static_cast<uint8_t>(f.birth_date->month);
    v.birth_day = static_cast<uint8_t>(f.birth_date->day);
  }
  v.kind = f.kind;
  v.gender = f.gender;
  return v;
}

}  // namespace mdm::match
