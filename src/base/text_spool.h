// Texts kept on disk rather than in memory, read back by index: for work
// that makes many large texts in one order and uses them in another (the
// analysts' rendered trajectories). The backing file is removed as soon as
// it is created, so nothing is left behind, even by a killed process.
#ifndef T2S_BASE_TEXT_SPOOL_H_
#define T2S_BASE_TEXT_SPOOL_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace t2s {

class TextSpool {
 public:
  // A spool whose file lives in `dir` (which must exist).
  static Result<std::unique_ptr<TextSpool>> Create(const std::filesystem::path& dir);
  ~TextSpool();
  TextSpool(const TextSpool&) = delete;
  TextSpool& operator=(const TextSpool&) = delete;

  // Stores `text`; returns its index (0, 1, 2, ... in the order added).
  Result<size_t> Add(std::string_view text);
  // The text stored at `index`.
  Result<std::string> Get(size_t index) const;
  size_t size() const { return spans_.size(); }

 private:
  TextSpool(int fd, std::string where) : fd_(fd), where_(std::move(where)) {}
  struct Span {
    uint64_t offset;
    uint64_t size;
  };
  int fd_;
  std::string where_;  // the folder, for messages
  uint64_t end_ = 0;
  std::vector<Span> spans_;
};

}  // namespace t2s

#endif  // T2S_BASE_TEXT_SPOOL_H_
