// JobLimiter: at most N tool processes at once, shared by every caller.
//
// One limiter is made per run (N = --jobs) and handed to every ToolRunner,
// whether the runners live on one event loop or on several threads; the cap
// holds across all of them. Thread-safe.
#ifndef T2S_SANDBOX_JOB_LIMITER_H_
#define T2S_SANDBOX_JOB_LIMITER_H_

#include <condition_variable>
#include <mutex>

namespace t2s {

class JobLimiter {
 public:
  // `jobs` < 1 is treated as 1.
  explicit JobLimiter(int jobs);
  JobLimiter(const JobLimiter&) = delete;
  JobLimiter& operator=(const JobLimiter&) = delete;

  // Takes a slot when one is free; never blocks. True when taken.
  bool TryAcquire();
  // Takes a slot, waiting for one (for callers on worker threads).
  void Acquire();
  // Gives back a slot taken by TryAcquire or Acquire.
  void Release();

  int jobs() const { return jobs_; }
  int in_use() const;
  // The most slots ever held at once (for tests and reports).
  int peak() const;

 private:
  const int jobs_;
  mutable std::mutex mu_;
  std::condition_variable freed_;
  int in_use_ = 0;
  int peak_ = 0;
};

}  // namespace t2s

#endif  // T2S_SANDBOX_JOB_LIMITER_H_
