#include "clients/mdmctl/import_reporter.h"

#include "absl/strings/str_format.h"

namespace mdm::ctl {

ImportReporter::ImportReporter(std::ostream& err, bool show_progress,
                               uint64_t total_bytes)
    : show_progress_(show_progress),
      total_bytes_(total_bytes),
      start_(absl::Now()),
      err_(err) {}

void ImportReporter::Issue(const RowIssue& issue) {
  absl::MutexLock lock(&mu_);
  ClearLocked();
  err_ << FormatRowIssue(issue) << '\n';
}

void ImportReporter::Progress(int64_t rows_read, int64_t acknowledged,
                              uint64_t bytes_read) {
  if (!show_progress_) return;
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&mu_);
  if (now - last_draw_ < absl::Milliseconds(100)) return;
  last_draw_ = now;
  const double seconds = absl::ToDoubleSeconds(now - start_);
  std::string line = absl::StrFormat(
      "\r\033[K%d rows read, %d acknowledged, %.0f rows/s", rows_read,
      acknowledged, seconds > 0 ? rows_read / seconds : 0.0);
  if (total_bytes_ > 0) {
    absl::StrAppendFormat(&line, ", %.0f%%",
                          100.0 * static_cast<double>(bytes_read) /
                              static_cast<double>(total_bytes_));
  }
  err_ << line << std::flush;
  line_shown_ = true;
}

void ImportReporter::Done() {
  absl::MutexLock lock(&mu_);
  ClearLocked();
}

void ImportReporter::ClearLocked() {
  if (!line_shown_) return;
  err_ << "\r\033[K";
  line_shown_ = false;
}

}  // namespace mdm::ctl
