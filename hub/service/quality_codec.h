// JSON form of a quality report, as snapshots are stored in the
// InsightStore.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "hub/insight/quality.h"

namespace mdm::service {

std::string EncodeQualityReport(const insight::QualityReport& report);
// InvalidArgument for text that is not such JSON.
absl::StatusOr<insight::QualityReport> DecodeQualityReport(
    const std::string& text);

}  // namespace mdm::service
