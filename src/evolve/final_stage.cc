#include "evolve/final_stage.h"

#include <fmt/format.h>

#include "evolve/finalize.h"
#include "evolve/route.h"
#include "evolve/settle.h"
#include "evolve/stop.h"

namespace t2s {

Result<Finished> Finish(std::vector<Edit> edits, const FinishInputs& in, LlmClient* client,
                        Fates* fates, EvolveSummary* summary, const ProgressFn& progress) {
  const EvolveOptions& o = *in.options;
  const Skill& seed = *in.seed;
  Finished f;
  // Support decides what reaches SKILL.md, and which edit wins a conflict.
  summary->min_support = o.min_support > 0 ? o.min_support : DefaultMinSupport(summary->analyzed);
  summary->min_support_from =
      o.min_support > 0
          ? "--min-support"
          : fmt::format("default for {} analyzed trajectories: max(1, round(sqrt(n)/3))",
                        summary->analyzed);
  RouteResult routed = RouteLowSupport(seed, std::move(edits), summary->min_support, o.route, fates);
  summary->routed_edits = routed.routed;
  summary->dropped_edits += routed.dropped;
  f.final_patch.edits = std::move(routed.edits);
  OrderBySupport(&f.final_patch.edits);
  // The lessons files and their SKILL.md section come last, so that an
  // edit at the end of SKILL.md's last section stays in that section.
  for (Edit& e : routed.routing) f.final_patch.edits.push_back(std::move(e));

  // Every edit against S0 at once; one repair call for those that failed.
  f.applied = ApplyPatch(seed, f.final_patch);
  ExplainConflicts(f.final_patch.edits, &f.applied.outcomes);
  if (client != nullptr) {
    client->set_progress(
        [&](size_t done, size_t total, size_t failed) { progress("repair", done, total, failed); });
    RepairFailedEdits(seed, o, *in.llm, *in.prompts, client, &f.final_patch, &f.applied);
    T2S_RETURN_IF_ERROR(CheckStopped(*client, in.out));
  }
  for (size_t i = 0; i < f.applied.outcomes.size(); ++i) {
    const Edit& e = f.final_patch.edits[i];
    if (f.applied.outcomes[i].applied) {
      fates->Edit({e.id, "applied", "", "", "final", e.sources});
      if (e.id.rfind("route-", 0) != 0) ++summary->applied_edits;  // routing is counted as routed
    } else {
      fates->Edit({e.id, "dropped", "", f.applied.outcomes[i].reason, "final", e.sources});
      ++summary->dropped_edits;
    }
  }
  f.applied.skill.folder_name = seed.folder_name;

  // Over budget: one call moving detail to references/, kept only when it
  // removed nothing.
  if (client != nullptr) {
    client->set_progress([&](size_t done, size_t total, size_t failed) {
      progress("restructure", done, total, failed);
    });
    Restructured r = Restructure(f.applied.skill, o, *in.llm, *in.prompts, client, &summary->notes);
    T2S_RETURN_IF_ERROR(CheckStopped(*client, in.out));
    f.applied.skill = std::move(r.skill);
    for (size_t i = 0; i < r.edits.size(); ++i) {
      const EditOutcome& oc = r.outcomes[i];
      fates->Edit({r.edits[i].id, oc.applied ? "applied" : "dropped", "", oc.reason, "restructure",
                   {}});
    }
    f.restructure_edits = std::move(r.edits);
    f.restructure_outcomes = std::move(r.outcomes);
  }

  ValidateOptions v;
  v.expected_name = seed.folder_name;
  v.max_skill_lines = o.max_skill_lines;
  f.findings = ValidateSkill(f.applied.skill, v);
  summary->validation_errors = CountErrors(f.findings);
  return f;
}

}  // namespace t2s
