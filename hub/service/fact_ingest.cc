#include "hub/service/fact_ingest.h"

#include <cctype>

#include "absl/strings/str_cat.h"
#include "hub/common/errors.h"
#include "hub/common/status_macros.h"
#include "hub/service/record_validation.h"

namespace mdm::service {
namespace {

// "-12", "1280.50": an optional minus, digits, an optional fraction.
bool IsDecimal(std::string_view s) {
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  const size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  auto digits = [](std::string_view d) {
    for (char c : d) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if (whole.empty() || whole.size() > 18 || !digits(whole)) return false;
  if (dot != std::string_view::npos && (fraction.empty() || !digits(fraction)))
    return false;
  return fraction.size() <= 9;
}

bool IsCurrency(std::string_view s) {
  return s.size() == 3 && std::isupper(static_cast<unsigned char>(s[0])) &&
         std::isupper(static_cast<unsigned char>(s[1])) &&
         std::isupper(static_cast<unsigned char>(s[2]));
}

absl::Status CheckText(const char* field, const std::string& value) {
  if (value.size() > kMaxTextLength) {
    return FieldError(field,
                      absl::StrCat("at most ", kMaxTextLength, " bytes"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateFact(const Fact& f) {
  RETURN_IF_ERROR(ValidateRecordKey(f.record, /*prefix=*/""));
  if (f.fact_id.empty() || f.fact_id.size() > kMaxRecordIdLength) {
    return FieldError("fact_id", absl::StrCat("required, at most ",
                                              kMaxRecordIdLength, " bytes"));
  }
  if (f.occurred_at_us <= 0) return FieldError("occurred_at", "required");
  if (f.category == FactCategory::kTransaction) {
    if (!IsDecimal(f.amount)) {
      return FieldError(
          "transaction.amount",
          absl::StrCat("\"", f.amount, "\" is not a decimal like 1280.50"));
    }
    if (!f.profit.empty() && !IsDecimal(f.profit)) {
      return FieldError("transaction.profit",
                        absl::StrCat("\"", f.profit, "\" is not a decimal"));
    }
    if (!f.currency.empty() && !IsCurrency(f.currency)) {
      return FieldError("transaction.currency",
                        "must be an ISO 4217 code like CNY");
    }
  }
  for (const auto& [field, value] :
       {std::pair<const char*, const std::string*>{"kind", &f.kind},
        {"status", &f.status},
        {"channel", &f.channel},
        {"topic", &f.topic},
        {"outcome", &f.outcome}}) {
    RETURN_IF_ERROR(CheckText(field, *value));
  }
  if (f.attributes.size() > kMaxAttributes) {
    return FieldError("attributes",
                      absl::StrCat("at most ", kMaxAttributes, " entries"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<absl::Status>> FactIngest::Ingest(
    const std::vector<Fact>& facts) {
  if (facts.size() > static_cast<size_t>(kMaxFactsPerBatch)) {
    return FieldError("facts",
                      absl::StrCat("at most ", kMaxFactsPerBatch, " per call"));
  }
  std::vector<absl::Status> results;
  std::vector<Fact> valid;
  for (const Fact& f : facts) {
    results.push_back(ValidateFact(f));
    if (results.back().ok()) valid.push_back(f);
  }
  RETURN_IF_ERROR(store_->Put(valid));
  return results;
}

absl::StatusOr<std::vector<Fact>> FactIngest::List(
    std::string_view source, std::string_view source_record_id,
    std::string_view after, int limit) {
  if (source.empty()) return FieldError("source", "required");
  return store_->List(source, source_record_id, after, limit);
}

}  // namespace mdm::service
