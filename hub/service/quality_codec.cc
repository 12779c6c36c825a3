#include "hub/service/quality_codec.h"

#include <nlohmann/json.hpp>

namespace mdm::insight {

// nlohmann's ADL hooks: one field list per type, used both ways.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(AttributeQuality, attribute, present,
                                   checked, valid, completeness, validity)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SourceQuality, source, records, entities,
                                   duplicate_rate, mean_age_days, stale_share,
                                   attributes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ConflictRate, attribute, compared, conflicts,
                                   rate)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(QualityReport, taken_at_us, records,
                                   entities, records_per_entity, sources,
                                   conflicts)

}  // namespace mdm::insight

namespace mdm::service {

std::string EncodeQualityReport(const insight::QualityReport& report) {
  return nlohmann::json(report).dump();
}

absl::StatusOr<insight::QualityReport> DecodeQualityReport(
    const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    return absl::InvalidArgumentError("quality snapshot is not JSON");
  }
  try {
    return j.get<insight::QualityReport>();
  } catch (const nlohmann::json::exception& e) {
    return absl::InvalidArgumentError(e.what());
  }
}

}  // namespace mdm::service
