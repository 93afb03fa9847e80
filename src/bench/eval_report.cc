#include "bench/eval_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "base/text.h"

namespace t2s {
namespace {

using Json = nlohmann::ordered_json;

Json RateOrNull(const Rate& r) { return r.finished == 0 ? Json() : Json(r.rate()); }

Json IntervalJson(const Rate& r) {
  Interval i = r.interval();
  return Json::array({i.low, i.high});
}

std::string VerdictWord(const Comparison& c) {
  if (!c.significant) return "no significant difference";
  return c.b > c.c ? "better" : "worse";
}

std::string RunFolder(const std::string& label, int64_t seed) {
  return fmt::format("runs/{}/seed-{}", label, seed);
}

std::string Percent(const Rate& r) {
  return r.finished == 0 ? "-" : fmt::format("{:.1f} %", 100 * r.rate());
}

std::string IntervalText(const Rate& r) {
  if (r.finished == 0) return "-";
  Interval i = r.interval();
  return fmt::format("[{:.1f}, {:.1f}]", 100 * i.low, 100 * i.high);
}

std::string CostText(double usd) { return usd == 0 ? "-" : fmt::format("${:.4f}", usd); }

// Horizontal bars: the pass rate, with the Wilson interval as a whisker.
std::string Chart(const EvalSummary& s) {
  constexpr int kLeft = 160, kWidth = 400, kRow = 28;
  int height = static_cast<int>(s.skills.size()) * kRow + 24;
  std::string svg = fmt::format(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
      "role=\"img\" aria-label=\"pass rates with 95 % intervals\">\n",
      kLeft + kWidth + 60, height);
  for (int tick = 0; tick <= 100; tick += 25) {
    int x = kLeft + kWidth * tick / 100;
    svg += fmt::format(
        "<line x1=\"{0}\" y1=\"0\" x2=\"{0}\" y2=\"{1}\" stroke=\"#ddd\"/><text x=\"{0}\" "
        "y=\"{2}\" font-size=\"11\" text-anchor=\"middle\">{3} %</text>\n",
        x, height - 16, height - 4, tick);
  }
  for (size_t i = 0; i < s.skills.size(); ++i) {
    const SkillSummary& k = s.skills[i];
    int y = static_cast<int>(i) * kRow + 4;
    double rate = k.overall.rate();
    Interval ci = k.overall.interval();
    svg += fmt::format(
        "<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"end\">{}</text>\n"
        "<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"16\" fill=\"{}\"/>\n",
        kLeft - 8, y + 13, HtmlEscape(k.label), kLeft, y, kWidth * rate,
        i == 0 ? "#999" : "#4a7ab8");
    if (k.overall.finished > 0) {
      svg += fmt::format(
          "<line x1=\"{0:.1f}\" y1=\"{2}\" x2=\"{1:.1f}\" y2=\"{2}\" stroke=\"#000\"/>"
          "<line x1=\"{0:.1f}\" y1=\"{3}\" x2=\"{0:.1f}\" y2=\"{4}\" stroke=\"#000\"/>"
          "<line x1=\"{1:.1f}\" y1=\"{3}\" x2=\"{1:.1f}\" y2=\"{4}\" stroke=\"#000\"/>\n",
          kLeft + kWidth * ci.low, kLeft + kWidth * ci.high, y + 8, y + 3, y + 13);
    }
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>\n",
                       kLeft + kWidth + 6, y + 13, Percent(k.overall));
  }
  return svg + "</svg>\n";
}

}  // namespace

std::string EvalJson(const EvalSummary& s, const std::string& stop_reason) {
  Json skills = Json::array();
  for (const SkillSummary& k : s.skills) {
    Json seeds = Json::array();
    Json runs = Json::array();
    for (const auto& [seed, rate] : k.per_seed) {
      seeds.push_back({{"seed", seed},
                       {"pass", rate.passed},
                       {"finished", rate.finished},
                       {"pass_rate", RateOrNull(rate)}});
      runs.push_back(RunFolder(k.label, seed));
    }
    Json types = Json::array();
    for (const auto& [type, rate] : k.by_type) {
      types.push_back({{"type", type},
                       {"pass", rate.passed},
                       {"finished", rate.finished},
                       {"pass_rate", RateOrNull(rate)},
                       {"interval", IntervalJson(rate)}});
    }
    Json versus;
    if (k.vs_reference) {
      const Comparison& c = *k.vs_reference;
      versus = {{"reference", c.reference},
                {"pairs", c.pairs},
                {"only_this_passed", c.b},
                {"only_reference_passed", c.c},
                {"p_value", c.p},
                {"significant", c.significant},
                {"verdict", VerdictWord(c)},
                {"text", c.words}};
    }
    skills.push_back({{"label", k.label},
                      {"skill", k.dir.empty() ? Json() : Json(k.dir)},
                      {"pass", k.overall.passed},
                      {"finished", k.overall.finished},
                      {"pass_rate", RateOrNull(k.overall)},
                      {"interval", IntervalJson(k.overall)},
                      {"seed_mean", k.seed_mean},
                      {"seed_sd", k.seed_sd},
                      {"seeds", seeds},
                      {"by_type", types},
                      {"vs_reference", versus},
                      {"unfinished", k.unfinished},
                      {"tokens",
                       {{"prompt", k.usage.prompt_tokens},
                        {"completion", k.usage.completion_tokens}}},
                      {"cost_usd", k.cost_usd},
                      {"seconds", k.seconds},
                      {"runs", runs}});
  }
  Json tasks = Json::array();
  for (const TaskRow& row : s.rows) {
    Json verdicts = Json::object();
    for (size_t i = 0; i < row.verdicts.size() && i < s.skills.size(); ++i) {
      verdicts[s.skills[i].label] = row.verdicts[i];
    }
    tasks.push_back({{"id", row.id}, {"type", row.type}, {"verdicts", verdicts}});
  }
  Json doc = {{"schema", kEvalSchema},
              {"title", s.title},
              {"suite", s.suite},
              {"suite_name", s.suite_name},
              {"tasks", s.tasks},
              {"seeds", s.seeds},
              {"alpha", s.alpha},
              {"complete", s.complete},
              {"stop_reason", stop_reason},
              {"skills", skills},
              {"tasks_table", tasks}};
  return doc.dump(2) + "\n";
}

std::string EvalText(const EvalSummary& s) {
  size_t width = 5;
  for (const SkillSummary& k : s.skills) width = std::max(width, k.label.size());
  std::string out;
  for (const SkillSummary& k : s.skills) {
    out += fmt::format("  {:<{}}  {:>4}/{:<4} pass  {:>7} {:<14}", k.label, width, k.overall.passed,
                       k.overall.finished, Percent(k.overall), IntervalText(k.overall));
    if (s.seeds.size() > 1) {
      out += k.overall.finished == 0
                 ? std::string("  seeds -")
                 : fmt::format("  seeds {:.1f} ± {:.1f} %", 100 * k.seed_mean, 100 * k.seed_sd);
    }
    out += k.vs_reference ? fmt::format("  vs {}: {}", k.vs_reference->reference,
                                        k.vs_reference->words)
                          : std::string("  (reference)");
    if (k.unfinished > 0) out += fmt::format("  ({} unfinished)", k.unfinished);
    out += "\n";
  }
  return out;
}

std::string EvalHtmlSection(const EvalSummary& s) {
  std::string seeds;
  for (int64_t seed : s.seeds) seeds += (seeds.empty() ? "" : ", ") + std::to_string(seed);
  std::string html = fmt::format(
      "<section class=\"eval\">\n<h2>{}</h2>\n<p>Suite {} &middot; tasks {} &middot; seeds {} "
      "&middot; pass rates over finished (task, seed) pairs with 95 % Wilson intervals (pooled "
      "over seeds); each skill against {} task by task, by the exact sign test on the tasks "
      "where one passed more seeds (McNemar with one seed; significant below p = {}).{}</p>\n",
      HtmlEscape(s.title), HtmlEscape(s.suite_name), HtmlEscape(s.tasks.empty() ? "all" : s.tasks),
      seeds, HtmlEscape(s.skills.empty() ? "" : s.skills[0].label), s.alpha,
      s.complete ? "" : " <strong>Incomplete: some runs did not finish.</strong>");
  html += "<table class=\"skills\">\n<tr><th>skill</th><th>pass</th><th>pass rate</th>"
          "<th>95 % interval</th><th>seeds: mean ± sd</th><th>vs reference</th><th>tokens</th>"
          "<th>cost</th><th>task time</th></tr>\n";
  for (const SkillSummary& k : s.skills) {
    std::string versus = "reference";
    std::string cls;
    if (k.vs_reference) {
      versus = fmt::format("{} ({} tasks: {} better with this, {} with {})", k.vs_reference->words,
                           k.vs_reference->pairs, k.vs_reference->b, k.vs_reference->c,
                           k.vs_reference->reference);
      if (k.vs_reference->significant) cls = k.vs_reference->b > k.vs_reference->c ? "better" : "worse";
    }
    html += fmt::format(
        "<tr class=\"{}\"><td title=\"{}\">{}</td><td>{}/{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td><td>{}</td><td>{}</td><td>{:.1f} s</td></tr>\n",
        cls, HtmlEscape(k.dir.empty() ? "no skill" : k.dir),
        HtmlEscape(k.label) + (k.dir.empty() ? "" : "<br><small>" + HtmlEscape(k.dir) + "</small>"),
        k.overall.passed, k.overall.finished, Percent(k.overall), IntervalText(k.overall),
        k.overall.finished == 0
            ? std::string("-")
            : fmt::format("{:.1f} ± {:.1f} %", 100 * k.seed_mean, 100 * k.seed_sd),
        HtmlEscape(versus),
        k.usage.prompt_tokens + k.usage.completion_tokens, CostText(k.cost_usd), k.seconds);
  }
  html += "</table>\n" + Chart(s);

  // Per task type, when the suite has types.
  bool typed = false;
  for (const TaskRow& r : s.rows) typed = typed || !r.type.empty();
  if (typed && !s.skills.empty()) {
    html += "<h3>Per task type</h3>\n<table class=\"types\">\n<tr><th>type</th>";
    for (const SkillSummary& k : s.skills) html += fmt::format("<th>{}</th>", HtmlEscape(k.label));
    html += "</tr>\n";
    for (const auto& [type, unused] : s.skills[0].by_type) {
      html += fmt::format("<tr><td>{}</td>", HtmlEscape(type.empty() ? "(none)" : type));
      for (const SkillSummary& k : s.skills) {
        auto it = k.by_type.find(type);
        Rate r = it == k.by_type.end() ? Rate{} : it->second;
        html += fmt::format("<td>{}/{} = {} {}</td>", r.passed, r.finished, Percent(r),
                            IntervalText(r));
      }
      html += "</tr>\n";
    }
    html += "</table>\n";
  }

  html += "<details><summary>Per task</summary>\n<table class=\"tasks\">\n<tr><th>task</th>"
          "<th>type</th>";
  for (const SkillSummary& k : s.skills) html += fmt::format("<th>{}</th>", HtmlEscape(k.label));
  html += "</tr>\n";
  for (const TaskRow& row : s.rows) {
    html += fmt::format("<tr><td>{}</td><td>{}</td>", HtmlEscape(row.id), HtmlEscape(row.type));
    for (const std::vector<std::string>& per_seed : row.verdicts) {
      size_t pass = 0, done = 0;
      for (const std::string& v : per_seed) {
        pass += v == "pass" ? 1 : 0;
        done += v.empty() || v == "unfinished" ? 0 : 1;
      }
      html += fmt::format("<td class=\"{}\">{}/{}</td>",
                          done == 0 ? "" : pass == done ? "pass" : pass == 0 ? "fail" : "mixed",
                          pass, done);
    }
    html += "</tr>\n";
  }
  return html + "</table>\n</details>\n</section>\n";
}

std::string EvalHtmlPage(const EvalSummary& s, const std::string& stop_reason) {
  std::string stopped =
      stop_reason.empty()
          ? ""
          : fmt::format("<p class=\"stopped\">Stopped early: {}. Run the same command again to "
                        "resume.</p>\n",
                        HtmlEscape(stop_reason));
  return fmt::format(
      "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{0}: {1}</title>\n"
      "<style>body{{font-family:sans-serif;margin:2em;max-width:70em}}table{{border-collapse:"
      "collapse;margin:0.5em 0}}td,th{{padding:2px 8px;text-align:left;border-bottom:1px solid "
      "#eee}}tr.better td{{background:#e6f4e6}}tr.worse td{{background:#f8e4e4}}td.pass{{color:"
      "#070}}td.fail{{color:#a00}}td.mixed{{color:#a60}}.stopped{{color:#a00}}</style></head>"
      "<body>\n<h1>{0}: {1}</h1>\n{2}{3}</body></html>\n",
      HtmlEscape(s.title), HtmlEscape(s.suite_name), stopped, EvalHtmlSection(s));
}

}  // namespace t2s
