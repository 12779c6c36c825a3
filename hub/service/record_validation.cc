#include "hub/service/record_validation.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "hub/common/errors.h"
#include "hub/common/status_macros.h"
#include "hub/common/string_view.h"
#include "hub/normalize/text.h"

namespace mdm::service {
namespace {

// Source names and attribute keys are identifiers that end up in metrics,
// configs and file names: keep them to a safe alphabet.
bool IsIdentifier(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' &&
        c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

absl::Status CheckText(absl::string_view field, absl::string_view value,
                       size_t max) {
  if (value.size() > max) {
    return FieldError(field, absl::StrCat("longer than ", max, " bytes (",
                                          value.size(), ")"));
  }
  if (!normalize::IsValidUtf8(ToStd(value))) {
    return FieldError(field, "not valid UTF-8");
  }
  return absl::OkStatus();
}

absl::Status CheckList(absl::string_view field,
                       const std::vector<std::string>& values, size_t max_len) {
  if (values.size() > kMaxListValues) {
    return FieldError(field, absl::StrCat("more than ", kMaxListValues,
                                          " values (", values.size(), ")"));
  }
  for (size_t i = 0; i < values.size(); ++i) {
    RETURN_IF_ERROR(
        CheckText(absl::StrCat(field, "[", i, "]"), values[i], max_len));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateRecordKey(const RecordKey& key, absl::string_view prefix) {
  const std::string dot = prefix.empty() ? "" : ".";
  const std::string source = absl::StrCat(prefix, dot, "source");
  const std::string id = absl::StrCat(prefix, dot, "source_record_id");
  if (key.source.empty()) return FieldError(source, "required");
  if (key.source.size() > kMaxSourceLength || !IsIdentifier(key.source)) {
    return FieldError(source, absl::StrCat("must be 1-", kMaxSourceLength,
                                           " characters of A-Z a-z 0-9 _ - ."));
  }
  if (key.source_record_id.empty()) return FieldError(id, "required");
  return CheckText(id, key.source_record_id, kMaxRecordIdLength);
}

absl::Status ValidateRecord(const SourceRecord& r, absl::string_view prefix) {
  RETURN_IF_ERROR(ValidateRecordKey(r.key, prefix));
  auto f = [&](absl::string_view name) {
    return absl::StrCat(prefix, ".", name);
  };
  RETURN_IF_ERROR(CheckText(f("name"), r.name, kMaxTextLength));
  RETURN_IF_ERROR(CheckText(f("national_id"), r.national_id, 64));
  RETURN_IF_ERROR(CheckText(f("birth_date"), r.birth_date, 64));
  RETURN_IF_ERROR(CheckList(f("phones"), r.phones, 64));
  RETURN_IF_ERROR(CheckList(f("emails"), r.emails, 320));
  RETURN_IF_ERROR(
      CheckText(f("address.address_line"), r.address.line, kMaxTextLength));
  RETURN_IF_ERROR(CheckText(f("address.city"), r.address.city, kMaxTextLength));
  RETURN_IF_ERROR(
      CheckText(f("address.region"), r.address.region, kMaxTextLength));
  RETURN_IF_ERROR(
      CheckText(f("address.postal_code"), r.address.postal_code, 64));
  RETURN_IF_ERROR(CheckText(f("address.country"), r.address.country, 64));
  if (r.updated_at_us < 0) {
    return FieldError(f("updated_at"), "before 1970-01-01");
  }
  if (r.source_version < 0) {
    return FieldError(f("source_version"), "must not be negative");
  }
  if (r.attributes.size() > kMaxAttributes) {
    return FieldError(f("attributes"),
                      absl::StrCat("more than ", kMaxAttributes, " entries"));
  }
  for (const auto& [key, value] : r.attributes) {
    const std::string field = absl::StrCat(prefix, ".attributes[", key, "]");
    if (key.empty() || key.size() > kMaxAttributeKeyLength ||
        !IsIdentifier(key)) {
      return FieldError(field,
                        absl::StrCat("key must be 1-", kMaxAttributeKeyLength,
                                     " characters of A-Z a-z 0-9 _ - ."));
    }
    RETURN_IF_ERROR(CheckText(field, value, kMaxAttributeValueLength));
  }
  return absl::OkStatus();
}

}  // namespace mdm::service
