#include "hub/normalize/record_features.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "hub/normalize/email.h"
#include "hub/normalize/phone.h"
#include "hub/normalize/text.h"

namespace mdm::normalize {
namespace {

void AddDistinct(std::vector<std::string>& values, std::string v) {
  if (std::find(values.begin(), values.end(), v) == values.end()) {
    values.push_back(std::move(v));
  }
}

std::string IndexedField(const char* field, size_t i) {
  return absl::StrCat(field, "[", i, "]");
}

}  // namespace

ExtractedFeatures ExtractFeatures(const SourceRecord& record) {
  ExtractedFeatures out;
  RecordFeatures& f = out.features;
  auto warn = [&out](std::string field, std::string_view value,
                     const absl::Status& why) {
    out.warnings.push_back(
        {std::move(field), std::string(value), std::string(why.message())});
  };

  f.kind = record.kind;
  f.gender = record.gender;
  f.name = NormalizeName(record.name, record.kind);

  if (!record.national_id.empty()) {
    absl::StatusOr<NationalId> id = NormalizeNationalId(record.national_id);
    if (id.ok()) {
      f.national_id = *std::move(id);
    } else {
      warn("national_id", record.national_id, id.status());
    }
  }

  if (!record.birth_date.empty()) {
    absl::StatusOr<Date> d = ParseDate(record.birth_date);
    if (d.ok()) {
      f.birth_date = *d;
    } else {
      warn("birth_date", record.birth_date, d.status());
    }
  }
  if (f.national_id && !f.national_id->birth_date.empty()) {
    absl::StatusOr<Date> from_id = ParseDate(f.national_id->birth_date);
    if (from_id.ok()) {
      if (!f.birth_date && record.birth_date.empty()) {
        f.birth_date = *from_id;
      } else if (f.birth_date && !(*f.birth_date == *from_id)) {
        out.warnings.push_back(
            {"birth_date", record.birth_date,
             absl::StrCat("differs from the date in national_id (",
                          f.national_id->birth_date, ")")});
      }
    }
  }

  f.phone_of_input.resize(record.phones.size());
  f.email_of_input.resize(record.emails.size());
  for (size_t i = 0; i < record.phones.size(); ++i) {
    if (record.phones[i].empty()) continue;
    absl::StatusOr<std::string> p = NormalizePhone(record.phones[i]);
    if (p.ok()) {
      f.phone_of_input[i] = *p;
      AddDistinct(f.phones, *std::move(p));
    } else {
      warn(IndexedField("phones", i), record.phones[i], p.status());
    }
  }
  for (size_t i = 0; i < record.emails.size(); ++i) {
    if (record.emails[i].empty()) continue;
    absl::StatusOr<std::string> e = NormalizeEmail(record.emails[i]);
    if (e.ok()) {
      f.email_of_input[i] = *e;
      AddDistinct(f.emails, *std::move(e));
    } else {
      warn(IndexedField("emails", i), record.emails[i], e.status());
    }
  }

  f.address_line = FoldText(record.address.line);
  f.city = FoldText(record.address.city);
  f.postal_code =
      absl::StrReplaceAll(FoldText(record.address.postal_code), {{" ", ""}});
  return out;
}

}  // namespace mdm::normalize
