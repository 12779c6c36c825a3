#include "hub/golden/survivorship.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "hub/normalize/date.h"

namespace mdm::golden {
namespace {

// Newer first; ties broken by source version, then by key, so the outcome
// never depends on the order members arrive in.
bool Newer(const StoredRecord& a, const StoredRecord& b) {
  return std::tie(a.record.updated_at_us, a.record.source_version,
                  b.record.key) > std::tie(b.record.updated_at_us,
                                           b.record.source_version,
                                           a.record.key);
}

// A value as one record carries it: as written and normalized (empty when
// it failed its check).
struct Raw {
  std::string raw;
  std::string normalized;
};
using Extract = std::vector<Raw> (*)(const Member&);

// The distinct value being ranked, with what the rules compare.
struct Candidate {
  std::string key;  // normalized form (raw text for an invalid value)
  bool valid = true;
  std::vector<const StoredRecord*> records;
  // Best record: most trusted source, then newest.
  const StoredRecord* representative = nullptr;
  std::string raw;  // as written in `representative`
  size_t trust_rank = 0;
};

size_t TrustRank(const AttributeRule& rule, const std::string& source) {
  if (rule.kind != RuleKind::kSourceTrust) return 0;
  auto it = std::find(rule.trust.begin(), rule.trust.end(), source);
  return static_cast<size_t>(it - rule.trust.begin());
}

// Strict "a ranks before b" under `kind` alone; nullopt when tied.
std::optional<bool> Before(RuleKind kind, const Candidate& a,
                           const Candidate& b) {
  switch (kind) {
    case RuleKind::kSourceTrust:
      if (a.trust_rank != b.trust_rank) return a.trust_rank < b.trust_rank;
      return std::nullopt;
    case RuleKind::kMostFrequent:
      if (a.records.size() != b.records.size()) {
        return a.records.size() > b.records.size();
      }
      return std::nullopt;
    case RuleKind::kMostComplete:
      if (a.key.size() != b.key.size()) return a.key.size() > b.key.size();
      return std::nullopt;
    case RuleKind::kMostRecent:
      return std::nullopt;  // recency is every rule's last word, below
  }
  return std::nullopt;
}

bool Ranks(const AttributeRule& rule, const Candidate& a, const Candidate& b) {
  if (a.valid != b.valid) return a.valid;  // a checked value beats any other
  for (RuleKind k : {rule.kind, rule.then}) {
    if (auto r = Before(k, a, b)) return *r;
  }
  if (a.representative != b.representative) {
    if (Newer(*a.representative, *b.representative)) return true;
    if (Newer(*b.representative, *a.representative)) return false;
  }
  if (a.records.size() != b.records.size()) {
    return a.records.size() > b.records.size();
  }
  return a.key < b.key;
}

template <typename ExtractFn>
AttributeDecision Decide(std::string attribute, const AttributeRule& rule,
                         absl::Span<const Member> members, ExtractFn extract) {
  std::map<std::string, Candidate> by_key;
  for (const Member& m : members) {
    for (Raw& v : extract(m)) {
      if (v.raw.empty()) continue;
      const bool valid = !v.normalized.empty();
      if (!valid && rule.validated_only) continue;
      // Invalid values live in a key space of their own: they never merge
      // with a valid value that happens to read the same.
      std::string key = valid ? std::move(v.normalized) : "\x01" + v.raw;
      Candidate& c = by_key[key];
      if (!c.records.empty() && c.records.back() == m.stored) continue;
      c.key = std::move(key);
      c.valid = valid;
      c.records.push_back(m.stored);
      const size_t rank = TrustRank(rule, m.stored->record.key.source);
      if (c.representative == nullptr || rank < c.trust_rank ||
          (rank == c.trust_rank && Newer(*m.stored, *c.representative))) {
        c.representative = m.stored;
        c.trust_rank = rank;
        c.raw = std::move(v.raw);
      }
    }
  }
  std::vector<Candidate> candidates;
  candidates.reserve(by_key.size());
  for (auto& [key, c] : by_key) candidates.push_back(std::move(c));
  std::sort(candidates.begin(), candidates.end(),
            [&](const Candidate& a, const Candidate& b) {
              return Ranks(rule, a, b);
            });

  AttributeDecision d{
      .attribute = std::move(attribute), .rule = rule, .ranked = {}};
  for (Candidate& c : candidates) {
    RankedValue r;
    r.valid = c.valid;
    r.value.value = std::move(c.raw);
    r.value.normalized = c.valid ? c.key : r.value.value;
    r.value.lineage.record = c.representative->record.key;
    r.value.lineage.rule = std::string(RuleName(rule.kind));
    r.value.lineage.updated_at_us = c.representative->record.updated_at_us;
    r.value.support = static_cast<int>(c.records.size());
    std::set<std::string> sources;
    for (const StoredRecord* s : c.records) {
      sources.insert(s->record.key.source);
      r.records.push_back(s->record.key);
    }
    std::sort(r.records.begin(), r.records.end());
    r.sources.assign(sources.begin(), sources.end());
    d.ranked.push_back(std::move(r));
  }
  return d;
}

std::vector<Raw> One(const std::string& raw, const std::string& normalized) {
  return {Raw{raw, normalized}};
}

std::vector<Raw> Parallel(const std::vector<std::string>& raws,
                          const std::vector<std::string>& normalized) {
  std::vector<Raw> out;
  for (size_t i = 0; i < raws.size(); ++i) {
    out.push_back({raws[i], i < normalized.size() ? normalized[i] : ""});
  }
  return out;
}

struct Standard {
  const char* name;
  Extract extract;
};

// The standard attributes, in decision order. A value's check: the
// normalizer produced a form for it.
const Standard kStandard[] = {
    {"full_name",
     [](const Member& m) {
       return One(m.stored->record.name, m.features->name.folded);
     }},
    {"national_id",
     [](const Member& m) {
       return One(m.stored->record.national_id,
                  m.features->national_id ? m.features->national_id->normalized
                                          : std::string());
     }},
    {"birth_date",
     [](const Member& m) {
       // The date may come from the national id when the record has none.
       std::string iso = m.features->birth_date
                             ? normalize::FormatDate(*m.features->birth_date)
                             : std::string();
       const std::string& raw = m.stored->record.birth_date;
       return One(raw.empty() ? iso : raw, iso);
     }},
    {"gender",
     [](const Member& m) {
       switch (m.stored->record.gender) {
         case Gender::kMale:
           return One("M", "M");
         case Gender::kFemale:
           return One("F", "F");
         default:
           return std::vector<Raw>{};
       }
     }},
    {"phones",
     [](const Member& m) {
       return Parallel(m.stored->record.phones, m.features->phone_of_input);
     }},
    {"emails",
     [](const Member& m) {
       return Parallel(m.stored->record.emails, m.features->email_of_input);
     }},
    {"address_line",
     [](const Member& m) {
       return One(m.stored->record.address.line, m.features->address_line);
     }},
    {"city",
     [](const Member& m) {
       return One(m.stored->record.address.city, m.features->city);
     }},
    {"region",
     [](const Member& m) {
       const std::string& v = m.stored->record.address.region;
       return One(v, v);
     }},
    {"postal_code",
     [](const Member& m) {
       return One(m.stored->record.address.postal_code,
                  m.features->postal_code);
     }},
    {"country",
     [](const Member& m) {
       const std::string& v = m.stored->record.address.country;
       return One(v, v);
     }},
    {"addresses",
     [](const Member& m) {
       // The whole address as one value; records agreeing on every folded
       // part count as one address.
       const Address& a = m.stored->record.address;
       std::vector<std::string> parts;
       for (const std::string* p :
            {&a.line, &a.city, &a.region, &a.postal_code, &a.country}) {
         if (!p->empty()) parts.push_back(*p);
       }
       const normalize::RecordFeatures& f = *m.features;
       std::string key = absl::StrJoin(
           {f.address_line, f.city, a.region, f.postal_code, a.country}, "|");
       // No part normalized: the address fails its check.
       if (key.find_first_not_of('|') == std::string::npos) key.clear();
       return One(absl::StrJoin(parts, ", "), key);
     }},
};

std::optional<GoldenValue> Winner(const AttributeDecision& d) {
  if (d.ranked.empty()) return std::nullopt;
  return d.ranked.front().value;
}

std::optional<AttributeConflict> ConflictOf(const AttributeDecision& d) {
  if (d.ranked.size() < 2) return std::nullopt;
  std::set<std::string> sources;
  for (const RankedValue& r : d.ranked) {
    sources.insert(r.sources.begin(), r.sources.end());
  }
  // Records of one source disagreeing is that source's own business.
  if (sources.size() < 2) return std::nullopt;
  AttributeConflict c{.attribute = d.attribute, .values = {}};
  for (const RankedValue& r : d.ranked) {
    c.values.push_back(
        {.value = r.value.value, .sources = r.sources, .records = r.records});
  }
  return c;
}

}  // namespace

std::vector<AttributeDecision> DecideAttributes(
    absl::Span<const Member> members, const SurvivorshipRules& rules) {
  std::vector<AttributeDecision> out;
  for (const Standard& s : kStandard) {
    out.push_back(Decide(s.name, rules.For(s.name, IsMultiValued(s.name)),
                         members, s.extract));
  }
  std::set<std::string> keys;
  for (const Member& m : members) {
    for (const auto& [key, value] : m.stored->record.attributes) {
      keys.insert(key);
    }
  }
  for (const std::string& key : keys) {
    const std::string name = absl::StrCat("attr.", key);
    // Free attributes are taken as written: always valid.
    auto decision =
        Decide(name, rules.For(name, false), members, [&key](const Member& m) {
          const auto& attrs = m.stored->record.attributes;
          auto it = attrs.find(key);
          if (it == attrs.end()) return std::vector<Raw>{};
          return One(it->second, it->second);
        });
    out.push_back(std::move(decision));
  }
  return out;
}

GoldenRecord BuildGoldenContent(const std::string& golden_id,
                                absl::Span<const Member> members,
                                const SurvivorshipRules& rules) {
  GoldenRecord g;
  g.golden_id = golden_id;
  if (members.empty()) return g;

  const Member* newest = &members[0];
  for (const Member& m : members) {
    if (Newer(*m.stored, *newest->stored)) newest = &m;
  }
  g.kind = newest->stored->record.kind;

  std::map<std::string, std::optional<GoldenValue>*> single = {
      {"full_name", &g.full_name},
      {"national_id", &g.national_id},
      {"birth_date", &g.birth_date},
      {"gender", &g.gender},
      {"address_line", &g.address_line},
      {"city", &g.city},
      {"region", &g.region},
      {"postal_code", &g.postal_code},
      {"country", &g.country}};
  for (AttributeDecision& d : DecideAttributes(members, rules)) {
    if (IsMultiValued(d.attribute)) {
      auto& values = d.attribute == "phones"   ? g.phones
                     : d.attribute == "emails" ? g.emails
                                               : g.addresses;
      for (RankedValue& r : d.ranked) values.push_back(std::move(r.value));
      continue;
    }
    if (auto c = ConflictOf(d)) g.conflicts.push_back(*std::move(c));
    if (auto it = single.find(d.attribute); it != single.end()) {
      *it->second = Winner(d);
    } else if (auto w = Winner(d)) {
      g.attributes.emplace(d.attribute.substr(5), *std::move(w));
    }
  }
  std::sort(g.conflicts.begin(), g.conflicts.end(),
            [](const AttributeConflict& a, const AttributeConflict& b) {
              return a.attribute < b.attribute;
            });

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
