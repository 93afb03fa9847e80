#include "report/loop_page.h"

#include <fmt/format.h>

#include <optional>
#include <system_error>

#include "base/file_io.h"
#include "base/text.h"
#include "report/diff_html.h"
#include "report/eval_page.h"
#include "report/evolve_files.h"
#include "report/evolve_header.h"
#include "report/json_fields.h"
#include "report/page.h"
#include "report/report_time.h"
#include "report/run_page.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;

std::string CandidatesHtml(const ReportJson& loop) {
  std::string html = SectionTitle("candidates", "Candidates (one evolve run per seed)");
  const ReportJson& candidates = Field(loop, "candidates");
  if (!candidates.is_array() || candidates.empty()) return html + NoneLine();
  html += TableStart("", "", {"candidate", "edits applied", "evolve report", "why no candidate"});
  for (const ReportJson& c : candidates) {
    std::string run = Str(c, "evolve_run");
    html += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td><a href=\"{}/report.html\">{}</a></td><td>{}</td></tr>\n",
        HtmlEscape(Str(c, "label")), Int(c, "applied_edits"), HtmlEscape(run), HtmlEscape(run),
        HtmlEscape(Str(c, "why_none")));
  }
  return html + TableEnd();
}

std::string HeldOutHtml(const ReportJson& loop) {
  std::string html = SectionTitle("held-out", "Held-out comparisons");
  const ReportJson& rows = Field(loop, "held_out");
  if (!rows.is_array() || rows.empty()) return html + NoneLine();
  html += TableStart("", "", {"skill", "against", "tasks", "only this passed",
                              "only the reference passed", "p-value", "verdict"});
  for (const ReportJson& r : rows) {
    html += fmt::format(
        "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td>{:.4g}</td><td>{}</td></tr>\n",
        HtmlEscape(Str(r, "skill")), HtmlEscape(Str(r, "reference")), Int(r, "pairs"),
        Int(r, "only_this_passed"), Int(r, "only_reference_passed"), Num(r, "p_value"),
        HtmlEscape(Str(r, "text")));
  }
  return html + TableEnd();
}

std::string EvalPart(const fs::path& dir, const std::string& name, const std::string& id) {
  fs::path path = dir / name / "eval.json";
  if (!fs::exists(path)) {
    return SectionTitle(id, name) + "<p class=\"none\">none (" + HtmlEscape(name) +
           "/eval.json was not written: the loop stopped before)</p>\n";
  }
  Result<EvalDoc> doc = LoadEvalDoc(path);
  if (!doc.ok()) return SectionTitle(id, name) + "<p class=\"warn\">" + HtmlEscape(doc.status().message()) + "</p>\n";
  return EvalSectionHtml(*doc, id, name + "/");
}

std::string KeptDiffHtml(const fs::path& dir, const ReportJson& loop) {
  const ReportJson& gate = Field(loop, "gate");
  std::string kept = Str(gate, "kept");
  std::string html = SectionTitle("kept-diff", "The kept skill's changes");
  if (kept.empty() || Bool(gate, "kept_seed_skill")) {
    return html + "<p>none: the seed skill was kept</p>\n";
  }
  std::string run = "evolve/" + kept;
  html += fmt::format(
      "<p>From <a href=\"{0}/report.html\">{0}</a> (why each line changed: its report; provenance "
      "of every edit: <a href=\"{0}/provenance.json\">{0}/provenance.json</a>; fates: <a "
      "href=\"{0}/fates.json\">{0}/fates.json</a>).</p>\n",
      HtmlEscape(run));
  Result<std::string> diff = ReadFile(dir / run / "diff.patch");
  return html + (diff.ok() ? DiffHtml(*diff) : "<p class=\"none\">no diff.patch</p>\n");
}

// The model, settings and what the whole loop cost: its evals (selection,
// test) and its evolve runs, paid in this invocation and, for the evolve
// runs, first paid when their answers came from the cache.
std::string LoopTotalsHtml(const fs::path& dir) {
  std::string model, settings;
  std::optional<bool> priced;
  ThisRun spent;
  int64_t task_tokens = 0;
  double task_cost = 0;
  for (const char* part : {"selection", "test"}) {
    Result<EvalDoc> doc = LoadEvalDoc(dir / part / "eval.json");
    if (!doc.ok()) continue;
    if (model.empty()) {
      model = doc->model;
      settings = doc->settings;
      priced = doc->price_known;
    }
    if (doc->this_run) spent += *doc->this_run;
    for (const EvalSkillRow& k : doc->skills) {
      task_tokens += k.tokens;
      task_cost += k.cost_usd;
    }
  }
  int64_t evolve_tokens = 0, evolve_cached_tokens = 0, evolve_cache_hits = 0;
  double evolve_cost = 0, evolve_cached_cost = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir / "evolve", ec), end; !ec && it != end; it.increment(ec)) {
    Result<std::string> text = ReadFile(it->path() / "manifest.json");
    if (!text.ok()) continue;
    Result<EvolveManifest> m = ParseManifest(*text, (it->path() / "manifest.json").string());
    if (!m.ok() || !m->total) continue;
    evolve_tokens += m->total->prompt_tokens + m->total->completion_tokens;
    evolve_cost += m->total->cost_usd;
    evolve_cache_hits += m->total->cache_hits;
    evolve_cached_tokens += m->total->cached_prompt_tokens + m->total->cached_completion_tokens;
    evolve_cached_cost += m->total->cached_cost_usd;
  }
  std::string html;
  if (!model.empty()) {
    html += "<dt>model</dt><dd>" + HtmlEscape(model) + "</dd>\n<dt>agent settings</dt><dd><code>" +
            HtmlEscape(settings) + "</code></dd>\n";
  }
  html += fmt::format(
      "<dt>agent runs</dt><dd>{} tokens, {} over every task (paid in this invocation: {})</dd>\n",
      task_tokens, HtmlEscape(CostText(task_cost, task_tokens, priced)),
      HtmlEscape(ThisRunText(spent, priced)));
  html += fmt::format(
      "<dt>evolve runs</dt><dd>{} tokens, {} paid in their last invocation{}</dd>\n",
      evolve_tokens, HtmlEscape(CostText(evolve_cost, evolve_tokens, priced)),
      evolve_cache_hits == 0
          ? std::string()
          : HtmlEscape(fmt::format("; {} answers from the cache ({} tokens, {} when first asked)",
                                   evolve_cache_hits, evolve_cached_tokens,
                                   CostText(evolve_cached_cost, evolve_cached_tokens, priced))));
  return html;
}

}  // namespace

Status RenderLoopReport(const fs::path& dir) {
  T2S_ASSIGN_OR_RETURN(ReportJson loop, ReadJsonFile(dir / "loop.json"));
  std::string seeds;
  for (int64_t s : Ints(loop, "seeds")) seeds += (seeds.empty() ? "" : ", ") + std::to_string(s);
  const ReportJson& gate = Field(loop, "gate");
  std::string skill = Str(loop, "skill");
  std::string body = fmt::format(
      "<header id=\"header\">\n<h1>loop: {}</h1>\n<dl class=\"kv\">\n<dt>command</dt><dd><code>"
      "trace2skill loop</code></dd>\n<dt>seed skill</dt><dd><code>{}</code></dd>\n<dt>train tasks</dt>"
      "<dd>{}</dd>\n<dt>test tasks</dt><dd>{}</dd>\n<dt>seeds</dt><dd>{}</dd>\n<dt>written</dt><dd>{}"
      "</dd>\n{}</dl>\n",
      HtmlEscape(Str(loop, "suite")), HtmlEscape(Str(loop, "s0")), HtmlEscape(Str(loop, "train")),
      HtmlEscape(Str(loop, "test")), seeds, HtmlEscape(WrittenAt(dir / "loop.json")),
      LoopTotalsHtml(dir));
  if (!Str(loop, "stop_reason").empty()) {
    body += fmt::format("<p class=\"warn\">Stopped early: {}. Run the same command again to "
                        "resume.</p>\n",
                        HtmlEscape(Str(loop, "stop_reason")));
  }
  body += fmt::format("<p id=\"gate\"><strong>Gate:</strong> {}{}</p>\n</header>\n",
                      HtmlEscape(Str(gate, "reason").empty() ? "not reached" : Str(gate, "reason")),
                      skill.empty() ? ""
                                    : fmt::format(" The kept skill is in <a href=\"{0}/\">{0}/</a>.",
                                                  HtmlEscape(skill)));
  body += CandidatesHtml(loop);
  body += EvalPart(dir, "selection", "selection");
  body += EvalPart(dir, "test", "test");
  body += HeldOutHtml(loop);
  body += KeptDiffHtml(dir, loop);
  return WriteFileAtomic(dir / "report.html", HtmlPage("loop: " + Str(loop, "suite"), body));
}

}  // namespace t2s
