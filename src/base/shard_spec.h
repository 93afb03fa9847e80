// One share of a job split across machines ("--shard i/n"): evolve's
// analysis, run's and eval's tasks. Shards are contiguous ranges in a
// stable order, so the shards of one job together take every item once.
#ifndef T2S_BASE_SHARD_SPEC_H_
#define T2S_BASE_SHARD_SPEC_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace t2s {

// Shard `index` of `count`, 1-based.
struct ShardSpec {
  size_t index = 1;
  size_t count = 1;
};

// "i/n" with 1 <= i <= n. The error names `flag`:
//   --shard: expected i/n with 1 <= i <= n (e.g. 2/8), got "0/4"
Result<ShardSpec> ParseShardSpec(std::string_view text, std::string_view flag);

// The range [first, last) of `n` items that shard `s` takes: contiguous,
// in order, sizes differing by at most one.
std::pair<size_t, size_t> ShardRange(const ShardSpec& s, size_t n);

// Puts the shards of one job in order: `specs[k]` is the shard folder
// `names[k]` holds. Returns, for i = 1..n, the k holding shard i. Errors
// (prefixed with `flag`): shards of different n, a shard given twice,
// missing shards:
//   --merge-from: shard 1/3 is given twice (a and b)
//   --merge-from: shard 3 of 3 is missing: merge every shard of the run
Result<std::vector<size_t>> OrderShards(const std::vector<ShardSpec>& specs,
                                        const std::vector<std::string>& names,
                                        std::string_view flag);

// "2/8", or "" for the whole job (1/1).
std::string ShardName(const ShardSpec& s);

}  // namespace t2s

#endif  // T2S_BASE_SHARD_SPEC_H_
