#include "evolve/finalize.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/text.h"
#include "evolve/analysis.h"
#include "evolve/answer_schema.h"
#include "evolve/requests.h"
#include "evolve/restructure_check.h"
#include "skill/validate.h"

namespace t2s {
namespace {

Patch EditsOf(MergeAnswer answer) {
  Patch patch;
  for (MergedEdit& e : answer.edits) patch.edits.push_back(std::move(e.edit));
  return patch;
}

}  // namespace

Result<Skill> DraftSkill(const EvolveOptions& o, const LlmConfig& llm, const PromptSet& prompts,
                         LlmClient* client) {
  std::string user = fmt::format(
      "Skill name: {}\nWhat the agent does: {}\n\nDraft the first version: answer with a t2s_patch "
      "JSON object whose edits are create_file operations (file, content; the other fields null), "
      "one for SKILL.md.\n",
      o.new_name, o.about);
  CallResult r = client->Call(
      MakeRequest("draft", llm, o, prompts.Get("draft.md"), user, kPatchAnswer));
  if (!r.ok()) return Status::FailedPrecondition("drafting the skill failed: " + r.error);
  T2S_ASSIGN_OR_RETURN(MergeAnswer answer, ParsePatchAnswer(r.response->json));
  Skill empty;
  empty.folder_name = o.new_name;
  ApplyResult drafted = ApplyPatch(empty, EditsOf(std::move(answer)));
  if (drafted.skill.Find(kSkillFile) == nullptr) {
    std::string why;
    for (const EditOutcome& out : drafted.outcomes) {
      if (!out.applied) why = "; " + out.reason;
    }
    return Status::FailedPrecondition("drafting the skill failed: the answer created no SKILL.md" +
                                      why);
  }
  drafted.skill.folder_name = o.new_name;
  return std::move(drafted.skill);
}

void RepairFailedEdits(const Skill& s0, const EvolveOptions& o, const LlmConfig& llm,
                       const PromptSet& prompts, LlmClient* client, Patch* patch,
                       ApplyResult* applied) {
  std::vector<size_t> failed;
  for (size_t i = 0; i < applied->outcomes.size(); ++i) {
    if (!applied->outcomes[i].applied) failed.push_back(i);
  }
  if (failed.empty()) return;
  std::string user = "# SKILL.md\n\n" + SkillMd(s0) + "\n\n# Edits that failed\n\n";
  for (size_t i : failed) {
    user += fmt::format("id {}: {}\n  failed: {}\n", patch->edits[i].id,
                        EditFieldsJson(patch->edits[i]), applied->outcomes[i].reason);
  }
  user +=
      "\nAnswer with a t2s_patch JSON object {\"edits\": [...], \"changelog\": [...]}; give each "
      "corrected edit the \"id\" of the failed edit it corrects.\n";
  CallResult repair =
      client->Call(MakeRequest("repair", llm, o, prompts.Get("repair.md"), user, kPatchAnswer));
  if (!repair.ok()) return;
  Result<MergeAnswer> fixes = ParsePatchAnswer(repair.response->json);
  if (!fixes.ok()) return;
  // A correction counts only when it applies and every edit that applied
  // still does: the repair can add applied edits, never remove one.
  for (MergedEdit& fix : fixes->edits) {
    auto it = std::find_if(failed.begin(), failed.end(), [&](size_t i) {
      return !fix.from.empty() && patch->edits[i].id == fix.from.front();
    });
    if (it == failed.end()) continue;  // not traceable to a failed edit
    // A correction may fix where an addition goes, not turn it into a
    // removal of the skill's text.
    auto removes = [](EditOp op) {
      return op == EditOp::kReplaceText || op == EditOp::kDeleteSection ||
             op == EditOp::kDeleteFile;
    };
    if (!removes(patch->edits[*it].op) && removes(fix.edit.op)) {
      applied->outcomes[*it].reason += fmt::format(
          "; its repair was refused: it turns {} into {}", EditOpName(patch->edits[*it].op),
          EditOpName(fix.edit.op));
      continue;
    }
    Patch trial = *patch;
    Edit& target = trial.edits[*it];
    std::string id = target.id;
    std::vector<std::string> sources = target.sources;
    target = fix.edit;
    target.id = id;
    target.sources = sources;
    ApplyResult result = ApplyPatch(s0, trial);
    std::string refused;
    for (size_t k = 0; k < result.outcomes.size() && refused.empty(); ++k) {
      if (applied->outcomes[k].applied && !result.outcomes[k].applied) {
        refused = fmt::format("it would undo edit {} ({})", trial.edits[k].id,
                              result.outcomes[k].reason);
      }
    }
    if (refused.empty() && !result.outcomes[*it].applied) refused = result.outcomes[*it].reason;
    if (!refused.empty()) {
      EditOutcome& o = applied->outcomes[*it];
      o.reason += fmt::format("; its repair was refused: {}", refused);
      continue;
    }
    *patch = std::move(trial);
    *applied = std::move(result);
  }
}

Restructured Restructure(const Skill& s1, const EvolveOptions& o, const LlmConfig& llm,
                         const PromptSet& prompts, LlmClient* client,
                         std::vector<std::string>* notes) {
  Restructured out;
  out.skill = s1;
  size_t lines = CountLines(SkillMd(s1));
  if (lines <= o.max_skill_lines) return out;
  std::string user = fmt::format(
      "SKILL.md has {} lines; the budget is {}.\n\n# SKILL.md\n\n{}\n\nAnswer with a t2s_patch "
      "JSON object.\n",
      lines, o.max_skill_lines, SkillMd(s1));
  CallResult r = client->Call(
      MakeRequest("restructure", llm, o, prompts.Get("restructure.md"), user, kPatchAnswer));
  Result<MergeAnswer> answer =
      r.ok() ? ParsePatchAnswer(r.response->json) : Result<MergeAnswer>(Status::Internal(r.error));
  if (!answer.ok()) {
    notes->push_back("restructuring failed: " + answer.status().message());
    return out;
  }
  Patch patch = EditsOf(std::move(*answer));
  for (size_t i = 0; i < patch.edits.size(); ++i) {
    patch.edits[i].id = fmt::format("restructure-e{}", i + 1);
  }
  ApplyResult moved = ApplyPatch(s1, patch);
  moved.skill.folder_name = s1.folder_name;
  out.edits = patch.edits;
  out.outcomes = moved.outcomes;
  // Refused as a whole: every edit of the answer is on record with the reason.
  auto refuse = [&](const std::string& why) {
    notes->push_back("restructuring was not kept: " + why);
    for (EditOutcome& oc : out.outcomes) {
      if (oc.applied) oc.reason = "the restructuring was not kept: " + why;
      oc.applied = false;
    }
    return out;
  };
  if (Status kept = CheckRestructure(s1, moved.skill); !kept.ok()) return refuse(kept.message());
  ValidateOptions v;
  v.max_skill_lines = o.max_skill_lines;
  v.expected_name = s1.folder_name;
  std::vector<Finding> after = ValidateSkill(moved.skill, v);
  bool fits = CountLines(SkillMd(moved.skill)) <= o.max_skill_lines;
  if (!fits || CountErrors(after) >= CountErrors(ValidateSkill(s1, v))) {
    return refuse("it did not bring SKILL.md within budget without new errors");
  }
  notes->push_back(fmt::format("restructured: SKILL.md {} -> {} lines", lines,
                               CountLines(SkillMd(moved.skill))));
  out.skill = std::move(moved.skill);
  out.kept = true;
  return out;
}

}  // namespace t2s
