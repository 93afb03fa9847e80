#include "report/evolve_tables.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "base/text.h"
#include "report/page.h"

namespace t2s {
namespace {

std::string Links(const std::vector<std::string>& ids) {
  std::string html;
  std::set<std::string> seen;
  for (const std::string& id : ids) {
    if (!seen.insert(id).second) continue;
    html += (html.empty() ? "" : ", ") + TrajectoryLink(id);
  }
  return html.empty() ? "-" : html;
}

size_t Distinct(const std::vector<std::string>& ids) {
  return std::set<std::string>(ids.begin(), ids.end()).size();
}

std::string PatchSummary(const PatchFile& p) {
  std::string what = p.id == "final"         ? "final patch"
                     : p.id == "restructure" ? "restructuring"
                     : p.level == 0          ? "analyst patch"
                                             : fmt::format("merge, level {}", p.level);
  std::string from;
  if (p.level == 0) {
    std::vector<std::string> sources;
    for (const PatchEdit& e : p.edits) sources.insert(sources.end(), e.sources.begin(), e.sources.end());
    if (!sources.empty()) from = " from " + Links(sources);
  }
  return fmt::format("<code>{}</code> {} &middot; {}{}{}", HtmlEscape(p.id), what,
                     Plural(static_cast<long long>(p.edits.size()), "edit"),
                     p.inputs.empty() ? "" : fmt::format(" &middot; {} inputs", p.inputs.size()),
                     from);
}

std::string PatchEdits(const PatchFile& p) {
  if (p.edits.empty()) return "";
  std::string html = "<ul>\n";
  for (const PatchEdit& e : p.edits) {
    html += fmt::format("<li><code>{}</code> {} {}{} &middot; support {}</li>\n", HtmlEscape(e.id),
                        HtmlEscape(e.op), HtmlEscape(e.file),
                        e.section.empty() ? "" : " " + HtmlEscape(e.section), Distinct(e.sources));
  }
  return html + "</ul>\n";
}

void Node(const EvolveFiles& f, const std::string& id, int depth, std::set<std::string>* shown,
          std::string* html) {
  const PatchFile* p = f.Patch(id);
  if (p == nullptr) {
    *html += fmt::format("<p><code>{}</code> (no file in patches/)</p>\n", HtmlEscape(id));
    return;
  }
  shown->insert(id);
  *html += fmt::format("<details{}><summary>{}</summary>\n", depth == 0 ? " open" : "",
                       PatchSummary(*p));
  if (!p->rationale.empty()) *html += "<p>" + HtmlEscape(p->rationale) + "</p>\n";
  *html += PatchEdits(*p);
  for (const std::string& input : p->inputs) {
    if (depth < 64) Node(f, input, depth + 1, shown, html);
  }
  *html += "</details>\n";
}

}  // namespace

std::string DroppedHtml(const EvolveFiles& f) {
  std::string html = SectionTitle("dropped", "Not in the skill as proposed: dropped and routed edits, failed analyses");
  html += "<h3>Edits</h3>\n";
  std::string rows;
  for (const EditFateRow& e : f.edits) {
    if (e.fate != "dropped" && e.fate != "routed") continue;
    std::string fate = e.fate == "routed" ? "routed into " + e.into : e.fate;
    rows += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                        "<td>{}</td></tr>\n",
                        HtmlEscape(e.id), HtmlEscape(fate), Distinct(e.sources), Links(e.sources),
                        HtmlEscape(e.patch), HtmlEscape(e.reason));
  }
  if (rows.empty()) {
    html += NoneLine();
  } else {
    html += TableStart("dropped-edits", "", {"edit", "fate", "support", "sources", "patch", "reason"}) +
            rows + TableEnd();
  }
  html += "<h3>Analyses that failed or were not verified</h3>\n";
  rows.clear();
  for (const TrajectoryFateRow& t : f.trajectories) {
    if (t.fate != "failed" && t.fate != "unverified" && t.fate != "unreadable") continue;
    std::string id = t.fate == "unreadable" ? "<code>" + HtmlEscape(t.id) + "</code>" : TrajectoryLink(t.id);
    rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", id,
                        HtmlEscape(t.label), HtmlEscape(t.fate), HtmlEscape(t.reason));
  }
  if (rows.empty()) {
    html += NoneLine();
  } else {
    html += TableStart("failed-analyses", "", {"trajectory", "label", "fate", "reason"}) + rows +
            TableEnd();
  }
  return html;
}

std::string MergeTreeHtml(const EvolveFiles& f) {
  std::string html = SectionTitle("merge-tree", "Merge tree");
  if (f.patches.empty()) return html + NoneLine();
  html += "<p><button type=\"button\" data-details=\"open\">open all</button> "
          "<button type=\"button\" data-details=\"close\">close all</button></p>\n";
  // The roots: patches no other patch names as an input, highest level first.
  std::set<std::string> inputs;
  for (const auto& [id, p] : f.patches) inputs.insert(p.inputs.begin(), p.inputs.end());
  std::vector<const PatchFile*> roots;
  for (const auto& [id, p] : f.patches) {
    if (inputs.count(id) == 0 && id != "final" && id != "restructure") roots.push_back(&p);
  }
  std::stable_sort(roots.begin(), roots.end(),
                   [](const PatchFile* a, const PatchFile* b) { return a->level > b->level; });
  std::set<std::string> shown;
  if (const PatchFile* final_patch = f.Patch("final")) {
    shown.insert("final");
    html += fmt::format("<details open><summary>{}</summary>\n", PatchSummary(*final_patch));
    html += PatchEdits(*final_patch);
    for (const std::string& input : final_patch->inputs) Node(f, input, 1, &shown, &html);
    for (const PatchFile* r : roots) {
      if (shown.count(r->id) == 0) Node(f, r->id, 1, &shown, &html);
    }
    html += "</details>\n";
  } else {
    for (const PatchFile* r : roots) Node(f, r->id, 0, &shown, &html);
  }
  if (f.Patch("restructure") != nullptr) Node(f, "restructure", 0, &shown, &html);
  return html;
}

std::string FindingsHtml(const EvolveFiles& f) {
  std::string html = SectionTitle("findings", "Validation findings");
  if (!f.manifest.validation) {
    return html + "<p class=\"none\">not recorded in this run's manifest (" +
           Plural(f.manifest.Count("validation_errors"), "validation error") + ")</p>\n";
  }
  if (f.manifest.validation->empty()) return html + NoneLine();
  html += "<ul>\n";
  for (const ValidationLine& v : *f.manifest.validation) {
    std::string where = v.line == 0 ? v.file : fmt::format("{}:{}", v.file, v.line);
    html += fmt::format("<li class=\"{}\"><code>{}</code>: {}: {} ({})</li>\n",
                        v.severity == "error" ? "warn" : "", HtmlEscape(where),
                        HtmlEscape(v.severity), HtmlEscape(v.message), HtmlEscape(v.rule));
  }
  return html + "</ul>\n";
}

std::string TrajectoryTableHtml(const EvolveFiles& f) {
  std::string html = SectionTitle("trajectories", "Trajectories");
  if (f.trajectories.empty()) return html + NoneLine();
  html += "<p><input class=\"filter\" type=\"search\" data-filter=\"trajectory-table\" "
          "placeholder=\"filter by id, label or fate\" aria-label=\"filter trajectories\"></p>\n";
  html += TableStart("trajectory-table", "", {"trajectory", "label", "fate", "edits", "reason"});
  for (const TrajectoryFateRow& t : f.trajectories) {
    std::string id = t.fate == "unreadable" ? "<code>" + HtmlEscape(t.id) + "</code>" : TrajectoryLink(t.id);
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                        id, HtmlEscape(t.label), HtmlEscape(t.fate),
                        t.fate == "analyzed" ? std::to_string(t.edits) : "", HtmlEscape(t.reason));
  }
  return html + TableEnd();
}

}  // namespace t2s
