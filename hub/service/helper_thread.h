// One long-lived thread that takes half of a caller's work. Normalization
// keeps per-thread state (ICU transliterators, pinyin and phone memos) that
// costs milliseconds to build and only pays off when the thread lives on: a
// thread started per batch rebuilt all of it for every batch.
//
// Thread-safe. When the helper is busy with another caller's half, the
// caller runs both halves itself rather than wait.
#pragma once

#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/synchronization/mutex.h"

namespace mdm::service {

class HelperThread {
 public:
  HelperThread();
  ~HelperThread();
  HelperThread(const HelperThread&) = delete;
  HelperThread& operator=(const HelperThread&) = delete;

  // Runs `helper_part` on the helper thread and `own_part` on the calling
  // thread, at the same time; returns when both are done.
  void RunBoth(absl::FunctionRef<void()> helper_part,
               absl::FunctionRef<void()> own_part);

 private:
  void Loop();

  // Held by the caller whose half the helper runs, for the whole call.
  absl::Mutex user_mu_;
  absl::Mutex mu_;
  // The half to run; null when none is pending. Points into the caller's
  // frame, which waits until `done_`.
  const absl::FunctionRef<void()>* task_ ABSL_GUARDED_BY(mu_) = nullptr;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace mdm::service
