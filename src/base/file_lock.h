// FileLock: an exclusive advisory lock (flock) on a file, held while the
// object lives, so that two processes never work in one folder at once. The
// kernel releases it when the process dies, however it dies.
#ifndef T2S_BASE_FILE_LOCK_H_
#define T2S_BASE_FILE_LOCK_H_

#include <filesystem>
#include <memory>

#include "base/result.h"

namespace t2s {

class FileLock {
 public:
  // Creates `path` if needed and locks it without waiting. The file holds
  // the holder's process id. Errors: FailedPrecondition when another
  // process holds it ("held by process 1234"), IoError when it cannot be
  // opened.
  static Result<std::unique_ptr<FileLock>> Acquire(const std::filesystem::path& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace t2s

#endif  // T2S_BASE_FILE_LOCK_H_
