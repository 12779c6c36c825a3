#include "hub/api/call_gate.h"

#include <optional>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "hub/common/retry_delay.h"

namespace mdm::api {
namespace {

// The verdict the interceptor wrote, if any.
std::optional<std::string> Verdict(const grpc::ServerContextBase& ctx) {
  const auto& md = ctx.client_metadata();
  auto it = md.find(kVerdictKey);
  if (it == md.end()) return std::nullopt;
  return std::string(it->second.data(), it->second.size());
}

}  // namespace

std::string EncodeVerdict(const absl::Status& verdict) {
  if (verdict.ok()) return "ok";
  return absl::StrCat(static_cast<int>(verdict.code()), " ",
                      RetryDelayOf(verdict).value_or(-1), " ",
                      verdict.message());
}

absl::Status CallVerdict(const grpc::ServerContextBase& ctx) {
  std::optional<std::string> v = Verdict(ctx);
  if (!v.has_value()) {
    return absl::PermissionDeniedError(
        "no access check ran for this call (server misconfigured)");
  }
  if (*v == "ok") return absl::OkStatus();
  // "CODE RETRY_MS MESSAGE"; RETRY_MS is -1 without a retry delay.
  std::vector<std::string> parts = absl::StrSplit(*v, absl::MaxSplits(' ', 2));
  int code = 0;
  int64_t retry_ms = -1;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &code) || code <= 0 ||
      code > 16 || !absl::SimpleAtoi(parts[1], &retry_ms)) {
    return absl::PermissionDeniedError("unreadable access verdict");
  }
  absl::Status s(static_cast<absl::StatusCode>(code), parts[2]);
  return retry_ms < 0 ? s : WithRetryDelay(std::move(s), retry_ms);
}

}  // namespace mdm::api
