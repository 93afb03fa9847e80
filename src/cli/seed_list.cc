#include "cli/seed_list.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace t2s {

Result<std::vector<int64_t>> ParseSeedList(std::string_view text) {
  std::vector<int64_t> seeds;
  auto bad = [&] {
    return Status::InvalidArgument(fmt::format(
        "--seeds \"{}\": expected comma-separated whole numbers, e.g. 41,42,43", text));
  };
  std::string_view rest = text;
  while (true) {
    size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    int64_t seed = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), seed);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size() || seed < 0) {
      return bad();
    }
    if (std::find(seeds.begin(), seeds.end(), seed) != seeds.end()) {
      return Status::InvalidArgument(
          fmt::format("--seeds \"{}\": seed {} is given twice", text, seed));
    }
    seeds.push_back(seed);
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  return seeds;
}

}  // namespace t2s
