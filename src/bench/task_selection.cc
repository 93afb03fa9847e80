// SelectTasks (declared in suite.h): Python slice semantics over task indices.
#include <fmt/format.h>

#include <charconv>
#include <optional>

#include "base/text.h"
#include "bench/suite.h"

namespace t2s {
namespace {

// An optionally signed whole number; nullopt for anything else.
std::optional<long long> ParseIndex(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool negative = text.front() == '-';
  if (negative || text.front() == '+') text.remove_prefix(1);
  if (text.empty() || text.front() == '-' || text.front() == '+') return std::nullopt;
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return negative ? -value : value;
}

// Python's rule for one end of a slice: negative counts from the end, then
// clamped to [0, size].
size_t ClampEnd(long long index, size_t size) {
  long long n = static_cast<long long>(size);
  if (index < 0) index += n;
  if (index < 0) return 0;
  if (index > n) return size;
  return static_cast<size_t>(index);
}

}  // namespace

Result<std::vector<size_t>> SelectTasks(const Suite& suite, std::string_view range) {
  const size_t size = suite.tasks.size();
  std::vector<size_t> picked;
  std::string_view text = Trim(range);
  if (text.empty()) {
    for (size_t i = 0; i < size; ++i) picked.push_back(i);
    return picked;
  }
  auto malformed = [&] {
    return Status::InvalidArgument(
        fmt::format("task range \"{}\": expected A:B, A:, :B or an index (a Python slice of task "
                    "indices, e.g. 0:200)",
                    range));
  };
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    std::optional<long long> index = ParseIndex(text);
    if (!index) return malformed();
    long long n = static_cast<long long>(size);
    long long at = *index < 0 ? *index + n : *index;
    if (at < 0 || at >= n) {
      return Status::InvalidArgument(
          fmt::format("task range \"{}\": no task {} (the suite has {})", range, *index, size));
    }
    picked.push_back(static_cast<size_t>(at));
    return picked;
  }
  std::string_view a = Trim(text.substr(0, colon));
  std::string_view b = Trim(text.substr(colon + 1));
  std::optional<long long> start = a.empty() ? std::optional<long long>(0) : ParseIndex(a);
  std::optional<long long> stop =
      b.empty() ? std::optional<long long>(static_cast<long long>(size)) : ParseIndex(b);
  if (!start || !stop) return malformed();
  for (size_t i = ClampEnd(*start, size), end = ClampEnd(*stop, size); i < end; ++i) {
    picked.push_back(i);
  }
  if (picked.empty()) {
    return Status::InvalidArgument(
        fmt::format("task range \"{}\": selects no task (the suite has {})", range, size));
  }
  return picked;
}

Result<std::vector<size_t>> ShardTasks(const ShardSpec& s, std::vector<size_t> selected) {
  auto [first, last] = ShardRange(s, selected.size());
  if (first == last) {
    return Status::InvalidArgument(fmt::format("task range: shard {}/{} selects no task (the range holds {})",
                                               s.index, s.count, selected.size()));
  }
  return std::vector<size_t>(selected.begin() + static_cast<std::ptrdiff_t>(first),
                             selected.begin() + static_cast<std::ptrdiff_t>(last));
}

}  // namespace t2s
