#include "report/evolve_report.h"

#include <fmt/format.h>

#include <cstdlib>
#include <map>
#include <set>

#include "base/file_io.h"
#include "base/text.h"
#include "report/diff_html.h"
#include "report/edit_cards.h"
#include "report/evolve_header.h"
#include "report/evolve_tables.h"
#include "report/page.h"
#include "report/trajectory_page.h"
#include "report/trajectory_source.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;

// The verdict in one paragraph: what a reviewer decides on.
std::string SummaryHtml(const EvolveFiles& f) {
  const EvolveManifest& m = f.manifest;
  size_t errors = 0, warnings = 0;
  if (m.validation) {
    for (const ValidationLine& v : *m.validation) (v.severity == "error" ? errors : warnings)++;
  } else {
    errors = static_cast<size_t>(m.Count("validation_errors"));
  }
  std::string html = fmt::format(
      "<p id=\"summary\"><strong>{} applied</strong>, {} routed to references/, {} dropped at the "
      "end, of {} proposed; {} of {} selected trajectories analyzed; validation: {}, {}.</p>\n",
      Plural(m.Count("applied_edits"), "edit"), m.Count("routed_edits"),
      m.Count("dropped_final_edits"), m.Count("proposed_edits"), m.Count("analyzed"),
      m.Count("selected"), Plural(static_cast<long long>(errors), "error"),
      Plural(static_cast<long long>(warnings), "warning"));
  auto agentic = [&](const char* key) -> std::string {
    for (const auto& [k, v] : m.agentic) {
      if (k == key) return v;
    }
    return "0";
  };
  if (!m.agentic.empty()) {
    auto n = [&](const char* key) { return std::atoll(agentic(key).c_str()); };
    html += fmt::format(
        "<p>Agentic analysts: {}, {} verified by the checker, {} unverified ({}), {} refused for "
        "quoting the ground truth.</p>\n",
        Plural(n("episodes"), "episode"), n("verified"), n("unverified"),
        agentic("unverified_kept") == "true" ? "kept, flagged" : "left out",
        Plural(n("golden_refusals"), "submit"));
  }
  if (!m.notes.empty()) {
    html += "<ul class=\"notes\">\n";
    for (const std::string& n : m.notes) html += "<li>note: " + HtmlEscape(n) + "</li>\n";
    html += "</ul>\n";
  }
  return html;
}

std::string ChangelogHtml(const EvolveFiles& f) {
  std::string html = SectionTitle("changes", "Changelog and the whole diff");
  html += f.changelog.empty() ? NoneLine() : "<pre>" + HtmlEscape(f.changelog) + "</pre>\n";
  html += f.diff.empty() ? "<p class=\"none\">no change to the skill</p>\n"
                         : "<details><summary>diff.patch</summary>\n" + DiffHtml(f.diff) +
                               "</details>\n";
  return html;
}

// Trajectory id -> its analyst's level-0 patch.
std::map<std::string, const PatchFile*> Level0ByTrajectory(const EvolveFiles& f) {
  std::map<std::string, const PatchFile*> out;
  for (const auto& [id, p] : f.patches) {
    if (p.level != 0 || id == "final" || id == "restructure") continue;
    for (const PatchEdit& e : p.edits) {
      for (const std::string& s : e.sources) out.emplace(s, &p);
    }
  }
  return out;
}

Status WriteTrajectoryPages(const fs::path& dir, const EvolveFiles& f, std::string* note) {
  std::set<std::string> wanted;
  for (const TrajectoryFateRow& t : f.trajectories) {
    if (t.fate != "unreadable") wanted.insert(t.id);
  }
  TrajectoryInput input{f.manifest.trace_paths, f.manifest.store, f.manifest.labels};
  FoundTrajectories found;
  if (!wanted.empty()) found = FindTrajectories(input, wanted);
  size_t missing = 0;
  for (const std::string& id : wanted) missing += found.by_id.count(id) == 0 ? 1 : 0;
  if (missing > 0) {
    *note = fmt::format("{} of {} trajectories could not be found at report time{}; their pages "
                        "show what the run folder records.",
                        missing, wanted.size(), found.problem.empty() ? "" : " (" + found.problem + ")");
  }
  std::map<std::string, const PatchFile*> level0 = Level0ByTrajectory(f);
  std::map<std::string, std::vector<std::string>> supports;
  for (const ProvenanceEdit& e : f.provenance) {
    for (const std::string& s : e.sources) supports[s].push_back(e.id);
  }
  std::error_code ec;
  fs::remove_all(dir / "trajectories", ec);
  std::string title = "evolve: " + f.manifest.skill_name;
  for (const TrajectoryFateRow& row : f.trajectories) {
    if (row.fate == "unreadable") continue;
    TrajectoryPageInfo info;
    info.id = row.id;
    info.run_title = title;
    info.label = row.label;
    info.fate = row.fate;
    info.reason = row.reason;
    if (auto p = level0.find(row.id); p != level0.end()) {
      info.causes = p->second->causes;
      info.lessons = p->second->lessons;
    }
    if (auto s = supports.find(row.id); s != supports.end()) info.edits = s->second;
    info.missing = found.problem.empty() ? "not in the run's inputs" : found.problem;
    auto t = found.by_id.find(row.id);
    const Trajectory* trajectory = t == found.by_id.end() ? nullptr : &t->second;
    T2S_RETURN_IF_ERROR(WriteFileAtomic(dir / "trajectories" / TrajectoryFileName(row.id),
                                        TrajectoryPageHtml(info, trajectory)));
  }
  return Status::Ok();
}

}  // namespace

std::string EvolveReportHtml(const EvolveFiles& f, const std::string& trajectories_note) {
  std::string body = EvolveHeaderHtml(f);
  body += SummaryHtml(f);
  body += EvolveTotalsHtml(f);
  body += EditCardsHtml(f);
  body += DroppedHtml(f);
  body += MergeTreeHtml(f);
  body += FindingsHtml(f);
  body += ChangelogHtml(f);
  std::string table = TrajectoryTableHtml(f);
  if (!trajectories_note.empty()) {
    // Right under the section's title.
    size_t at = table.find("</h2>\n");
    if (at != std::string::npos) {
      table.insert(at + 6, "<p class=\"warn\">" + HtmlEscape(trajectories_note) + "</p>\n");
    }
  }
  body += table;
  return HtmlPage("evolve: " + f.manifest.skill_name, body);
}

Status RenderEvolveReport(const fs::path& dir) {
  T2S_ASSIGN_OR_RETURN(EvolveFiles f, LoadEvolveFiles(dir));
  std::string note;
  T2S_RETURN_IF_ERROR(WriteTrajectoryPages(dir, f, &note));
  return WriteFileAtomic(dir / "report.html", EvolveReportHtml(f, note));
}

}  // namespace t2s
