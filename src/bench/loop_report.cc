#include "bench/loop_report.h"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "base/text.h"
#include "bench/eval_report.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// Every held-out comparison worth reading: each skill against no skill,
// and the kept candidate against S0.
// (skill, its comparison), in that order.
std::vector<std::pair<std::string, Comparison>> HeldOut(const LoopResult& r) {
  std::vector<std::pair<std::string, Comparison>> out;
  const EvalSummary& t = r.test;
  for (size_t i = 1; i < t.skills.size(); ++i) out.emplace_back(t.skills[i].label, CompareSkills(t, i, 0));
  if (t.skills.size() == 3) out.emplace_back(t.skills[2].label, CompareSkills(t, 2, 1));
  return out;
}

std::string DiffHtml(const std::string& diff) {
  std::string html = "<pre class=\"diff\">";
  size_t at = 0;
  while (at < diff.size()) {
    size_t nl = diff.find('\n', at);
    std::string line = diff.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    const char* cls = line.rfind("+++", 0) == 0 || line.rfind("---", 0) == 0 ? "file"
                      : line.rfind("+", 0) == 0                              ? "add"
                      : line.rfind("-", 0) == 0                              ? "del"
                      : line.rfind("@@", 0) == 0                             ? "hunk"
                                                                             : "";
    html += fmt::format("<span class=\"{}\">{}</span>\n", cls, HtmlEscape(line));
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  return html + "</pre>\n";
}

std::string ReportHtml(const LoopOptions& o, const LoopResult& r) {
  std::string seeds;
  for (int64_t s : o.seeds) seeds += (seeds.empty() ? "" : ", ") + std::to_string(s);
  std::string html = fmt::format(
      "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>loop: {0}</title>\n"
      "<style>body{{font-family:sans-serif;margin:2em;max-width:70em}}table{{border-collapse:"
      "collapse;margin:0.5em 0}}td,th{{padding:2px 8px;text-align:left;border-bottom:1px solid "
      "#eee}}tr.better td{{background:#e6f4e6}}tr.worse td{{background:#f8e4e4}}td.pass{{color:"
      "#070}}td.fail{{color:#a00}}td.mixed{{color:#a60}}.gate{{padding:0.5em 1em;border-left:4px "
      "solid #4a7ab8;background:#f4f7fb}}.stopped{{color:#a00}}pre.diff{{white-space:pre-wrap;"
      "background:#fafafa;padding:0.5em}}.add{{color:#070}}.del{{color:#a00}}.hunk{{color:#55a}}"
      ".file{{font-weight:bold}}</style></head><body>\n<h1>loop: {0}</h1>\n"
      "<p>Seed skill <code>{1}</code> &middot; train tasks {2} &middot; test tasks {3} &middot; "
      "seeds {4} &middot; evolve mode {5}</p>\n",
      HtmlEscape(r.selection.suite_name.empty() ? o.suite : r.selection.suite_name),
      HtmlEscape(r.s0_dir), HtmlEscape(o.train), HtmlEscape(o.test), seeds,
      HtmlEscape(o.evolve.mode));
  if (!r.stop_reason.empty()) {
    html += fmt::format("<p class=\"stopped\">Stopped early: {}. Run the same command again to "
                        "resume.</p>\n",
                        HtmlEscape(r.stop_reason));
  }
  if (!r.gate_reason.empty()) {
    html += fmt::format("<p class=\"gate\"><strong>Gate:</strong> {}{}</p>\n",
                        HtmlEscape(r.gate_reason),
                        r.skill_out.empty() ? ""
                                            : fmt::format(" The kept skill is in <a href=\"skill/\">"
                                                          "skill/</a>."));
  }
  html += "<h2>Candidates</h2>\n<table><tr><th>candidate</th><th>edits applied</th>"
          "<th>evolve run</th></tr>\n";
  for (const LoopCandidate& c : r.candidates) {
    html += fmt::format(
        "<tr><td>{0}</td><td>{1}</td><td><a href=\"evolve/{0}/report.html\">evolve/{0}</a>{2}"
        "</td></tr>\n",
        HtmlEscape(c.label), c.applied_edits,
        c.dir.empty() ? " (no candidate: " + HtmlEscape(c.why_none) + ")" : "");
  }
  html += "</table>\n";
  if (!r.selection.skills.empty()) html += EvalHtmlSection(r.selection);
  if (!r.test.skills.empty()) {
    html += EvalHtmlSection(r.test);
    html += "<ul class=\"held-out\">\n";
    for (const auto& [label, c] : HeldOut(r)) {
      html += fmt::format("<li>{} against {}: {} ({} tasks)</li>\n", HtmlEscape(label),
                          HtmlEscape(c.reference), HtmlEscape(c.words), c.pairs);
    }
    html += "</ul>\n";
  }
  if (!r.kept_seed_skill) {
    fs::path run = fs::path(o.out) / "evolve" / r.kept_label;
    Result<std::string> diff = ReadFile(run / "diff.patch");
    html += fmt::format(
        "<h2>The kept skill's changes ({0})</h2>\n<p>Provenance of every edit: <a "
        "href=\"evolve/{0}/provenance.json\">provenance.json</a>; why each trajectory and edit "
        "ended as it did: <a href=\"evolve/{0}/fates.json\">fates.json</a>.</p>\n{1}",
        HtmlEscape(r.kept_label), diff.ok() ? DiffHtml(*diff) : "<p>(no diff.patch)</p>\n");
  }
  return html + "</body></html>\n";
}

}  // namespace

std::string LoopText(const LoopResult& r) {
  std::string out;
  if (!r.gate_reason.empty()) out += "gate: " + r.gate_reason + "\n";
  for (const auto& [label, c] : HeldOut(r)) {
    out += fmt::format("held-out: {} against {}: {}\n", label, c.reference, c.words);
  }
  return out;
}

Status WriteLoopOutputs(const LoopOptions& o, const LoopResult& r) {
  Json candidates = Json::array();
  for (const LoopCandidate& c : r.candidates) {
    candidates.push_back({{"seed", c.seed},
                          {"label", c.label},
                          {"skill", c.dir.empty() ? Json()
                                                  : Json(fs::relative(c.dir, o.out).string())},
                          {"applied_edits", c.applied_edits},
                          {"why_none", c.why_none},
                          {"evolve_run", "evolve/" + c.label}});
  }
  Json held_out = Json::array();
  for (const auto& [label, c] : HeldOut(r)) {
    held_out.push_back({{"skill", label},
                        {"reference", c.reference},
                        {"pairs", c.pairs},
                        {"only_this_passed", c.b},
                        {"only_reference_passed", c.c},
                        {"p_value", c.p},
                        {"text", c.words}});
  }
  Json doc = {{"schema", kLoopSchema},
              {"suite", o.suite},
              {"train", o.train},
              {"test", o.test},
              {"seeds", o.seeds},
              {"s0", r.s0_dir},
              {"candidates", candidates},
              {"gate",
               {{"kept", r.kept_label},
                {"kept_seed_skill", r.kept_seed_skill},
                {"reason", r.gate_reason},
                {"gate_alpha", o.gate_alpha}}},
              {"held_out", held_out},
              {"skill", r.skill_out.empty() ? Json() : Json(fs::relative(r.skill_out, o.out).string())},
              {"selection", "selection/eval.json"},
              {"test", "test/eval.json"},
              {"complete", r.stop_reason.empty()},
              {"stop_reason", r.stop_reason}};
  fs::path out(o.out);
  T2S_RETURN_IF_ERROR(WriteFileAtomic(out / "loop.json", doc.dump(2) + "\n"));
  return WriteFileAtomic(out / "report.html", ReportHtml(o, r));
}

}  // namespace t2s
