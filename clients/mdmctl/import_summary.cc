#include "clients/mdmctl/import_summary.h"

#include "absl/strings/str_format.h"

namespace mdm::ctl {

ImportSummary& ImportSummary::operator+=(const ImportSummary& other) {
  rows_read += other.rows_read;
  accepted += other.accepted;
  rejected += other.rejected;
  warnings += other.warnings;
  for (size_t i = 0; i < outcomes.size(); ++i) outcomes[i] += other.outcomes[i];
  return *this;
}

void PrintImportSummary(std::ostream& out, OutputFormat format,
                        const ImportSummary& s) {
  const double rate = s.seconds > 0 ? s.rows_read / s.seconds : 0.0;
  const auto& o = s.outcomes;
  if (format == OutputFormat::kJson) {
    out << absl::StrFormat(
        "{\"rowsRead\":%d,\"accepted\":%d,\"created\":%d,\"linked\":%d,"
        "\"merged\":%d,\"updated\":%d,\"unchanged\":%d,\"stale\":%d,"
        "\"quarantined\":%d,\"rejected\":%d,\"warnings\":%d,\"seconds\":%.3f,"
        "\"recordsPerSecond\":%.1f}\n",
        s.rows_read, s.accepted, o[mdm::v1::CREATED], o[mdm::v1::LINKED],
        o[mdm::v1::MERGED], o[mdm::v1::UPDATED], o[mdm::v1::UNCHANGED],
        o[mdm::v1::STALE], o[mdm::v1::QUARANTINED], s.rejected, s.warnings,
        s.seconds, rate);
    return;
  }
  out << absl::StrFormat("rows read:  %d\n", s.rows_read)
      << absl::StrFormat(
             "accepted:   %d (created %d, linked %d, merged %d, updated %d, "
             "unchanged %d, stale %d)\n",
             s.accepted, o[mdm::v1::CREATED], o[mdm::v1::LINKED],
             o[mdm::v1::MERGED], o[mdm::v1::UPDATED], o[mdm::v1::UNCHANGED],
             o[mdm::v1::STALE])
      << absl::StrFormat("quarantined: %d\n", o[mdm::v1::QUARANTINED])
      << absl::StrFormat("rejected:   %d\n", s.rejected)
      << absl::StrFormat("warnings:   %d\n", s.warnings)
      << absl::StrFormat("rate:       %.1f records/s (%.2f s)\n", rate,
                         s.seconds);
}

}  // namespace mdm::ctl
