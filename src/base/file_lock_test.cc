#include "base/file_lock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "base/file_io.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

TEST(FileLockTest, ASecondHolderIsRefusedWithTheFirstOnesProcessId) {
  testing::TempDir tmp;
  Result<std::unique_ptr<FileLock>> first = FileLock::Acquire(tmp.path() / "run.lock");
  ASSERT_TRUE(first.ok()) << first.status().message();
  Result<std::unique_ptr<FileLock>> second = FileLock::Acquire(tmp.path() / "run.lock");
  EXPECT_EQ(second.status().message(), "held by process " + std::to_string(getpid()));
  first->reset();
  EXPECT_TRUE(FileLock::Acquire(tmp.path() / "run.lock").ok());
}

TEST(FileLockTest, NeverThroughASymbolicLink) {
  testing::TempDir tmp;
  std::filesystem::path victim = tmp.Write("victim.txt", "precious\n");
  std::filesystem::create_symlink(victim, tmp.path() / "run.lock");
  Result<std::unique_ptr<FileLock>> lock = FileLock::Acquire(tmp.path() / "run.lock");
  EXPECT_FALSE(lock.ok());
  EXPECT_EQ(*ReadFile(victim), "precious\n");
}

}  // namespace
}  // namespace t2s
