// The files a suite run leaves in OUT: trajectories.jsonl, results.json
// (t2s.results/1) and report.html, each replaced atomically.
#ifndef T2S_BENCH_RUN_OUTPUTS_H_
#define T2S_BENCH_RUN_OUTPUTS_H_

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "bench/suite_run.h"

namespace t2s {

inline constexpr std::string_view kResultsSchema = "t2s.results/1";

struct RunIdentity {
  std::string suite_name;
  std::string suite;  // as given: a folder or spreadsheetbench:PATH
  std::string skill;  // the skill's folder name, or "none"
  std::string model;
};

// The results document, for results.json:
//   {"schema": "t2s.results/1", "suite", "suite_path", "skill", "model",
//    "summary": {"tasks", "pass", "fail", "error", "unfinished", "pass_rate",
//                "prompt_tokens", "completion_tokens", "cost_usd", "seconds"},
//    "tasks": [{"id", "verdict", "detail", "turns", "tool_calls",
//               "tokens": {"prompt", "completion"}, "cost_usd", "seconds",
//               "finished"}]}
// pass_rate counts pass over finished tasks (null when none finished).
// {"paid_tokens", "paid_cost_usd", "cached_turns", "cached_tokens",
// "cached_cost_usd"}: results.json's and eval.json's "this_run".
nlohmann::ordered_json RunSpendJson(const RunSpend& spend);

std::string ResultsJson(const RunIdentity& identity, const SuiteRunSummary& summary);

// The inverse of ResultsJson for what it keeps of each task and the run's
// identity (counts are recomputed; this_run is not read). Errors name
// `source` and the field.
Result<SuiteRunSummary> ParseResultsJson(std::string_view text, std::string_view source,
                                         RunIdentity* identity);

Status WriteRunOutputs(const std::filesystem::path& out, const RunIdentity& identity,
                       const SuiteRunSummary& summary,
                       const std::vector<std::string>& trajectory_lines);

}  // namespace t2s

#endif  // T2S_BENCH_RUN_OUTPUTS_H_
