// Conflicts settled by evidence: the final edits go to apply in order of
// support, so where two overlap the better-supported one wins, and
// insertions at the same point land by support then id, whatever order
// the trajectories came in.
#ifndef T2S_EVOLVE_SETTLE_H_
#define T2S_EVOLVE_SETTLE_H_

#include <vector>

#include "skill/apply.h"
#include "skill/patch.h"

namespace t2s {

// Sorts by support, highest first; ties by id (ids follow the trajectories'
// id order and the merge tree, not the input order).
void OrderBySupport(std::vector<Edit>* edits);

// Rewrites the reason of each edit that lost an overlap to name the winner
// and both supports: "conflicts with L1-0002-e1, support 3 vs 17: overlaps
// edit L1-0002-e1 (SKILL.md lines 12-14)".
void ExplainConflicts(const std::vector<Edit>& edits, std::vector<EditOutcome>* outcomes);

}  // namespace t2s

#endif  // T2S_EVOLVE_SETTLE_H_
