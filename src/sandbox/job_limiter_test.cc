#include "sandbox/job_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace t2s {
namespace {

TEST(JobLimiterTest, TryAcquireStopsAtTheCap) {
  JobLimiter limiter(2);
  EXPECT_TRUE(limiter.TryAcquire());
  EXPECT_TRUE(limiter.TryAcquire());
  EXPECT_FALSE(limiter.TryAcquire());
  limiter.Release();
  EXPECT_TRUE(limiter.TryAcquire());
  EXPECT_EQ(limiter.in_use(), 2);
  EXPECT_EQ(limiter.peak(), 2);
}

TEST(JobLimiterTest, ZeroJobsMeansOne) {
  JobLimiter limiter(0);
  EXPECT_EQ(limiter.jobs(), 1);
  EXPECT_TRUE(limiter.TryAcquire());
  EXPECT_FALSE(limiter.TryAcquire());
}

TEST(JobLimiterTest, AcquireWaitsAcrossThreads) {
  JobLimiter limiter(3);
  std::atomic<int> inside{0};
  std::atomic<int> most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        limiter.Acquire();
        int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        --inside;
        limiter.Release();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_LE(most.load(), 3);
  EXPECT_EQ(limiter.peak(), most.load());
  EXPECT_EQ(limiter.in_use(), 0);
}

}  // namespace
}  // namespace t2s
