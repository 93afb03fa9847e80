#include "sandbox/job_limiter.h"

#include <algorithm>

namespace t2s {

JobLimiter::JobLimiter(int jobs) : jobs_(std::max(jobs, 1)) {}

bool JobLimiter::TryAcquire() {
  std::lock_guard<std::mutex> lock(mu_);
  if (in_use_ >= jobs_) return false;
  peak_ = std::max(peak_, ++in_use_);
  return true;
}

void JobLimiter::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  freed_.wait(lock, [this] { return in_use_ < jobs_; });
  peak_ = std::max(peak_, ++in_use_);
}

void JobLimiter::Release() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (in_use_ > 0) --in_use_;
  }
  freed_.notify_one();
}

int JobLimiter::in_use() const {
  std::lock_guard<std::mutex> lock(mu_);
  return in_use_;
}

int JobLimiter::peak() const {
  std::lock_guard<std::mutex> lock(mu_);
  return peak_;
}

}  // namespace t2s
