// eval --combine: the folders of an eval's shards (eval --shard i/n, each
// on its share of the tasks) joined into one eval folder, as one eval over
// all the tasks would have written it: runs/<label>/seed-<s>/ with the
// joined results.json and trajectories.jsonl (the workspaces stay in the
// shards), eval.json with the statistics over every task, report.html.
#ifndef T2S_BENCH_EVAL_COMBINE_H_
#define T2S_BENCH_EVAL_COMBINE_H_

#include <string>
#include <vector>

#include "base/result.h"
#include "bench/eval_summary.h"

namespace t2s {

struct CombinedEval {
  EvalSummary summary;
  std::string stop_reason;  // the shards' reasons, joined ("" when every one finished)
};

// Errors (one line): a folder without eval.json, shards of different
// suites, task ranges, skills, seeds or alpha, a shard given twice or
// missing, an --out that holds other files (unless `force`).
Result<CombinedEval> CombineEvals(const std::vector<std::string>& dirs, const std::string& out,
                                  bool force);

}  // namespace t2s

#endif  // T2S_BENCH_EVAL_COMBINE_H_
