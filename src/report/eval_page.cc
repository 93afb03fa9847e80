#include "report/eval_page.h"

#include <fmt/format.h>

#include "base/file_io.h"
#include "base/text.h"
#include "report/evolve_header.h"
#include "report/json_fields.h"
#include "report/page.h"
#include "report/pass_rate_chart.h"
#include "report/run_page.h"

namespace t2s {
namespace {

EvalRate RateOf(const ReportJson& j) {
  EvalRate r;
  r.pass = Int(j, "pass");
  r.finished = Int(j, "finished");
  r.rate = OptNum(j, "pass_rate");
  const ReportJson& interval = Field(j, "interval");
  if (interval.is_array() && interval.size() == 2 && interval[0].is_number() &&
      interval[1].is_number()) {
    r.low = interval[0].get<double>();
    r.high = interval[1].get<double>();
  }
  return r;
}

std::string Percent(const EvalRate& r) {
  return r.rate ? fmt::format("{:.1f} %", 100 * *r.rate) : "-";
}

std::string IntervalText(const EvalRate& r) {
  return r.rate ? fmt::format("[{:.1f}, {:.1f}]", 100 * r.low, 100 * r.high) : "-";
}

std::string PValue(double p) { return fmt::format("{:.4g}", p); }

std::string SkillRow(const EvalSkillRow& k, const std::string& runs_prefix) {
  std::string cls;
  std::string versus = "reference";
  std::string p = "-";
  if (k.has_reference_test) {
    versus = fmt::format("{} ({} tasks: {} better with this, {} with {})", k.text, k.pairs,
                         k.only_this, k.only_reference, k.reference);
    p = PValue(k.p_value);
    if (k.verdict == "better" || k.verdict == "worse") cls = k.verdict;
  }
  std::string seeds = "-";
  if (k.seed_mean && k.seed_sd && k.overall.rate) {
    seeds = fmt::format("{:.1f} ± {:.1f} %", 100 * *k.seed_mean, 100 * *k.seed_sd);
  }
  std::string runs;
  for (const std::string& r : k.runs) {
    size_t slash = r.rfind('/');
    runs += fmt::format("{}<a href=\"{}{}/report.html\">{}</a>", runs.empty() ? "" : " ",
                        HtmlEscape(runs_prefix), HtmlEscape(r),
                        HtmlEscape(slash == std::string::npos ? r : r.substr(slash + 1)));
  }
  int64_t tokens = k.tokens;
  return fmt::format(
      "<tr class=\"{}\"><td>{}{}</td><td>{}/{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
      "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
      cls, HtmlEscape(k.label),
      k.skill.empty() ? "<br><small>no skill</small>" : "<br><small>" + HtmlEscape(k.skill) + "</small>",
      k.overall.pass, k.overall.finished, Percent(k.overall), IntervalText(k.overall), seeds,
      HtmlEscape(versus), p, tokens, HtmlEscape(CostText(k.cost_usd, tokens, std::nullopt)),
      DurationText(k.seconds), runs.empty() ? "-" : runs);
}

}  // namespace

Result<EvalDoc> ParseEvalDoc(const std::string& text, const std::string& where) {
  T2S_ASSIGN_OR_RETURN(ReportJson j, ParseJsonText(text, where));
  if (!j.is_object()) return Status::InvalidArgument(where + ": expected a JSON object");
  EvalDoc d;
  d.title = Str(j, "title");
  d.suite = Str(j, "suite");
  d.suite_name = Str(j, "suite_name");
  d.tasks = Str(j, "tasks");
  d.seeds = Ints(j, "seeds");
  d.alpha = OptNum(j, "alpha").value_or(0.05);
  d.complete = !Field(j, "complete").is_boolean() || Bool(j, "complete");
  d.stop_reason = Str(j, "stop_reason");
  const ReportJson& skills = Field(j, "skills");
  std::vector<std::string> labels;
  if (skills.is_array()) {
    for (const ReportJson& s : skills) {
      EvalSkillRow k;
      k.label = Str(s, "label");
      k.skill = Str(s, "skill");
      k.overall = RateOf(s);
      k.seed_mean = OptNum(s, "seed_mean");
      k.seed_sd = OptNum(s, "seed_sd");
      const ReportJson& v = Field(s, "vs_reference");
      if (v.is_object()) {
        k.has_reference_test = true;
        k.reference = Str(v, "reference");
        k.pairs = Int(v, "pairs");
        k.only_this = Int(v, "only_this_passed");
        k.only_reference = Int(v, "only_reference_passed");
        k.p_value = OptNum(v, "p_value").value_or(1);
        k.verdict = Str(v, "verdict");
        k.text = Str(v, "text");
      }
      const ReportJson& types = Field(s, "by_type");
      if (types.is_array()) {
        for (const ReportJson& t : types) k.by_type.emplace_back(Str(t, "type"), RateOf(t));
      }
      k.unfinished = Int(s, "unfinished");
      const ReportJson& tokens = Field(s, "tokens");
      k.tokens = Int(tokens, "prompt") + Int(tokens, "completion");
      k.cost_usd = Num(s, "cost_usd");
      k.seconds = Num(s, "seconds");
      k.runs = Strs(s, "runs");
      labels.push_back(k.label);
      d.skills.push_back(std::move(k));
    }
  }
  d.model = Str(j, "model");
  d.settings = Str(j, "settings");
  if (Field(j, "price_known").is_boolean()) d.price_known = Bool(j, "price_known");
  d.this_run = ParseThisRun(Field(j, "this_run"));
  const ReportJson& table = Field(j, "tasks_table");
  if (table.is_array()) {
    for (const ReportJson& t : table) {
      EvalTaskRow row{Str(t, "id"), Str(t, "type"), {}};
      for (const std::string& label : labels) row.verdicts.push_back(Strs(Field(t, "verdicts"), label.c_str()));
      d.rows.push_back(std::move(row));
    }
  }
  return d;
}

Result<EvalDoc> LoadEvalDoc(const std::filesystem::path& path) {
  T2S_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParseEvalDoc(text, path.string());
}

std::string EvalSectionHtml(const EvalDoc& d, const std::string& id, const std::string& runs_prefix) {
  std::string seeds;
  for (int64_t s : d.seeds) seeds += (seeds.empty() ? "" : ", ") + std::to_string(s);
  std::string html = SectionTitle(id, d.title.empty() ? "Results" : d.title);
  html += fmt::format(
      "<p>Suite {} &middot; tasks {} &middot; seeds {}. Pass rates over finished (task, seed) "
      "pairs with 95 % Wilson intervals; each skill against {} task by task by the exact sign test "
      "(significant below p = {}).{}</p>\n",
      HtmlEscape(d.suite_name), HtmlEscape(d.tasks.empty() ? "all" : d.tasks), seeds,
      HtmlEscape(d.skills.empty() ? "" : d.skills[0].label), d.alpha,
      d.complete ? "" : " <strong class=\"warn\">Incomplete: some runs did not finish.</strong>");
  if (d.skills.empty()) return html + NoneLine();
  html += TableStart(id + "-skills", "skills",
                     {"skill", "pass", "pass rate", "95 % interval", "seeds: mean ± sd",
                      "vs reference", "p-value", "tokens", "cost", "task time", "runs"});
  for (const EvalSkillRow& k : d.skills) html += SkillRow(k, runs_prefix);
  html += TableEnd();
  std::vector<ChartBar> bars;
  for (const EvalSkillRow& k : d.skills) bars.push_back({k.label, k.overall.rate, k.overall.low, k.overall.high});
  html += PassRateChart(bars);

  bool typed = false;
  for (const EvalTaskRow& r : d.rows) typed = typed || !r.type.empty();
  if (typed) {
    std::vector<std::string> columns = {"type"};
    for (const EvalSkillRow& k : d.skills) columns.push_back(k.label);
    html += "<h3>Per task type</h3>\n" + TableStart("", "types", columns);
    for (const auto& [type, unused] : d.skills[0].by_type) {
      html += "<tr><td>" + HtmlEscape(type.empty() ? "(none)" : type) + "</td>";
      for (const EvalSkillRow& k : d.skills) {
        EvalRate r;
        for (const auto& [t, rate] : k.by_type) {
          if (t == type) r = rate;
        }
        html += fmt::format("<td>{}/{} = {} {}</td>", r.pass, r.finished, Percent(r), IntervalText(r));
      }
      html += "</tr>\n";
    }
    html += TableEnd();
  }
  std::vector<std::string> columns = {"task", "type"};
  for (const EvalSkillRow& k : d.skills) columns.push_back(k.label);
  html += "<details><summary>Per task</summary>\n" + TableStart("", "tasks", columns);
  for (const EvalTaskRow& row : d.rows) {
    html += fmt::format("<tr><td>{}</td><td>{}</td>", HtmlEscape(row.id), HtmlEscape(row.type));
    for (const std::vector<std::string>& per_seed : row.verdicts) {
      size_t pass = 0, done = 0;
      for (const std::string& v : per_seed) {
        pass += v == "pass" ? 1 : 0;
        done += v.empty() || v == "unfinished" ? 0 : 1;
      }
      html += fmt::format("<td class=\"{}\">{}/{}</td>",
                          done == 0 ? "" : pass == done ? "pass" : pass == 0 ? "fail" : "mixed", pass, done);
    }
    html += "</tr>\n";
  }
  return html + TableEnd() + "</details>\n";
}

std::string EvalReportHtml(const EvalDoc& d, const std::string& when) {
  std::string seeds;
  for (int64_t s : d.seeds) seeds += (seeds.empty() ? "" : ", ") + std::to_string(s);
  int64_t tokens = 0;
  double cost = 0, seconds = 0;
  for (const EvalSkillRow& k : d.skills) {
    tokens += k.tokens;
    cost += k.cost_usd;
    seconds += k.seconds;
  }
  std::string body = fmt::format(
      "<header id=\"header\">\n<h1>{}: {}</h1>\n<dl class=\"kv\">\n<dt>command</dt><dd><code>"
      "trace2skill eval</code></dd>\n<dt>suite</dt><dd><code>{}</code></dd>\n<dt>tasks</dt><dd>{}"
      "</dd>\n<dt>seeds</dt><dd>{}</dd>\n<dt>skills</dt><dd>{}</dd>\n<dt>written</dt><dd>{}</dd>\n"
      "{}<dt>tokens</dt><dd>{}</dd>\n<dt>cost</dt><dd>{}</dd>\n{}<dt>task time</dt><dd>{}</dd>\n"
      "</dl>\n",
      HtmlEscape(d.title), HtmlEscape(d.suite_name), HtmlEscape(d.suite),
      HtmlEscape(d.tasks.empty() ? "all" : d.tasks), seeds, d.skills.size(), HtmlEscape(when),
      d.model.empty() ? ""
                      : "<dt>model</dt><dd>" + HtmlEscape(d.model) + "</dd>\n<dt>settings</dt><dd><code>" +
                            HtmlEscape(d.settings) + "</code></dd>\n",
      tokens, HtmlEscape(CostText(cost, tokens, d.price_known)),
      d.this_run ? "<dt>paid in this run</dt><dd>" +
                       HtmlEscape(ThisRunText(*d.this_run, d.price_known)) + "</dd>\n"
                 : "",
      DurationText(seconds));
  if (!d.stop_reason.empty()) {
    body += fmt::format("<p class=\"warn\">Stopped early: {}. Run the same command again to "
                        "resume.</p>\n",
                        HtmlEscape(d.stop_reason));
  }
  body += "</header>\n" + EvalSectionHtml(d, "results", "");
  return HtmlPage(d.title + ": " + d.suite_name, body);
}

}  // namespace t2s
