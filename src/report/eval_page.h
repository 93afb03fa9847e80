// The report of an eval folder (eval.json, t2s.eval/1): the results table
// with 95 % intervals and p-values, a chart, per type and per task; also
// the sections the loop report shows for its selection and test evals.
#ifndef T2S_REPORT_EVAL_PAGE_H_
#define T2S_REPORT_EVAL_PAGE_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "report/run_page.h"

namespace t2s {

struct EvalRate {
  int64_t pass = 0;
  int64_t finished = 0;
  std::optional<double> rate;
  double low = 0, high = 0;
};

struct EvalSkillRow {
  std::string label;
  std::string skill;  // folder, or empty for no skill
  EvalRate overall;
  std::optional<double> seed_mean, seed_sd;
  size_t seeds = 0;
  bool has_reference_test = false;  // false: this row is the reference
  std::string reference;
  int64_t pairs = 0, only_this = 0, only_reference = 0;
  double p_value = 1;
  std::string verdict;  // better | worse | no significant difference
  std::string text;     // "better (p = 0.0005)"
  std::vector<std::pair<std::string, EvalRate>> by_type;
  int64_t unfinished = 0;
  int64_t tokens = 0;
  double cost_usd = 0;
  double seconds = 0;
  std::vector<std::string> runs;  // "runs/<label>/seed-<s>"
};

struct EvalTaskRow {
  std::string id;
  std::string type;
  std::vector<std::vector<std::string>> verdicts;  // per skill row, per seed
};

struct EvalDoc {
  std::string title;
  std::string suite;
  std::string suite_name;
  std::string tasks;
  std::vector<int64_t> seeds;
  double alpha = 0.05;
  bool complete = true;
  std::string stop_reason;
  std::vector<EvalSkillRow> skills;
  std::vector<EvalTaskRow> rows;
  // Absent in an older eval.json.
  std::string model;
  std::string settings;
  std::optional<bool> price_known;
  std::optional<ThisRun> this_run;
};

Result<EvalDoc> ParseEvalDoc(const std::string& text, const std::string& where);
Result<EvalDoc> LoadEvalDoc(const std::filesystem::path& path);

// The results of one eval as a page section: <h2 id=ID>, the skill table,
// the chart, per type, per task. `runs_prefix` is prepended to each run
// link ("" in eval/report.html, "selection/" from the loop's report).
std::string EvalSectionHtml(const EvalDoc& doc, const std::string& id,
                            const std::string& runs_prefix);

// eval/report.html. `when`: the time eval.json was written, as text.
std::string EvalReportHtml(const EvalDoc& doc, const std::string& when);

}  // namespace t2s

#endif  // T2S_REPORT_EVAL_PAGE_H_
