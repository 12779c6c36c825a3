#include "hub/insight/quality.h"

#include <algorithm>

#include "hub/insight/customer_insight.h"
#include "hub/normalize/date.h"
#include "hub/normalize/email.h"
#include "hub/normalize/national_id.h"
#include "hub/normalize/phone.h"
#include "hub/normalize/text.h"

namespace mdm::insight {
namespace {

// Report order of the attributes and of the conflict checks.
constexpr const char* kAttributes[] = {"name",   "national_id", "birth_date",
                                       "gender", "phones",      "emails",
                                       "address"};
constexpr const char* kSingleValued[] = {"name", "national_id", "birth_date",
                                         "gender"};

template <typename Normalizer>
int CountValid(const std::vector<std::string>& values, Normalizer normalize) {
  return static_cast<int>(
      std::count_if(values.begin(), values.end(),
                    [&](const std::string& v) { return normalize(v).ok(); }));
}

double Ratio(double num, double den, double empty) {
  return den > 0 ? num / den : empty;
}

}  // namespace

void QualityAccumulator::Count(PerSource& s, const char* attribute,
                               bool present, int checked, int valid) {
  Counts& c = s.attributes[attribute];
  c.present += present ? 1 : 0;
  c.checked += checked;
  c.valid += valid;
}

void QualityAccumulator::Compare(const std::string& golden_id,
                                 const std::string& source,
                                 const char* attribute, std::string value) {
  if (value.empty()) return;
  Seen& seen = entities_[golden_id][attribute];
  if (seen.source.empty()) {
    seen.source = source;
    seen.value = std::move(value);
    return;
  }
  if (seen.source == source) return;  // within one source: a duplicate
  seen.compared = true;
  if (seen.value != value) seen.conflict = true;
}

void QualityAccumulator::Add(const StoredRecord& stored) {
  const SourceRecord& r = stored.record;
  PerSource& s = sources_[r.key.source];
  ++records_;
  ++s.records;
  s.entities.insert(stored.golden_id);
  const double age_days =
      r.updated_at_us > 0
          ? std::max<double>(0, (now_us_ - r.updated_at_us) /
                                    static_cast<double>(kMicrosPerDay))
          : 0;
  s.age_sum_days += age_days;
  if (age_days > options_.stale_days) ++s.stale;

  const bool has_id = !r.national_id.empty();
  const bool has_date = !r.birth_date.empty();
  Count(s, "name", !r.name.empty(), 0, 0);
  Count(s, "national_id", has_id, has_id ? 1 : 0,
        has_id && normalize::NormalizeNationalId(r.national_id).ok() ? 1 : 0);
  Count(s, "birth_date", has_date, has_date ? 1 : 0,
        has_date && normalize::ParseDate(r.birth_date).ok() ? 1 : 0);
  Count(s, "gender", r.gender != Gender::kUnspecified, 0, 0);
  Count(s, "phones", !r.phones.empty(), static_cast<int>(r.phones.size()),
        CountValid(r.phones, [](const std::string& v) {
          return normalize::NormalizePhone(v);
        }));
  Count(s, "emails", !r.emails.empty(), static_cast<int>(r.emails.size()),
        CountValid(r.emails, [](const std::string& v) {
          return normalize::NormalizeEmail(v);
        }));
  Count(s, "address", !r.address.line.empty() || !r.address.city.empty(), 0, 0);

  // Single-valued attributes in comparable form; an invalid id compares as
  // written.
  absl::StatusOr<normalize::NationalId> id =
      normalize::NormalizeNationalId(r.national_id);
  Compare(stored.golden_id, r.key.source, "name", normalize::FoldText(r.name));
  Compare(stored.golden_id, r.key.source, "national_id",
          id.ok() ? id->normalized : r.national_id);
  Compare(stored.golden_id, r.key.source, "birth_date", r.birth_date);
  Compare(stored.golden_id, r.key.source, "gender",
          r.gender == Gender::kUnspecified
              ? ""
              : std::to_string(static_cast<int>(r.gender)));
}

QualityReport QualityAccumulator::Finish() const {
  QualityReport out;
  out.taken_at_us = now_us_;
  out.records = records_;
  out.entities = static_cast<int>(entities_.size());
  out.records_per_entity = Ratio(records_, out.entities, 0);
  for (const auto& [name, s] : sources_) {
    SourceQuality q;
    q.source = name;
    q.records = s.records;
    q.entities = static_cast<int>(s.entities.size());
    q.duplicate_rate = Ratio(q.records, q.entities, 0);
    q.mean_age_days = Ratio(s.age_sum_days, s.records, 0);
    q.stale_share = Ratio(s.stale, s.records, 0);
    for (const char* attribute : kAttributes) {
      AttributeQuality a;
      a.attribute = attribute;
      auto it = s.attributes.find(attribute);
      if (it != s.attributes.end()) {
        a.present = it->second.present;
        a.checked = it->second.checked;
        a.valid = it->second.valid;
      }
      a.completeness = Ratio(a.present, s.records, 0);
      a.validity = Ratio(a.valid, a.checked, 1);
      q.attributes.push_back(std::move(a));
    }
    out.sources.push_back(std::move(q));
  }
  for (const char* attribute : kSingleValued) {
    ConflictRate c;
    c.attribute = attribute;
    for (const auto& [id, seen] : entities_) {
      auto it = seen.find(attribute);
      if (it == seen.end() || !it->second.compared) continue;
      ++c.compared;
      if (it->second.conflict) ++c.conflicts;
    }
    c.rate = Ratio(c.conflicts, c.compared, 0);
    out.conflicts.push_back(std::move(c));
  }
  return out;
}

}  // namespace mdm::insight
