// Stderr output of `mdmctl import`: row issues from the CSV-reading thread and
// the hub-response thread, interleaved whole-line, plus an optional progress
// line that is cleared before each issue and at the end. Thread-safe.
#pragma once

#include <cstdint>
#include <ostream>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "clients/mdmctl/row_issue.h"

namespace mdm::ctl {

class ImportReporter {
 public:
  // `total_bytes` (0 if unknown) turns the progress line into a percentage.
  ImportReporter(std::ostream& err, bool show_progress, uint64_t total_bytes);

  void Issue(const RowIssue& issue);
  // Redraws the progress line at most ten times a second.
  void Progress(int64_t rows_read, int64_t acknowledged, uint64_t bytes_read);
  // Clears the progress line.
  void Done();

 private:
  void ClearLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const bool show_progress_;
  const uint64_t total_bytes_;
  const absl::Time start_;
  absl::Mutex mu_;
  std::ostream& err_ ABSL_GUARDED_BY(mu_);
  bool line_shown_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time last_draw_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace mdm::ctl
