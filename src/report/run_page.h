// The report of a `run` folder (results.json, t2s.results/1, and
// trajectories.jsonl): the task table and one page per trajectory.
#ifndef T2S_REPORT_RUN_PAGE_H_
#define T2S_REPORT_RUN_PAGE_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "report/json_fields.h"

namespace t2s {

struct RunTaskRow {
  std::string id;
  std::string verdict;  // pass | fail | error, or "unfinished"
  std::string detail;   // the checker's message
  int64_t turns = 0;
  int64_t tool_calls = 0;
  int64_t tokens = 0;
  double cost_usd = 0;
  double seconds = 0;
};

// What one invocation paid and what the cache answered ("this_run" of
// results.json and eval.json; absent in older files).
struct ThisRun {
  int64_t paid_tokens = 0, cached_turns = 0, cached_tokens = 0;
  double paid_cost_usd = 0, cached_cost_usd = 0;

  ThisRun& operator+=(const ThisRun& o);
};
std::optional<ThisRun> ParseThisRun(const ReportJson& j);  // j: the "this_run" object

// For a header: "1200 tokens, $0.0045; 10 model turns answered from the
// cache (12000 tokens, $0.0450 when first asked, not paid again)".
std::string ThisRunText(const ThisRun& spend, std::optional<bool> price_known);

struct RunDoc {
  std::string suite;
  std::string suite_path;
  std::string skill;
  std::string model;
  int64_t pass = 0, fail = 0, error = 0, unfinished = 0;
  std::optional<double> pass_rate;
  int64_t tokens = 0;
  double cost_usd = 0;
  double seconds = 0;
  std::optional<bool> price_known;  // absent in older results.json
  std::optional<ThisRun> this_run;
  std::vector<RunTaskRow> tasks;
};

Result<RunDoc> ParseRunDoc(const std::string& text, const std::string& where);

// report.html's text. `when`: when results.json was written.
// `trajectories_note`: why trajectory pages show less, or empty.
std::string RunReportHtml(const RunDoc& doc, const std::string& when,
                          const std::string& trajectories_note);

// Writes trajectories/*.html (from trajectories.jsonl) and report.html.
Status RenderRunReport(const std::filesystem::path& dir);

}  // namespace t2s

#endif  // T2S_REPORT_RUN_PAGE_H_
