#include "bench/run_outputs.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "base/text.h"

namespace t2s {
namespace {

using Json = nlohmann::ordered_json;

std::string ReportHtml(const RunIdentity& id, const SuiteRunSummary& s) {
  std::string rows;
  for (const TaskResult& t : s.tasks) {
    std::string verdict = t.finished ? t.verdict : "unfinished";
    rows += fmt::format(
        "<tr class=\"{0}\"><td>{1}</td><td>{0}</td><td>{2}</td><td>{3}</td><td>{4}</td>"
        "<td>{5:.1f}</td><td><a href=\"workspaces/{6}/\">files</a></td></tr>\n",
        HtmlEscape(verdict), HtmlEscape(t.id), t.turns, t.tool_calls,
        t.usage.prompt_tokens + t.usage.completion_tokens, t.seconds, HtmlEscape(t.id));
    if (!t.detail.empty()) {
      rows += fmt::format("<tr><td></td><td colspan=\"6\"><pre>{}</pre></td></tr>\n",
                          HtmlEscape(t.detail));
    }
  }
  return fmt::format(
      "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>run: {0}</title>\n"
      "<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}"
      "td,th{{padding:2px 8px;text-align:left;vertical-align:top}}.pass td:nth-child(2)"
      "{{color:#070}}.fail td:nth-child(2),.error td:nth-child(2){{color:#a00}}"
      "pre{{margin:0;white-space:pre-wrap;max-width:60em}}</style></head><body>\n"
      "<h1>{0}</h1>\n<p>skill: {1} &middot; model: {2} &middot; {3} tasks: {4} pass, {5} fail, "
      "{6} error, {7} unfinished</p>\n<table>\n<tr><th>task</th><th>verdict</th><th>turns</th>"
      "<th>tool calls</th><th>tokens</th><th>seconds</th><th>workspace</th></tr>\n{8}</table>\n"
      "</body></html>\n",
      HtmlEscape(id.suite_name), HtmlEscape(id.skill), HtmlEscape(id.model), s.tasks.size(),
      s.passed, s.failed, s.errors, s.unfinished, rows);
}

}  // namespace

std::string ResultsJson(const RunIdentity& identity, const SuiteRunSummary& s) {
  Json tasks = Json::array();
  Usage total;
  double cost = 0, seconds = 0;
  for (const TaskResult& t : s.tasks) {
    total += t.usage;
    cost += t.cost_usd;
    seconds += t.seconds;
    tasks.push_back({{"id", t.id},
                     {"verdict", t.verdict},
                     {"detail", t.detail},
                     {"turns", t.turns},
                     {"tool_calls", t.tool_calls},
                     {"tokens",
                      {{"prompt", t.usage.prompt_tokens}, {"completion", t.usage.completion_tokens}}},
                     {"cost_usd", t.cost_usd},
                     {"seconds", t.seconds},
                     {"finished", t.finished}});
  }
  size_t finished = s.passed + s.failed + s.errors;
  Json summary = {{"tasks", s.tasks.size()},
                  {"pass", s.passed},
                  {"fail", s.failed},
                  {"error", s.errors},
                  {"unfinished", s.unfinished},
                  {"pass_rate", finished == 0 ? Json() : Json(static_cast<double>(s.passed) /
                                                              static_cast<double>(finished))},
                  {"prompt_tokens", total.prompt_tokens},
                  {"completion_tokens", total.completion_tokens},
                  {"cost_usd", cost},
                  {"seconds", seconds}};
  Json doc = {{"schema", kResultsSchema},
              {"suite", identity.suite_name},
              {"suite_path", identity.suite},
              {"skill", identity.skill},
              {"model", identity.model},
              {"summary", summary},
              {"tasks", tasks}};
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Status WriteRunOutputs(const std::filesystem::path& out, const RunIdentity& identity,
                       const SuiteRunSummary& summary,
                       const std::vector<std::string>& trajectory_lines) {
  std::string jsonl;
  for (const std::string& line : trajectory_lines) jsonl += line + "\n";
  T2S_RETURN_IF_ERROR(WriteFileAtomic(out / "trajectories.jsonl", jsonl));
  T2S_RETURN_IF_ERROR(WriteFileAtomic(out / "results.json", ResultsJson(identity, summary)));
  return WriteFileAtomic(out / "report.html", ReportHtml(identity, summary));
}

}  // namespace t2s
