#include "report/evolve_header.h"

#include <fmt/format.h>

#include <cmath>

#include "base/text.h"
#include "report/page.h"

namespace t2s {
namespace {

std::string KvRow(std::string_view key, std::string_view html) {
  if (html.empty()) return "";
  return fmt::format("<dt>{}</dt><dd>{}</dd>\n", HtmlEscape(key), html);
}

std::string ModelText(const EvolveManifest& m) {
  if (m.model.empty()) {
    return HtmlEscape(m.llm_note.empty() ? "none recorded" : m.llm_note);
  }
  return HtmlEscape(m.provider.empty() ? m.model : m.model + " (" + m.provider + ")");
}

std::string SettingsText(const EvolveManifest& m) {
  std::string out;
  for (const auto& [key, value] : m.settings) {
    out += fmt::format("{}<code>{}={}</code>", out.empty() ? "" : " ", HtmlEscape(key),
                       HtmlEscape(value));
  }
  return out;
}

std::string CountRow(std::string_view what, int64_t n, std::string_view note = "") {
  return fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                     HtmlEscape(what), n, note);
}

std::string StageRow(const StageCalls& s, std::optional<bool> price_known) {
  int64_t paid = s.prompt_tokens + s.completion_tokens;
  int64_t cached = s.cached_prompt_tokens + s.cached_completion_tokens;
  std::string cache_note =
      s.cache_hits == 0 ? "-" : fmt::format("{} cached call{} ({} tokens)", s.cache_hits,
                                            s.cache_hits == 1 ? "" : "s", cached);
  return fmt::format(
      "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
      "</tr>\n",
      HtmlEscape(s.stage), s.calls, s.failed, cache_note, paid,
      HtmlEscape(CostText(s.cost_usd, paid, price_known)), paid + cached,
      HtmlEscape(CostText(s.cost_usd + s.cached_cost_usd, paid + cached, price_known)));
}

}  // namespace

std::string CostText(double usd, int64_t tokens, std::optional<bool> price_known) {
  if (tokens == 0) return "$0";
  if ((price_known && !*price_known) || (!price_known && usd == 0)) {
    return "cost unknown: set [prices]";
  }
  return fmt::format("${:.4f}", usd);
}

std::string DurationText(double seconds) {
  if (seconds < 60) return fmt::format("{:.1f} s", seconds);
  auto whole = static_cast<int64_t>(std::llround(seconds));
  if (whole < 3600) return fmt::format("{} min {:02} s", whole / 60, whole % 60);
  return fmt::format("{} h {:02} min", whole / 3600, (whole % 3600) / 60);
}

std::string EvolveHeaderHtml(const EvolveFiles& f) {
  const EvolveManifest& m = f.manifest;
  std::string html = fmt::format("<header id=\"header\">\n<h1>evolve: {}</h1>\n",
                                 HtmlEscape(m.skill_name.empty() ? "(unnamed skill)" : m.skill_name));
  if (m.status == "failed") {
    html += fmt::format("<p class=\"warn\"><strong>This run achieved nothing:</strong> {}</p>\n",
                        HtmlEscape(m.failure));
  }
  html += "<dl class=\"kv\">\n";
  html += KvRow("command", "<code>trace2skill evolve</code>" +
                               (m.version.empty() ? "" : " " + HtmlEscape(m.version)));
  html += KvRow("input skill", "<code>" + HtmlEscape(m.skill_input) + "</code>");
  if (!m.skill_name.empty()) {
    html += KvRow("new skill", fmt::format("<a href=\"skill/{0}/SKILL.md\">skill/{0}/</a>",
                                           HtmlEscape(m.skill_name)));
  }
  std::string when = m.started.empty() ? "not recorded" : HtmlEscape(m.started);
  if (!m.finished.empty()) when += " &ndash; " + HtmlEscape(m.finished);
  html += KvRow("when", when);
  html += KvRow("duration", m.seconds ? DurationText(*m.seconds) : "not recorded");
  html += KvRow("analyst", HtmlEscape(m.analyst));
  html += KvRow("model", ModelText(m));
  html += KvRow("settings", SettingsText(m));
  std::string inputs;
  for (const std::string& p : m.trace_paths) inputs += "<code>" + HtmlEscape(p) + "</code> ";
  if (!m.store.empty()) inputs += "store <code>" + HtmlEscape(m.store) + "</code> ";
  if (!m.labels.empty()) inputs += "labels <code>" + HtmlEscape(m.labels) + "</code>";
  html += KvRow("trajectories from", inputs.empty() ? "not recorded" : inputs);
  html += "</dl>\n";
  html += "<p>Files: <a href=\"diff.patch\">diff.patch</a>, <a href=\"changelog.md\">changelog.md</a>, "
          "<a href=\"provenance.json\">provenance.json</a>, <a href=\"fates.json\">fates.json</a>, "
          "<a href=\"manifest.json\">manifest.json</a>.</p>\n";
  return html + "</header>\n";
}

std::string EvolveTotalsHtml(const EvolveFiles& f) {
  const EvolveManifest& m = f.manifest;
  std::string html = SectionTitle("totals", "Totals");
  html += "<table class=\"counts\"><tbody>\n";
  html += CountRow("trajectories read", m.Count("trajectories"));
  html += CountRow("selected", m.Count("selected"),
                   m.Count("unlabelled") == 0
                       ? ""
                       : HtmlEscape(fmt::format("{} unlabelled skipped", m.Count("unlabelled"))));
  if (m.Count("unreadable_records") > 0) html += CountRow("unreadable records", m.Count("unreadable_records"));
  html += CountRow("analyzed", m.Count("analyzed"));
  for (const auto& [key, value] : m.agentic) {
    if (key == "episodes" || key == "verified" || key == "unverified" || key == "golden_refusals") {
      std::string what = key == "episodes"          ? "agentic analyst episodes"
                         : key == "verified"        ? "verified by the checker (agentic)"
                         : key == "unverified"      ? "unverified (agentic)"
                                                    : "submits refused for quoting the ground truth";
      html += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td></td></tr>\n", what,
                          HtmlEscape(value));
    }
  }
  html += CountRow("edits proposed", m.Count("proposed_edits"));
  html += CountRow("edits applied", m.Count("applied_edits"));
  html += CountRow("edits routed to references/", m.Count("routed_edits"));
  html += CountRow("edits dropped at the end", m.Count("dropped_final_edits"));
  html += CountRow("validation errors", m.Count("validation_errors"));
  html += "</tbody></table>\n";

  html += "<h3>Model calls</h3>\n";
  if (!m.total) {
    html += fmt::format(
        "<p>{}</p>\n",
        HtmlEscape(m.analyst == "offline"
                       ? "No LLM was used: the offline analyst turned the miner's counts into "
                         "this patch (no tokens, no cost)."
                       : "No model calls were recorded."));
    return html;
  }
  if (m.price_known && !*m.price_known) {
    html += fmt::format("<p class=\"warn\">The price of {} is unknown: set <code>[prices]</code> in "
                        "trace2skill.toml to see costs.</p>\n",
                        HtmlEscape(m.model));
  }
  html += TableStart("", "totals",
                     {"stage", "calls", "failed", "from cache", "tokens this run", "cost this run",
                      "tokens originally paid", "cost originally paid"});
  for (const StageCalls& s : m.stages) html += StageRow(s, m.price_known);
  html += StageRow(*m.total, m.price_known);
  html += TableEnd();
  if (m.total->cache_hits > 0) {
    html += fmt::format(
        "<p>{} of {} calls were answered from the cache: this run paid nothing for them; "
        "\"originally paid\" counts what they cost when first asked.</p>\n",
        m.total->cache_hits, m.total->calls);
  }
  return html;
}

}  // namespace t2s
