#include "hub/service/helper_thread.h"

namespace mdm::service {

HelperThread::HelperThread() : thread_([this] { Loop(); }) {}

HelperThread::~HelperThread() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void HelperThread::Loop() {
  absl::MutexLock lock(&mu_);
  while (true) {
    mu_.Await(absl::Condition(
        +[](HelperThread* h) ABSL_NO_THREAD_SAFETY_ANALYSIS {
          return h->stopping_ || h->task_ != nullptr;  // Await holds mu_
        },
        this));
    if (task_ == nullptr) return;  // stopping, nothing pending
    const absl::FunctionRef<void()>* task = task_;
    mu_.Unlock();
    (*task)();
    mu_.Lock();
    task_ = nullptr;
    done_ = true;
  }
}

void HelperThread::RunBoth(absl::FunctionRef<void()> helper_part,
                           absl::FunctionRef<void()> own_part) {
  if (!user_mu_.TryLock()) {  // another caller has the helper: no waiting
    helper_part();
    own_part();
    return;
  }
  {
    absl::MutexLock lock(&mu_);
    task_ = &helper_part;
    done_ = false;
  }
  own_part();
  {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&done_));
  }
  user_mu_.Unlock();
}

}  // namespace mdm::service
