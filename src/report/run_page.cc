#include "report/run_page.h"

#include <fmt/format.h>

#include <set>

#include "base/file_io.h"
#include "base/text.h"
#include "report/evolve_header.h"
#include "report/json_fields.h"
#include "report/page.h"
#include "report/report_time.h"
#include "report/trajectory_page.h"
#include "report/trajectory_source.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;

std::string TaskRow(const RunTaskRow& t) {
  std::string verdict_class = t.verdict == "pass" ? "pass" : t.verdict == "unfinished" ? "" : "fail";
  return fmt::format(
      "<tr><td>{}</td><td class=\"{}\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
      "<td class=\"num\">{}</td><td>{}</td><td>{}</td><td><a href=\"workspaces/{}/\">files</a></td>"
      "<td>{}</td></tr>\n",
      TrajectoryLink(t.id), verdict_class, HtmlEscape(t.verdict), t.turns, t.tool_calls, t.tokens,
      HtmlEscape(CostText(t.cost_usd, t.tokens, std::nullopt)), DurationText(t.seconds),
      HtmlEscape(t.id), t.detail.empty() ? "" : "<pre>" + HtmlEscape(t.detail) + "</pre>");
}

}  // namespace

Result<RunDoc> ParseRunDoc(const std::string& text, const std::string& where) {
  T2S_ASSIGN_OR_RETURN(ReportJson j, ParseJsonText(text, where));
  if (!j.is_object()) return Status::InvalidArgument(where + ": expected a JSON object");
  RunDoc d;
  d.suite = Str(j, "suite");
  d.suite_path = Str(j, "suite_path");
  d.skill = Str(j, "skill");
  d.model = Str(j, "model");
  const ReportJson& s = Field(j, "summary");
  d.pass = Int(s, "pass");
  d.fail = Int(s, "fail");
  d.error = Int(s, "error");
  d.unfinished = Int(s, "unfinished");
  d.pass_rate = OptNum(s, "pass_rate");
  d.tokens = Int(s, "prompt_tokens") + Int(s, "completion_tokens");
  d.cost_usd = Num(s, "cost_usd");
  d.seconds = Num(s, "seconds");
  if (Field(s, "price_known").is_boolean()) d.price_known = Bool(s, "price_known");
  d.this_run = ParseThisRun(Field(s, "this_run"));
  const ReportJson& tasks = Field(j, "tasks");
  if (tasks.is_array()) {
    for (const ReportJson& t : tasks) {
      RunTaskRow row;
      row.id = Str(t, "id");
      row.verdict = Field(t, "finished").is_boolean() && !Bool(t, "finished") ? "unfinished"
                                                                              : Str(t, "verdict");
      row.detail = Str(t, "detail");
      row.turns = Int(t, "turns");
      row.tool_calls = Int(t, "tool_calls");
      const ReportJson& tokens = Field(t, "tokens");
      row.tokens = Int(tokens, "prompt") + Int(tokens, "completion");
      row.cost_usd = Num(t, "cost_usd");
      row.seconds = Num(t, "seconds");
      d.tasks.push_back(std::move(row));
    }
  }
  return d;
}

ThisRun& ThisRun::operator+=(const ThisRun& o) {
  paid_tokens += o.paid_tokens;
  cached_turns += o.cached_turns;
  cached_tokens += o.cached_tokens;
  paid_cost_usd += o.paid_cost_usd;
  cached_cost_usd += o.cached_cost_usd;
  return *this;
}

std::optional<ThisRun> ParseThisRun(const ReportJson& j) {
  if (!j.is_object()) return std::nullopt;
  ThisRun t;
  t.paid_tokens = Int(j, "paid_tokens");
  t.paid_cost_usd = Num(j, "paid_cost_usd");
  t.cached_turns = Int(j, "cached_turns");
  t.cached_tokens = Int(j, "cached_tokens");
  t.cached_cost_usd = Num(j, "cached_cost_usd");
  return t;
}

std::string ThisRunText(const ThisRun& t, std::optional<bool> price_known) {
  std::string line = fmt::format("{} tokens, {}", t.paid_tokens,
                                 CostText(t.paid_cost_usd, t.paid_tokens, price_known));
  if (t.cached_turns > 0) {
    line += fmt::format("; {} model turns answered from the cache ({} tokens, {} when first "
                        "asked, not paid again)",
                        t.cached_turns, t.cached_tokens,
                        CostText(t.cached_cost_usd, t.cached_tokens, price_known));
  }
  return line;
}

namespace {

std::string ThisRunLine(const RunDoc& d) {
  if (!d.this_run) return "";
  return "<dt>paid in this run</dt><dd>" + HtmlEscape(ThisRunText(*d.this_run, d.price_known)) +
         "</dd>\n";
}

}  // namespace

std::string RunReportHtml(const RunDoc& d, const std::string& when,
                          const std::string& trajectories_note) {
  std::string body = fmt::format(
      "<header id=\"header\">\n<h1>run: {}</h1>\n<dl class=\"kv\">\n"
      "<dt>command</dt><dd><code>trace2skill run</code></dd>\n<dt>suite</dt><dd><code>{}</code></dd>\n"
      "<dt>skill</dt><dd>{}</dd>\n<dt>model</dt><dd>{}</dd>\n<dt>written</dt><dd>{}</dd>\n"
      "<dt>tasks</dt><dd>{}: {} pass, {} fail, {} error, {} unfinished{}</dd>\n"
      "<dt>tokens</dt><dd>{}</dd>\n<dt>cost</dt><dd>{}</dd>\n{}<dt>task time</dt><dd>{}</dd>\n</dl>\n"
      "<p>Files: <a href=\"results.json\">results.json</a>, <a href=\"trajectories.jsonl\">"
      "trajectories.jsonl</a>.</p>\n</header>\n",
      HtmlEscape(d.suite), HtmlEscape(d.suite_path), HtmlEscape(d.skill), HtmlEscape(d.model),
      HtmlEscape(when), d.tasks.size(), d.pass, d.fail, d.error, d.unfinished,
      d.pass_rate ? fmt::format(" (pass rate {:.1f} %)", 100 * *d.pass_rate) : "", d.tokens,
      HtmlEscape(CostText(d.cost_usd, d.tokens, d.price_known)), ThisRunLine(d),
      DurationText(d.seconds));
  body += SectionTitle("trajectories", "Tasks");
  if (!trajectories_note.empty()) body += "<p class=\"warn\">" + HtmlEscape(trajectories_note) + "</p>\n";
  if (d.tasks.empty()) return HtmlPage("run: " + d.suite, body + NoneLine());
  body += "<p><input class=\"filter\" type=\"search\" data-filter=\"trajectory-table\" "
          "placeholder=\"filter by id, verdict or detail\" aria-label=\"filter tasks\"></p>\n";
  body += TableStart("trajectory-table", "",
                     {"task", "verdict", "turns", "tool calls", "tokens", "cost", "time",
                      "workspace", "checker"});
  for (const RunTaskRow& t : d.tasks) body += TaskRow(t);
  body += TableEnd();
  return HtmlPage("run: " + d.suite, body);
}

Status RenderRunReport(const fs::path& dir) {
  T2S_ASSIGN_OR_RETURN(std::string text, ReadFile(dir / "results.json"));
  T2S_ASSIGN_OR_RETURN(RunDoc d, ParseRunDoc(text, (dir / "results.json").string()));
  std::set<std::string> wanted;
  for (const RunTaskRow& t : d.tasks) wanted.insert(t.id);
  FoundTrajectories found;
  if (!wanted.empty()) {
    TrajectoryInput input;
    if (fs::exists(dir / "trajectories.jsonl")) input.paths = {(dir / "trajectories.jsonl").string()};
    found = FindTrajectories(input, wanted);
  }
  size_t missing = 0;
  for (const std::string& id : wanted) missing += found.by_id.count(id) == 0 ? 1 : 0;
  std::string note;
  if (missing > 0) {
    note = fmt::format("{} of {} tasks have no trajectory in trajectories.jsonl{}; their pages show "
                       "what results.json records.",
                       missing, wanted.size(), found.problem.empty() ? "" : " (" + found.problem + ")");
  }
  std::error_code ec;
  fs::remove_all(dir / "trajectories", ec);
  for (const RunTaskRow& t : d.tasks) {
    TrajectoryPageInfo info;
    info.id = t.id;
    info.run_title = "run: " + d.suite;
    info.fate = t.verdict;
    info.detail = t.detail;
    info.missing = "not in trajectories.jsonl";
    auto it = found.by_id.find(t.id);
    T2S_RETURN_IF_ERROR(WriteFileAtomic(dir / "trajectories" / TrajectoryFileName(t.id),
                                        TrajectoryPageHtml(info, it == found.by_id.end() ? nullptr : &it->second)));
  }
  return WriteFileAtomic(dir / "report.html", RunReportHtml(d, WrittenAt(dir / "results.json"), note));
}

}  // namespace t2s
