// eval.json (t2s.eval/1); report.html is rendered from it (report/eval_page.h).
//
// eval.json:
//   {"schema": "t2s.eval/1", "title", "suite", "suite_name", "tasks", "seeds", "alpha",
//    "complete", "stop_reason", "shard" ("i/n", only in the folder of one shard),
//    "combined_from" (eval --combine: the shards' folders),
//    "skills": [{"label", "skill" (folder or null), "pass", "finished", "pass_rate",
//                "interval": [low, high] (Wilson, 95 %), "seed_mean", "seed_sd",
//                "seeds": [{"seed", "pass", "finished", "pass_rate"}],
//                "by_type": [{"type", "pass", "finished", "pass_rate", "interval"}],
//                "vs_reference": null | {"reference", "pairs", "only_this_passed",
//                                        "only_reference_passed", "p_value", "significant",
//                                        "verdict": "better" | "worse" |
//                                                   "no significant difference", "text"},
//                "unfinished", "tokens": {"prompt", "completion"}, "cost_usd", "seconds",
//                "runs": ["runs/<label>/seed-<s>", ...]}],
//    "tasks_table": [{"id", "type", "verdicts": {"<label>": ["pass", "fail", ...] per seed}}]}
// "tasks" is the range as given ("" = all); pass_rate is null when nothing
// finished; a (task, seed) not run is "".
#ifndef T2S_BENCH_EVAL_REPORT_H_
#define T2S_BENCH_EVAL_REPORT_H_

#include <string>

#include "bench/eval_summary.h"

namespace t2s {

inline constexpr std::string_view kEvalSchema = "t2s.eval/1";

std::string EvalJson(const EvalSummary& summary, const std::string& stop_reason);

// The rows people read on the terminal: one line per skill.
//   S0     12/30 pass  40.0 % [24.6, 57.7]  no significant difference (p = 1)
std::string EvalText(const EvalSummary& summary);

}  // namespace t2s

#endif  // T2S_BENCH_EVAL_REPORT_H_
