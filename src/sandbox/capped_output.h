// CappedOutput: a tool's output kept within a byte limit, head and tail.
//
// Bytes stream in as the process writes them; memory stays O(limit) however
// much is written. When more than `limit` bytes arrive, the first half of the
// limit and the last half are kept and the middle is replaced by one line:
//   "\n[... 12345 bytes cut ...]\n"
// Cuts move to UTF-8 character boundaries, so a cut never splits a character
// (the count names exactly the bytes left out).
#ifndef T2S_SANDBOX_CAPPED_OUTPUT_H_
#define T2S_SANDBOX_CAPPED_OUTPUT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace t2s {

class CappedOutput {
 public:
  explicit CappedOutput(size_t limit);

  void Append(std::string_view bytes);

  // Bytes received so far.
  size_t total() const { return total_; }
  bool cut() const { return total_ > limit_; }
  // The kept output, with the cut note when something was left out.
  std::string Text() const;

 private:
  size_t limit_;
  size_t head_limit_;
  size_t tail_limit_;
  size_t total_ = 0;
  std::string head_;
  std::string tail_;  // the last bytes after the head; trimmed lazily
};

}  // namespace t2s

#endif  // T2S_SANDBOX_CAPPED_OUTPUT_H_
