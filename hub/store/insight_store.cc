#include "hub/store/insight_store.h"

namespace mdm {

absl::Status ValidateInsightItem(const InsightItem& item) {
  if (item.kind.empty() || item.key.empty())
    return absl::InvalidArgumentError("insight item needs a kind and a key");
  if (item.key.size() > 255)
    return absl::InvalidArgumentError("insight item key longer than 255 bytes");
  return absl::OkStatus();
}

}  // namespace mdm
