#include "base/shard_spec.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <charconv>
#include <cstdint>
#include <optional>

namespace t2s {
namespace {

// A size at the start of `text`, consumed; nullopt when there is none.
std::optional<size_t> TakeNumber(std::string_view* text) {
  size_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end == text->data()) return std::nullopt;
  text->remove_prefix(static_cast<size_t>(end - text->data()));
  return value;
}

}  // namespace

Result<ShardSpec> ParseShardSpec(std::string_view text, std::string_view flag) {
  std::string_view rest = text;
  std::optional<size_t> index = TakeNumber(&rest);
  std::optional<size_t> count;
  if (index && !rest.empty() && rest.front() == '/') {
    rest.remove_prefix(1);
    count = TakeNumber(&rest);
  }
  if (!index || !count || !rest.empty() || *index < 1 || *index > *count) {
    return Status::InvalidArgument(
        fmt::format("{}: expected i/n with 1 <= i <= n (e.g. 2/8), got \"{}\"", flag, text));
  }
  return ShardSpec{*index, *count};
}

std::pair<size_t, size_t> ShardRange(const ShardSpec& s, size_t n) {
  return {n * (s.index - 1) / s.count, n * s.index / s.count};
}

Result<std::vector<size_t>> OrderShards(const std::vector<ShardSpec>& specs,
                                        const std::vector<std::string>& names,
                                        std::string_view flag) {
  if (specs.empty()) return Status::InvalidArgument(fmt::format("{}: no shard given", flag));
  const size_t n = specs[0].count;
  std::vector<size_t> at(n + 1, SIZE_MAX);  // shard index -> k
  for (size_t k = 0; k < specs.size(); ++k) {
    const ShardSpec& s = specs[k];
    if (s.count != n) {
      return Status::FailedPrecondition(
          fmt::format("{}: {} is shard {}/{}, {} is shard {}/{}: one job's shards share n", flag,
                      names[k], s.index, s.count, names[0], specs[0].index, n));
    }
    if (at[s.index] != SIZE_MAX) {
      return Status::FailedPrecondition(fmt::format("{}: shard {}/{} is given twice ({} and {})",
                                                    flag, s.index, n, names[at[s.index]], names[k]));
    }
    at[s.index] = k;
  }
  std::vector<size_t> missing;
  for (size_t i = 1; i <= n; ++i) {
    if (at[i] == SIZE_MAX) missing.push_back(i);
  }
  if (!missing.empty()) {
    return Status::FailedPrecondition(fmt::format(
        "{}: shard{} {} of {} {} missing: give every shard of the job", flag,
        missing.size() == 1 ? "" : "s", fmt::join(missing, ", "), n,
        missing.size() == 1 ? "is" : "are"));
  }
  return std::vector<size_t>(at.begin() + 1, at.end());
}

std::string ShardName(const ShardSpec& s) {
  return s.count == 1 ? std::string() : fmt::format("{}/{}", s.index, s.count);
}

}  // namespace t2s
