#include "hub/match/blocking.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "hub/normalize/nicknames.h"

namespace mdm::match {
namespace {

std::string DateKey(int year, int month, int day) {
  return absl::StrFormat("%s%04d%02d%02d", kRuleBirth, year, month, day);
}

// The street part of an address line (up to the first comma: "14 wynn
// street" of "14 wynn street, tathra") with spaces and punctuation dropped,
// so "bellbird ctge" and "bellbirdctge" agree; empty without a digit (a
// street address has a house number; a bare district name would make huge
// blocks).
std::string StreetKey(const std::string& line) {
  std::string out;
  bool digit = false;
  for (char c : line.substr(0, line.find(','))) {
    if (c >= '0' && c <= '9') digit = true;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
        static_cast<unsigned char>(c) >= 0x80) {
      out.push_back(c);
    }
  }
  return digit ? out : std::string();
}

void SortUnique(std::vector<std::string>& keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
}

}  // namespace

std::vector<std::string> IndexKeys(const normalize::RecordFeatures& f) {
  std::vector<std::string> keys;
  if (f.national_id)
    keys.push_back(absl::StrCat(kRuleId, f.national_id->normalized));
  for (const std::string& p : f.phones)
    keys.push_back(absl::StrCat(kRulePhone, p));
  for (const std::string& e : f.emails)
    keys.push_back(absl::StrCat(kRuleEmail, e));
  // The kind is part of name keys: a company and a person of the same name
  // never need comparing.
  const char kind = f.kind == Kind::kOrganization ? 'o' : 'p';
  for (const std::string& k : f.name.keys) {
    keys.push_back(absl::StrCat(kRuleName, absl::string_view(&kind, 1), k));
  }
  // The name with diminutives made canonical ("Bob Smith" as "robertsmith")
  // meets the plain key of "Robert Smith" under the same rule: no new key
  // for the many names without a diminutive.
  for (const std::string& k : f.name.nickname_keys) {
    keys.push_back(absl::StrCat(kRuleName, absl::string_view(&kind, 1), k));
  }
  if (f.birth_date) {
    keys.push_back(
        DateKey(f.birth_date->year, f.birth_date->month, f.birth_date->day));
    // One token plus the year survives a typo in the other name part.
    for (const std::string& t : f.name.tokens) {
      if (t.size() >= 2) {
        keys.push_back(absl::StrCat(kRuleNameYear, t, "|", f.birth_date->year));
      }
      // "Bob Smyth" meets "Robert Smith" of the same year through "robert".
      // Only names NormalizeName gave nickname keys (persons, no Han).
      if (f.name.nickname_keys.empty()) continue;
      for (std::string_view c : normalize::CanonicalGivenNames(t)) {
        keys.push_back(absl::StrCat(kRuleNameYear,
                                    absl::string_view(c.data(), c.size()), "|",
                                    f.birth_date->year));
      }
    }
  }
  // Postcode plus the name's initials (order-free): catches records whose name
  // has typos beyond the first letters while keeping blocks small even where
  // one postcode covers a whole district.
  if (!f.postal_code.empty() && !f.name.tokens.empty()) {
    std::string initials;
    for (const std::string& t : f.name.tokens) initials.push_back(t[0]);
    std::sort(initials.begin(), initials.end());
    keys.push_back(absl::StrCat(kRulePostal, f.postal_code, "|", initials));
  }
  // Street address plus one name token: the same person at the same
  // address with typos in every other key (id, birth date, postcode, one
  // name part) still meets; relatives at one address do too, and are left
  // to the scorer.
  if (const std::string street = StreetKey(f.address_line); !street.empty()) {
    for (const std::string& t : f.name.tokens) {
      if (t.size() >= 2) {
        keys.push_back(absl::StrCat(kRuleAddress, street, "|", t));
      }
    }
  }
  SortUnique(keys);
  return keys;
}

std::vector<std::string> QueryKeys(const normalize::RecordFeatures& f) {
  return QueryKeys(f, IndexKeys(f));
}

std::vector<std::string> QueryKeys(const normalize::RecordFeatures& f,
                                   std::vector<std::string> keys) {
  if (f.birth_date && f.birth_date->day <= 12 &&
      f.birth_date->day != f.birth_date->month) {
    keys.push_back(
        DateKey(f.birth_date->year, f.birth_date->day, f.birth_date->month));
    SortUnique(keys);
  }
  return keys;
}

bool IsWeakRule(absl::string_view key) {
  const absl::string_view rule = RuleOf(key);
  return rule == kRuleBirth || rule == kRuleNameYear || rule == kRulePostal ||
         rule == kRuleAddress;
}

absl::string_view RuleOf(absl::string_view key) { return key.substr(0, 3); }

}  // namespace mdm::match
