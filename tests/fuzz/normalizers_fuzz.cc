// libFuzzer target: every normalizer (hub/normalize) on arbitrary bytes,
// plus the whole feature extraction of a record built from them. The
// normalizers take any text (validation of UTF-8 happens before them, but
// they must not crash without it); findings are crashes, sanitizer reports,
// and an E.164 phone or a date that does not survive formatting.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "hub/normalize/date.h"
#include "hub/normalize/email.h"
#include "hub/normalize/name.h"
#include "hub/normalize/national_id.h"
#include "hub/normalize/phone.h"
#include "hub/normalize/record_features.h"
#include "hub/normalize/text.h"

namespace mdm::normalize {
namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace
}  // namespace mdm::normalize

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace mdm::normalize;  // NOLINT: a fuzz target's body
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  if (auto date = ParseDate(text); date.ok()) {
    auto again = ParseDate(FormatDate(*date));
    Check(again.ok() && FormatDate(*again) == FormatDate(*date));
  }
  (void)NormalizeEmail(text);
  NormalizeName(text, mdm::Kind::kPerson);
  NormalizeName(text, mdm::Kind::kOrganization);
  (void)ToPinyin(text);
  (void)NormalizeNationalId(text);
  if (auto phone = NormalizePhone(text); phone.ok()) {
    auto again = NormalizePhone(*phone);
    Check(again.ok() && *again == *phone);
  }
  (void)IsValidUtf8(text);
  (void)FoldText(text);
  (void)ContainsHan(text);

  mdm::SourceRecord record;
  record.name = std::string(text);
  record.national_id = std::string(text);
  record.birth_date = std::string(text);
  record.phones = {std::string(text)};
  record.emails = {std::string(text)};
  (void)ExtractFeatures(record);
  return 0;
}
