#include "clients/mdmctl/row_mapper.h"

#include <map>
#include <string_view>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/mdmctl/iso_time.h"

namespace mdm::ctl {
namespace {

constexpr absl::string_view kAttrPrefix = "attr.";
// Where an unrecognized gender value is kept, so nothing the source said is
// lost.
constexpr absl::string_view kGenderRawAttribute = "gender_raw";

// absl::string_view is not std::string_view in Debian's abseil build.
absl::string_view Trim(absl::string_view s) {
  return absl::StripAsciiWhitespace(s);
}

void AddList(absl::string_view raw,
             google::protobuf::RepeatedPtrField<std::string>* out) {
  for (absl::string_view part : absl::StrSplit(raw, ';')) {
    part = Trim(part);
    if (!part.empty()) out->Add(std::string(part));
  }
}

std::optional<mdm::v1::Gender> ParseGender(absl::string_view raw) {
  const std::string lower = absl::AsciiStrToLower(raw);
  if (lower == "m" || lower == "male" || raw == "男") return mdm::v1::MALE;
  if (lower == "f" || lower == "female" || raw == "女") return mdm::v1::FEMALE;
  return std::nullopt;
}

}  // namespace

absl::StatusOr<RowMapper> RowMapper::Create(
    const std::vector<std::string>& header, std::string source) {
  static const std::map<std::string_view, Target> kKnown = {
      {"source_record_id", Target::kSourceRecordId},
      {"kind", Target::kKind},
      {"name", Target::kName},
      {"national_id", Target::kNationalId},
      {"birth_date", Target::kBirthDate},
      {"gender", Target::kGender},
      {"phones", Target::kPhones},
      {"emails", Target::kEmails},
      {"address", Target::kAddressLine},
      {"city", Target::kCity},
      {"region", Target::kRegion},
      {"postal_code", Target::kPostalCode},
      {"country", Target::kCountry},
      {"updated_at", Target::kUpdatedAt},
  };
  std::vector<Column> columns;
  std::map<std::string, std::string> attribute_owner;  // attribute -> column
  bool has_id = false;
  for (const std::string& name : header) {
    Column column{name, Target::kAttribute, ""};
    if (auto it = kKnown.find(name); it != kKnown.end()) {
      column.target = it->second;
      has_id |= column.target == Target::kSourceRecordId;
    } else {
      column.attribute = absl::StartsWith(name, kAttrPrefix)
                             ? name.substr(kAttrPrefix.size())
                             : name;
      if (column.attribute.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("header: column \"", name, "\" names no attribute"));
      }
      auto [owner, inserted] =
          attribute_owner.emplace(column.attribute, column.name);
      if (!inserted) {
        return absl::InvalidArgumentError(
            absl::StrCat("header: columns \"", owner->second, "\" and \"", name,
                         "\" both fill attribute \"", column.attribute, "\""));
      }
    }
    columns.push_back(std::move(column));
  }
  if (!has_id) {
    return absl::InvalidArgumentError(
        "header: missing required column \"source_record_id\"");
  }
  return RowMapper(std::move(columns), std::move(source));
}

RowMapper::Result RowMapper::Map(int64_t line,
                                 const std::vector<std::string>& fields) const {
  Result result;
  mdm::v1::SourceRecord& record = result.record;
  record.set_source(source_);
  record.set_kind(mdm::v1::PERSON);
  auto reject = [&](const Column& column, std::string reason,
                    std::string_view value) {
    result.error =
        RowIssue{line, column.name, std::move(reason), std::string(value)};
    return std::move(result);
  };

  std::optional<std::string> gender_raw;
  for (size_t i = 0; i < columns_.size() && i < fields.size(); ++i) {
    const Column& column = columns_[i];
    const std::string& value = fields[i];
    switch (column.target) {
      case Target::kSourceRecordId:
        if (Trim(value).empty()) {
          return reject(column, "required, but empty", "");
        }
        record.set_source_record_id(value);
        break;
      case Target::kKind: {
        const std::string kind = absl::AsciiStrToLower(Trim(value));
        if (kind == "organization") {
          record.set_kind(mdm::v1::ORGANIZATION);
        } else if (!kind.empty() && kind != "person") {
          return reject(column, "must be person or organization", value);
        }
        break;
      }
      case Target::kName:
        record.set_name(value);
        break;
      case Target::kNationalId:
        record.set_national_id(value);
        break;
      case Target::kBirthDate:
        record.set_birth_date(value);
        break;
      case Target::kGender: {
        const absl::string_view trimmed = Trim(value);
        if (trimmed.empty()) break;
        if (auto gender = ParseGender(trimmed)) {
          record.set_gender(*gender);
        } else {
          gender_raw = value;
          result.warnings.push_back(RowIssue{
              line, column.name,
              absl::StrCat("not M/F/male/female/男/女; sent unset, kept as "
                           "attribute ",
                           kGenderRawAttribute),
              value});
        }
        break;
      }
      case Target::kPhones:
        AddList(value, record.mutable_phones());
        break;
      case Target::kEmails:
        AddList(value, record.mutable_emails());
        break;
      case Target::kAddressLine:
        if (!value.empty()) record.mutable_address()->set_address_line(value);
        break;
      case Target::kCity:
        if (!value.empty()) record.mutable_address()->set_city(value);
        break;
      case Target::kRegion:
        if (!value.empty()) record.mutable_address()->set_region(value);
        break;
      case Target::kPostalCode:
        if (!value.empty()) record.mutable_address()->set_postal_code(value);
        break;
      case Target::kCountry:
        if (!value.empty()) record.mutable_address()->set_country(value);
        break;
      case Target::kUpdatedAt: {
        const absl::string_view trimmed = Trim(value);
        if (trimmed.empty()) break;  // the hub uses its receive time
        absl::StatusOr<ParsedTime> parsed =
            ParseIsoTimestamp(std::string_view(trimmed.data(), trimmed.size()));
        if (!parsed.ok()) {
          return reject(column, std::string(parsed.status().message()), value);
        }
        *record.mutable_updated_at() = parsed->timestamp;
        if (parsed->zone_assumed) {
          result.warnings.push_back(RowIssue{
              line, column.name, "no zone offset; UTC assumed", value});
        }
        break;
      }
      case Target::kAttribute:
        // An empty cell says nothing; sending "" would only clutter lineage.
        if (!value.empty())
          (*record.mutable_attributes())[column.attribute] = value;
        break;
    }
  }
  if (gender_raw) {
    // An explicit gender_raw column wins over the derived value.
    record.mutable_attributes()->insert(
        {std::string(kGenderRawAttribute), *gender_raw});
  }
  return result;
}

}  // namespace mdm::ctl
