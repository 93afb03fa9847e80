// The reduce step: duplicate folding, grouping related patches, building
// merge prompts and turning merge answers into patches whose sources are
// computed by code.
#ifndef T2S_EVOLVE_MERGE_H_
#define T2S_EVOLVE_MERGE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "evolve/analysis.h"
#include "evolve/fates.h"
#include "skill/patch.h"

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
std::string MergeInput(const std::vector<const Edit*>& inputs, const std::string& skill_outline,
                       const std::string& evidence = "");

// The unit a merge answer makes of `inputs`: every output edit gets the
// union of the sources of the inputs it names in "from"; inputs named in
// "dropped" are recorded with their reason; inputs named nowhere are
// carried up unchanged. Output edits naming no known input are dropped.
PatchUnit ApplyMergeAnswer(const std::vector<const Edit*>& inputs, const MergeAnswer& answer,
                           const std::string& id, int level, Fates* fates);

// A unit holding every edit of `group` unchanged (a failed merge, or a
// group of one); `reason` is recorded when the merge failed.
PatchUnit CarryUp(const std::vector<const PatchUnit*>& group, const std::string& id, int level);

}  // namespace t2s

#endif  // T2S_EVOLVE_MERGE_H_
