#include "hub/api/page_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "hub/common/errors.h"

namespace mdm::api {
namespace {
// Parts are joined with a byte that cannot occur in valid UTF-8 text.
constexpr char kSeparator = '\xff';
constexpr absl::string_view kVersion = "1";
}  // namespace

std::string EncodePageToken(const std::vector<std::string>& parts) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(kVersion, std::string(1, kSeparator),
                   absl::StrJoin(parts, std::string(1, kSeparator))));
}

absl::StatusOr<std::vector<std::string>> DecodePageToken(
    absl::string_view token, size_t expected_parts) {
  if (token.empty()) return std::vector<std::string>(expected_parts);
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) {
    return FieldError("page_token", "not a token this server issued");
  }
  std::vector<std::string> parts = absl::StrSplit(raw, kSeparator);
  if (parts.size() != expected_parts + 1 || parts[0] != kVersion) {
    return FieldError("page_token", "not a token this server issued");
  }
  parts.erase(parts.begin());
  return parts;
}

absl::StatusOr<int> PageSize(int requested, int default_size, int max) {
  if (requested == 0) return default_size;
  if (requested < 0 || requested > max) {
    return FieldError("page_size", absl::StrCat("must be between 1 and ", max,
                                                " (0 = ", default_size, ")"));
  }
  return requested;
}

}  // namespace mdm::api
