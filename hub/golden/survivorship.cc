#include "hub/golden/survivorship.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "hub/normalize/date.h"

namespace mdm::golden {
namespace {

constexpr char kMostRecent[] = "most_recent";
constexpr char kMostFrequent[] = "most_frequent";

// Newer first; ties broken by source version, then by key, so the outcome
// never depends on the order members arrive in.
bool Newer(const StoredRecord& a, const StoredRecord& b) {
  return std::tie(a.record.updated_at_us, a.record.source_version,
                  b.record.key) > std::tie(b.record.updated_at_us,
                                           b.record.source_version,
                                           a.record.key);
}

GoldenValue ValueFrom(const StoredRecord& s, std::string value,
                      std::string normalized, const char* rule) {
  GoldenValue v;
  v.value = std::move(value);
  v.normalized = std::move(normalized);
  v.lineage.record = s.record.key;
  v.lineage.rule = rule;
  v.lineage.updated_at_us = s.record.updated_at_us;
  return v;
}

// Picks the newest member whose value is valid. `extract` returns the
// (raw, normalized) pair or nullopt when the member has no valid value.
template <typename Extract>
std::optional<GoldenValue> MostRecent(absl::Span<const Member> members,
                                      Extract extract) {
  const Member* best = nullptr;
  std::optional<std::pair<std::string, std::string>> best_value;
  for (const Member& m : members) {
    auto v = extract(m);
    if (!v) continue;
    if (best == nullptr || Newer(*m.stored, *best->stored)) {
      best = &m;
      best_value = std::move(v);
    }
  }
  if (best == nullptr) return std::nullopt;
  GoldenValue g = ValueFrom(*best->stored, std::move(best_value->first),
                            std::move(best_value->second), kMostRecent);
  // Support: how many members agree on the winning normalized value.
  for (const Member& m : members) {
    auto v = extract(m);
    if (v && v->second == g.normalized) ++g.support;
  }
  return g;
}

// Distinct values of a multi-valued attribute, ranked by support, then by the
// recency of the newest record carrying them. `raw` and `normalized` are
// parallel: the input values and their normalized forms (empty = invalid).
template <typename Raw, typename Normalized>
std::vector<GoldenValue> Ranked(absl::Span<const Member> members, Raw raw,
                                Normalized normalized) {
  struct Acc {
    const StoredRecord* newest = nullptr;
    const StoredRecord* last_counted = nullptr;
    std::string raw;
    int support = 0;
  };
  std::map<std::string, Acc> by_value;
  for (const Member& m : members) {
    const std::vector<std::string>& raws = raw(*m.stored);
    const std::vector<std::string>& norms = normalized(*m.features);
    for (size_t i = 0; i < raws.size() && i < norms.size(); ++i) {
      // An invalid value stays on its record but never enters the golden.
      if (norms[i].empty()) continue;
      Acc& acc = by_value[norms[i]];
      if (acc.last_counted == m.stored) continue;  // listed twice in a record
      acc.last_counted = m.stored;
      ++acc.support;
      if (acc.newest == nullptr || Newer(*m.stored, *acc.newest)) {
        acc.newest = m.stored;
        acc.raw = raws[i];
      }
    }
  }
  std::vector<GoldenValue> out;
  for (auto& [n, acc] : by_value) {
    GoldenValue g = ValueFrom(*acc.newest, acc.raw, n, kMostFrequent);
    g.support = acc.support;
    out.push_back(std::move(g));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const GoldenValue& a, const GoldenValue& b) {
                     return std::tie(b.support, b.lineage.updated_at_us) <
                            std::tie(a.support, a.lineage.updated_at_us);
                   });
  return out;
}

using OptPair = std::optional<std::pair<std::string, std::string>>;

OptPair NonEmpty(const std::string& raw, const std::string& normalized) {
  if (raw.empty() || normalized.empty()) return std::nullopt;
  return std::make_pair(raw, normalized);
}

}  // namespace

GoldenRecord BuildGoldenContent(const std::string& golden_id,
                                absl::Span<const Member> members) {
  GoldenRecord g;
  g.golden_id = golden_id;
  if (members.empty()) return g;

  const Member* newest = &members[0];
  for (const Member& m : members) {
    if (Newer(*m.stored, *newest->stored)) newest = &m;
  }
  g.kind = newest->stored->record.kind;

  g.full_name = MostRecent(members, [](const Member& m) {
    return NonEmpty(m.stored->record.name, m.features->name.folded);
  });
  g.national_id = MostRecent(members, [](const Member& m) -> OptPair {
    if (!m.features->national_id) return std::nullopt;
    return std::make_pair(m.stored->record.national_id,
                          m.features->national_id->normalized);
  });
  g.birth_date = MostRecent(members, [](const Member& m) -> OptPair {
    if (!m.features->birth_date) return std::nullopt;
    std::string iso = normalize::FormatDate(*m.features->birth_date);
    // The date may come from the national id when the record has none.
    std::string raw =
        m.stored->record.birth_date.empty() ? iso : m.stored->record.birth_date;
    return std::make_pair(std::move(raw), std::move(iso));
  });
  g.gender = MostRecent(members, [](const Member& m) -> OptPair {
    switch (m.stored->record.gender) {
      case Gender::kMale:
        return std::make_pair(std::string("M"), std::string("M"));
      case Gender::kFemale:
        return std::make_pair(std::string("F"), std::string("F"));
      default:
        return std::nullopt;
    }
  });
  g.address_line = MostRecent(members, [](const Member& m) {
    return NonEmpty(m.stored->record.address.line, m.features->address_line);
  });
  g.city = MostRecent(members, [](const Member& m) {
    return NonEmpty(m.stored->record.address.city, m.features->city);
  });
  g.region = MostRecent(members, [](const Member& m) {
    return NonEmpty(m.stored->record.address.region,
                    m.stored->record.address.region);
  });
  g.postal_code = MostRecent(members, [](const Member& m) {
    return NonEmpty(m.stored->record.address.postal_code,
                    m.features->postal_code);
  });
  g.country = MostRecent(members, [](const Member& m) {
    return NonEmpty(m.stored->record.address.country,
                    m.stored->record.address.country);
  });

  g.phones = Ranked(
      members, [](const StoredRecord& s) -> auto& { return s.record.phones; },
      [](const normalize::RecordFeatures& f) -> auto& {
        return f.phone_of_input;
      });
  g.emails = Ranked(
      members, [](const StoredRecord& s) -> auto& { return s.record.emails; },
      [](const normalize::RecordFeatures& f) -> auto& {
        return f.email_of_input;
      });

  std::map<std::string, const Member*> attr_winner;
  for (const Member& m : members) {
    for (const auto& [key, value] : m.stored->record.attributes) {
      if (value.empty()) continue;
      auto [it, inserted] = attr_winner.try_emplace(key, &m);
      if (!inserted && Newer(*m.stored, *it->second->stored)) it->second = &m;
    }
  }
  for (const auto& [key, m] : attr_winner) {
    const std::string& value = m->stored->record.attributes.at(key);
    GoldenValue v = ValueFrom(*m->stored, value, value, kMostRecent);
    for (const Member& other : members) {
      auto it = other.stored->record.attributes.find(key);
      if (it != other.stored->record.attributes.end() && it->second == value) {
        ++v.support;
      }
    }
    g.attributes.emplace(key, std::move(v));
  }

  for (const Member& m : members) g.members.push_back(m.stored->record.key);
  std::sort(g.members.begin(), g.members.end());
  return g;
}

bool ContentDiffers(const GoldenRecord& a, const GoldenRecord& b) {
  GoldenRecord x = a;
  GoldenRecord y = b;
  for (GoldenRecord* r : {&x, &y}) {
    r->version = 0;
    r->etag.clear();
    r->create_time_us = 0;
    r->update_time_us = 0;
  }
  return !(x == y);
}

bool StampVersion(GoldenRecord& next, const GoldenRecord* previous,
                  int64_t now_us) {
  if (previous != nullptr && !ContentDiffers(next, *previous)) {
    next.version = previous->version;
    next.etag = previous->etag;
    next.create_time_us = previous->create_time_us;
    next.update_time_us = previous->update_time_us;
    return false;
  }
  next.version = previous ? previous->version + 1 : 1;
  next.create_time_us = previous ? previous->create_time_us : now_us;
  next.update_time_us = now_us;
  next.etag = absl::StrCat("v", next.version);
  return true;
}

}  // namespace mdm::golden
