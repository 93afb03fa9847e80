// --seeds 41,42,43: the seeds of eval and loop.
#ifndef T2S_CLI_SEED_LIST_H_
#define T2S_CLI_SEED_LIST_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace t2s {

// Comma-separated non-negative integers, each once:
//   --seeds "41,x": expected comma-separated whole numbers, e.g. 41,42,43
//   --seeds "41,41": seed 41 is given twice
Result<std::vector<int64_t>> ParseSeedList(std::string_view text);

}  // namespace t2s

#endif  // T2S_CLI_SEED_LIST_H_
