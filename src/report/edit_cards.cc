#include "report/edit_cards.h"

#include <fmt/format.h>

#include "base/text.h"
#include "report/diff_html.h"
#include "report/page.h"
#include "report/trajectory_page.h"

namespace t2s {
namespace {

bool IsRouting(const ProvenanceEdit& e) { return e.id.rfind("route-", 0) == 0; }

// The lines the edit changed: the hunks of diff.patch where its text now
// is, else the edit's own text as it was proposed.
std::string EditDiff(const ProvenanceEdit& e, const EvolveFiles& f,
                     const std::vector<DiffHunk>& hunks) {
  if (e.now_file) {
    std::vector<const DiffHunk*> at = HunksAt(hunks, *e.now_file, e.now_first, e.now_last);
    if (!at.empty()) {
      std::string text;
      for (const DiffHunk* h : at) text += TrimHunk(*h, e.now_first, e.now_last, 2);
      return fmt::format("<p class=\"muted\">{} lines {}&ndash;{} in the new skill:</p>\n",
                         HtmlEscape(*e.now_file), e.now_first, e.now_last) +
             DiffHtml(text);
    }
  }
  for (const DiffHunk& h : hunks) {
    // A deleted file or section has no text in the new skill: its hunks.
    if ((e.op == "delete_file" && h.file == e.file)) return DiffHtml(h.text);
  }
  const PatchEdit* p = f.FinalEdit(e.id);
  if (p == nullptr) return "<p class=\"none\">no diff hunk found for this edit</p>\n";
  std::string text;
  for (std::string_view line : SplitLines(p->old_text)) text += "-" + std::string(line) + "\n";
  for (std::string_view line : SplitLines(p->content)) text += "+" + std::string(line) + "\n";
  if (text.empty()) return "<p class=\"none\">the edit carries no text</p>\n";
  return "<p class=\"muted\">as proposed (its text is not found whole in the new skill):</p>\n" +
         DiffHtml(text);
}

std::string SourcesHtml(const std::vector<std::string>& sources) {
  if (sources.empty()) return "<span class=\"none\">none</span>";
  std::string html;
  for (const std::string& s : sources) html += (html.empty() ? "" : ", ") + TrajectoryLink(s);
  return html;
}

std::string OriginsHtml(const std::vector<OriginRow>& origins) {
  if (origins.empty()) return "";
  std::string html = fmt::format("<details><summary>{} analyst edit{} behind it</summary><ul>\n",
                                 origins.size(), origins.size() == 1 ? "" : "s");
  for (const OriginRow& o : origins) {
    html += fmt::format("<li><code>{}</code> from {}: <span class=\"muted\">{}</span></li>\n",
                        HtmlEscape(o.edit), TrajectoryLink(o.trajectory), HtmlEscape(o.path));
  }
  return html + "</ul></details>\n";
}

std::string Card(const ProvenanceEdit& e, const EvolveFiles& f, const std::vector<DiffHunk>& hunks) {
  std::string kind = IsRouting(e) ? "routed" : "applied";
  std::string badge = IsRouting(e)          ? "routed to references/ (support below --min-support)"
                      : e.patch == "restructure" ? "applied (restructuring: SKILL.md over its budget)"
                                                 : "applied";
  std::string target = e.file + (e.section.empty() ? "" : " " + e.section);
  std::string html = fmt::format(
      "<div class=\"card {}\" id=\"edit-{}\">\n<h3>{} <code>{}</code> {}</h3>\n"
      "<p>{} &middot; support {} &middot; made in <code>{}</code> &middot; sources: {}</p>\n",
      kind, HtmlEscape(e.id), HtmlEscape(e.id), HtmlEscape(e.op), HtmlEscape(target),
      HtmlEscape(badge), e.support, HtmlEscape(e.patch), SourcesHtml(e.sources));
  html += EditDiff(e, f, hunks);
  if (e.patch != "restructure") html += "<h4>Lessons behind it</h4>\n" + LessonsHtml(e.lessons);
  html += OriginsHtml(e.origins);
  return html + "</div>\n";
}

}  // namespace

std::string EditCardsHtml(const EvolveFiles& f) {
  std::string html = SectionTitle("edits", "Edits in the new skill");
  if (f.provenance.empty()) return html + NoneLine();
  std::vector<DiffHunk> hunks = SplitDiff(f.diff);
  for (const ProvenanceEdit& e : f.provenance) html += Card(e, f, hunks);
  return html;
}

}  // namespace t2s
