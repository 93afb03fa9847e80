#include "evolve/offline_analyst.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "evolve/fates.h"
#include "evolve/run_folder.h"
#include "evolve/selection.h"
#include "skill/apply.h"
#include "skill/file_view.h"
#include "skill/validate.h"
#include "trace2skill/version.h"

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

Result<EvolveSummary> RunOfflineEvolve(const EvolveInputs& in, const EvolveOptions& o,
                                       const std::filesystem::path& out) {
  EvolveSummary summary;
  Fates fates;
  Miner miner;
  Unreadable unreadable;
  T2S_RETURN_IF_ERROR(StreamOf(in)(
      [&](Trajectory t) {
        ++summary.trajectories;
        std::string label(LabelName(t.outcome.label));
        if (t.outcome.label == Label::kUnknown) {
          fates.Trajectory(
              {t.id, label, "skipped", "no success/fail label (use --labels when ingesting)", 0});
          return;
        }
        fates.Trajectory({t.id, label, "analyzed", "", 0});
        ++summary.analyzed;
        miner.Add(t);
      },
      &unreadable));
  for (const auto& [where, why] : unreadable) fates.Trajectory({where, "unknown", "unreadable", why, 0});
  summary.unreadable = unreadable.size();
  if (summary.trajectories == 0) return Status::FailedPrecondition("no trajectories found");
  Evidence ev = miner.Finish();
  Patch patch = OfflinePatch(in.skill, ev);
  summary.proposed_edits = patch.edits.size();
  if (o.dry_run) {
    summary.dry_run_report =
        fmt::format("dry run (offline analyst, no LLM): {} trajectories, {} labelled, {} edits\n",
                    summary.trajectories, summary.analyzed, patch.edits.size());
    return summary;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(out, ec) &&
      std::filesystem::directory_iterator(out, ec) != std::filesystem::directory_iterator() &&
      !std::filesystem::exists(out / "manifest.json", ec) && !o.force) {
    return Status::AlreadyExists(fmt::format(
        "{}: folder is not empty and holds no run (use --force to write into it)", out.string()));
  }
  ApplyResult applied = ApplyPatch(in.skill, patch);
  for (size_t i = 0; i < applied.outcomes.size(); ++i) {
    const Edit& e = patch.edits[i];
    bool ok = applied.outcomes[i].applied;
    fates.Edit({e.id, ok ? "applied" : "dropped", "", ok ? "" : applied.outcomes[i].reason, "final",
                e.sources});
    (ok ? summary.applied_edits : summary.dropped_edits)++;
  }
  applied.skill.folder_name = in.skill.folder_name;
  ValidateOptions v;
  v.expected_name = in.skill.folder_name;
  v.max_skill_lines = o.max_skill_lines;
  std::vector<Finding> findings = ValidateSkill(applied.skill, v);
  summary.validation_errors = CountErrors(findings);

  nlohmann::ordered_json manifest;
  manifest["schema"] = "t2s.manifest/1";
  manifest["version"] = std::string(kVersion);
  manifest["analyst"] = "offline";
  manifest["llm"] = "none: no LLM was used (offline analyst; counts from trace2skill mine)";
  manifest["skill"] = {{"input", in.skill_dir}, {"name", in.skill.folder_name}};
  manifest["counts"] = {{"trajectories", summary.trajectories},
                        {"analyzed", summary.analyzed},
                        {"proposed_edits", summary.proposed_edits},
                        {"applied_edits", summary.applied_edits},
                        {"dropped_final_edits", summary.dropped_edits},
                        {"validation_errors", summary.validation_errors}};
  manifest["evidence"] = nlohmann::ordered_json::parse(ev.ToJson(10));

  PatchUnit unit;
  unit.id = "offline";
  unit.edits = patch.edits;
  unit.changelog = patch.changelog;
  RunRecord record;
  record.before = &in.skill;
  record.after = &applied.skill;
  record.skill_name = in.skill.folder_name;
  record.patches = {unit};
  record.final_patch = patch;
  record.outcomes = applied.outcomes;
  record.findings = findings;
  record.fates = &fates;
  record.manifest_json = manifest.dump(2) + "\n";
  record.llm_summary =
      "No LLM was used: the offline analyst turned the miner's counts into this patch.\n";
  T2S_RETURN_IF_ERROR(WriteRunFolder(out, record));
  summary.skill_out = (out / "skill" / in.skill.folder_name).string();
  return summary;
}

}  // namespace t2s
