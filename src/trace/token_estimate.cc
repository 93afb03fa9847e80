#include "trace/token_estimate.h"

#include <cstdint>
#include <cstring>

namespace t2s {

size_t EstimateTokens(std::string_view text) {
  // Counts ASCII bytes, and the first bytes of multi-byte code points (0xC0
  // and up), eight bytes at a time.
  // Bits set only at 0x80 of each byte are counted by summing the bytes
  // (a popcount instruction is not in the baseline x86-64 target).
  constexpr uint64_t kHigh = 0x8080808080808080ULL, kOnes = 0x0101010101010101ULL;
  auto high_bits = [](uint64_t v) { return static_cast<size_t>((((v >> 7) * kOnes) >> 56)); };
  size_t ascii = 0, other = 0, i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    ascii += 8 - high_bits(w & kHigh);
    other += high_bits(w & (w << 1) & kHigh);
  }
  for (; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    ascii += c < 0x80;
    other += c >= 0xC0;
  }
  return (ascii + 3) / 4 + other;
}

size_t EstimateTokens(const Trajectory& t) {
  size_t n = EstimateTokens(t.task);
  for (const Step& s : t.steps) {
    n += EstimateTokens(s.content) + EstimateTokens(s.reasoning);
    for (const ToolCall& c : s.tool_calls)
      n += EstimateTokens(c.name) + EstimateTokens(c.arguments);
  }
  return n;
}

}  // namespace t2s
