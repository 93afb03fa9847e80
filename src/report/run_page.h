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
  // This invocation (absent in older results.json): paid now, and answered
  // from the cache.
  bool has_this_run = false;
  int64_t paid_tokens = 0, cached_turns = 0, cached_tokens = 0;
  double paid_cost_usd = 0, cached_cost_usd = 0;
  std::vector<RunTaskRow> tasks;
};

// What one invocation paid and what the cache answered, for a header:
// "1200 tokens, $0.0045; 10 model turns answered from the cache (12000
// tokens, $0.0450 when first asked, not paid again)".
std::string ThisRunText(int64_t paid_tokens, double paid_cost_usd, int64_t cached_turns,
                        int64_t cached_tokens, double cached_cost_usd,
                        std::optional<bool> price_known);

Result<RunDoc> ParseRunDoc(const std::string& text, const std::string& where);

// report.html's text. `when`: when results.json was written.
// `trajectories_note`: why trajectory pages show less, or empty.
std::string RunReportHtml(const RunDoc& doc, const std::string& when,
                          const std::string& trajectories_note);

// Writes trajectories/*.html (from trajectories.jsonl) and report.html.
Status RenderRunReport(const std::filesystem::path& dir);

}  // namespace t2s

#endif  // T2S_REPORT_RUN_PAGE_H_
