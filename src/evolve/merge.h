// The reduce step: duplicate folding, grouping related patches, building
// merge prompts and turning merge answers into patches whose sources are
// computed by code.
#ifndef T2S_EVOLVE_MERGE_H_
#define T2S_EVOLVE_MERGE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "evolve/analysis.h"
#include "evolve/fates.h"
#include "skill/apply.h"
#include "skill/patch.h"
#include "skill/skill.h"

namespace t2s {

// A patch on its way up the merge tree.
struct PatchUnit {
  std::string id;  // "a-<trajectory>" at level 0, "m<level>-<group>" above
  int level = 0;
  std::vector<std::string> inputs;  // ids of the units merged into this one
  std::vector<Edit> edits;          // each with its id and sources
  std::vector<std::string> changelog;
  // Level 0: the analyst's diagnosis of its trajectory (why the edits exist).
  std::vector<Cause> causes;
  std::vector<Lesson> lessons;
  // Level 0: an agentic analysis no check verified, kept by
  // --keep-unverified; patches/ and provenance.json say so.
  bool unverified = false;
};

// Folds edits that are exactly the same (file, op, target and content,
// whitespace-insensitive) into their first occurrence, which takes the
// union of their sources. Each folded edit is recorded as merged-into;
// units left with no edit are removed.
void FoldDuplicates(std::vector<PatchUnit>* units, Fates* fates);

// Splits `units` into groups of at most `fan_in`, putting units that edit
// the same file and section next to each other first. Deterministic.
std::vector<std::vector<size_t>> GroupUnits(const std::vector<PatchUnit>& units, size_t fan_in);

// The merge prompt's user message: each input edit as "E<n>" with its
// support and trajectory ids, and the skill's outline.
// Where a merge prompt's own edits begin; what comes before is shared by
// the merge calls of a level.
inline constexpr std::string_view kMergeEditsHeading = "# Input edits\n\n";

std::string MergeInput(const std::vector<const Edit*>& inputs, const std::string& skill_outline,
                       const std::string& evidence = "");

// The unit a merge answer makes of `inputs` (the edits the prompt named
// E1, E2, ... in that order). Every output edit is verified first
// (evolve/merged_edit_check.h: well-formed, applies to `s0` on its own with
// `options`, plausibly carries each input it names in "from"):
//  - a verified output edit gets the id "<id>-e<k>" (k counts every output
//    edit of the answer, kept or not) and the union of the sources of the
//    inputs it names, never the model's; those inputs become
//    merged-into(<that id>);
//  - an unverified output edit is dropped with the reason
//    "unverified merge output: <why>", and consumes nothing;
//  - an output edit naming no known input is dropped with the reason
//    "the merge produced it from no known input edit";
//  - an input named in "dropped" and covered by no verified output edit is
//    dropped with the model's reason ("dropped by the merge" when empty);
//  - every other input is carried up unchanged, after the kept output
//    edits, in input order, with the internal fate "carried" and the reason
//    "carried up: <output id> was not verified (<why>)" when an unverified
//    output named it, else "the merge neither covered nor dropped it".
// For each unverified output edit the unit's changelog gets the line
//   "<output id> not kept (<why>); carried up unchanged: <input ids>"
// (input ids "none" when every input it named went elsewhere).
// The unit's `inputs` are left empty for the caller.
PatchUnit ApplyMergeAnswer(const Skill& s0, const std::vector<const Edit*>& inputs,
                           const MergeAnswer& answer, const std::string& id, int level,
                           Fates* fates, const ApplyOptions& options = {});

// A unit holding every edit of `group` unchanged (a failed merge, or a
// group of one); `reason` is recorded when the merge failed.
PatchUnit CarryUp(const std::vector<const PatchUnit*>& group, const std::string& id, int level);

}  // namespace t2s

#endif  // T2S_EVOLVE_MERGE_H_
