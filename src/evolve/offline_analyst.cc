#include "evolve/offline_analyst.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "evolve/fates.h"
#include "evolve/selection.h"
#include "skill/apply.h"
#include "skill/file_view.h"

namespace t2s {
namespace {

std::vector<std::string> Ids(const std::set<std::string>& s) { return {s.begin(), s.end()}; }

void AddAll(std::set<std::string>* into, const std::set<std::string>& from) {
  into->insert(from.begin(), from.end());
}

std::string Percent(double x) { return fmt::format("{:.0f}%", 100 * x); }

}  // namespace

Patch OfflinePatch(const Skill& skill, const Evidence& ev, size_t top) {
  Patch patch;
  patch.id = "offline";
  std::vector<const SignatureStats*> sigs;
  for (const SignatureStats& s : ev.signatures) {
    if (s.trajectories.size() >= 2 && sigs.size() < top) sigs.push_back(&s);
  }
  if (sigs.empty() && ev.recoveries.empty()) return patch;

  std::set<std::string> all_sources;
  std::string doc = fmt::format(
      "# Observed failures\n\nMeasured by `trace2skill mine` on {} trajectories ({} successful, {} "
      "failed). "
      "No LLM was used: these are counts, not judgements.\n\n## Errors that recur\n\n",
      ev.trajectories, ev.successes, ev.failures);
  for (const SignatureStats* s : sigs) {
    AddAll(&all_sources, s->trajectories);
    std::string tools;
    for (const std::string& t : s->tools) tools += (tools.empty() ? "" : ", ") + ("`" + t + "`");
    doc += fmt::format(
        "- `{}`{} — seen in {} of {} failed runs ({} trajectories in all); runs with it failed {} "
        "of "
        "the time, runs without it {}.\n",
        s->signature, tools.empty() ? "" : " from " + tools, s->affected_failed, ev.failures,
        s->trajectories.size(), Percent(s->failure_rate), Percent(s->failure_rate_others));
    if (!s->examples.empty()) {
      doc += fmt::format("  Example: {} step {}: \"{}\"\n", s->examples[0].trajectory,
                         s->examples[0].step, s->examples[0].message);
    }
  }
  doc += "\n## Fixes observed in successful runs\n\n";
  if (ev.recoveries.empty()) doc += "None with enough support yet.\n";
  for (size_t i = 0; i < std::min(top, ev.recoveries.size()); ++i) {
    const Recovery& r = ev.recoveries[i];
    AddAll(&all_sources, r.trajectories);
    doc += fmt::format(
        "- After `{}` from `{}`, the call succeeded when the agent {} (seen in {} successful "
        "runs).\n",
        r.signature, r.tool, r.change, r.trajectories.size());
  }
  doc += "\n## Tool patterns by outcome\n\n";
  if (ev.correlates.empty()) doc += "None with enough support yet.\n";
  for (size_t i = 0; i < std::min<size_t>(5, ev.correlates.size()); ++i) {
    const Correlate& c = ev.correlates[i];
    doc += fmt::format("- `{}`: in {} of successful runs, {} of failed runs.\n", c.pattern,
                       Percent(c.success_share), Percent(c.fail_share));
  }

  Edit file;
  file.id = "offline-e1";
  file.op = EditOp::kCreateFile;
  file.op_name = "create_file";
  file.file = kObservedFailuresFile;
  file.content = doc;
  file.replace = skill.Find(kObservedFailuresFile) != nullptr;
  file.sources = Ids(all_sources);
  patch.edits.push_back(file);

  FileView view(std::string(kSkillFile), *skill.Find(kSkillFile));
  if (view.sections().FindAll(ParseHeadingRef("## Observed failures")).empty()) {
    std::string section = fmt::format(
        "Read [observed failures](references/observed-failures.md) when a tool call fails: it "
        "lists the errors "
        "seen in {} past runs and the fixes that worked.\n",
        ev.trajectories);
    std::set<std::string> bullet_sources;
    for (size_t i = 0; i < std::min<size_t>(3, sigs.size()); ++i) {
      const SignatureStats* s = sigs[i];
      AddAll(&bullet_sources, s->trajectories);
      section += fmt::format("\n- `{}` (seen in {} of {} failed runs)", s->signature,
                             s->affected_failed, ev.failures);
    }
    Edit add;
    add.id = "offline-e2";
    add.op = EditOp::kAddSection;
    add.op_name = "add_section";
    add.file = std::string(kSkillFile);
    add.section = "## Observed failures";
    add.content = section + "\n";
    add.sources = Ids(bullet_sources.empty() ? all_sources : bullet_sources);
    patch.edits.push_back(add);
  }
  patch.changelog = {
      fmt::format("Add observed failures measured on {} trajectories (offline analyst, no LLM)",
                  ev.trajectories)};
  return patch;
}

Result<std::vector<PatchUnit>> OfflineAnalyst::Analyze(const AnalystInputs& in, Fates* fates,
                                                       EvolveSummary* summary) {
  Patch patch = OfflinePatch(*in.seed, in.selection->evidence);
  // Each trajectory's fate counts the edits whose counts it is a source of.
  std::map<std::string, int> edits_of;
  for (const Edit& e : patch.edits) {
    for (const std::string& id : e.sources) ++edits_of[id];
  }
  for (const SelectedTrajectory& t : in.selection->selected) {
    int n = edits_of.count(t.id) > 0 ? edits_of[t.id] : 0;
    fates->Trajectory({t.id, std::string(LabelName(t.label)), "analyzed",
                       n > 0 ? "counted by the miner" : "counted by the miner; no edit cites it",
                       n});
  }
  summary->analyzed = in.selection->selected.size();
  summary->proposed_edits = patch.edits.size();
  if (patch.edits.empty()) return std::vector<PatchUnit>{};
  PatchUnit unit;
  unit.id = "offline";
  unit.edits = std::move(patch.edits);
  for (size_t i = 0; i < unit.edits.size(); ++i) unit.edits[i].id = fmt::format("offline-e{}", i + 1);
  unit.changelog = std::move(patch.changelog);
  return std::vector<PatchUnit>{std::move(unit)};
}

}  // namespace t2s
