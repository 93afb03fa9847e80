#include "sandbox/capped_output.h"

#include <fmt/format.h>

#include <algorithm>

namespace t2s {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

CappedOutput::CappedOutput(size_t limit)
    : limit_(limit), head_limit_(limit / 2), tail_limit_(limit - limit / 2) {}

void CappedOutput::Append(std::string_view bytes) {
  total_ += bytes.size();
  if (head_.size() < head_limit_) {
    size_t take = std::min(bytes.size(), head_limit_ - head_.size());
    head_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
  }
  tail_.append(bytes);
  // Trim only when the tail has grown well past its limit: amortised O(1).
  if (tail_.size() > 2 * tail_limit_ + 4096) tail_.erase(0, tail_.size() - tail_limit_);
}

std::string CappedOutput::Text() const {
  if (!cut()) return head_ + tail_;
  std::string_view head = head_;
  std::string_view tail = tail_;
  if (tail.size() > tail_limit_) tail.remove_prefix(tail.size() - tail_limit_);
  // Do not end the head inside a character: drop a trailing partial one.
  size_t lead = head.size();
  while (lead > 0 && IsContinuation(head[lead - 1]) && head.size() - lead < 3) --lead;
  if (lead > 0) {
    unsigned char c = static_cast<unsigned char>(head[lead - 1]);
    size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (head.size() - (lead - 1) < need) head = head.substr(0, lead - 1);
  }
  // Do not start the tail inside a character.
  while (!tail.empty() && IsContinuation(tail.front())) tail.remove_prefix(1);
  size_t cut_bytes = total_ - head.size() - tail.size();
  return fmt::format("{}\n[... {} bytes cut ...]\n{}", head, cut_bytes, tail);
}

}  // namespace t2s
