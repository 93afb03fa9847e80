// Verifying one edit of a merge answer before it may replace its inputs
// (issue 11: every model answer in consolidation is verified before it
// counts). An output edit that fails here does not consume the input edits
// it claims; ApplyMergeAnswer (evolve/merge.h) carries them up instead.
//
// The checks, in order; the first failure is the verdict:
//  1. Well-formed: the edit parsed without a problem (known op, the fields
//     its op needs).                                   "malformed: <problem>"
//  2. Applies to S0: ApplyPatch(s0, {edit}) applies it, with the options the
//     final apply uses (path rules, protected files, anchor found exactly
//     once, ...).                        "does not apply to S0: <reason>"
//     The pairing of a new references/ file with a link from SKILL.md is a
//     property of the whole final patch, not of one edit: it is not checked
//     here (the final apply checks it).
//  3. Carries each claimed input, a deliberately simple, deterministic rule:
//     a. when a claimed input has content (non-blank), the output's content
//        must be non-blank;                "its content is empty but E2's is not"
//     b. when a claimed input's content has key words, the output's content
//        must share at least one of them ("its content shares no word with
//        E2's"), and at least a third of them, half when the input aimed at
//        another file or section ("its content carries 1 of the 4 key words
//        of E2, which aimed elsewhere (needs 2)").
//     A key word is a maximal run of ASCII letters, digits, '_' and non-ASCII
//     bytes, ASCII-lowercased, at least 4 bytes long and not one of a short
//     fixed list of English function words ("with", "when", "that", ...).
//     An input whose content has no key word ("- a") is exempt from (b).
//     Paraphrase that keeps no content word of an input fails (b): the
//     input is then carried up, which costs a duplicate, never a lesson.
#ifndef T2S_EVOLVE_MERGED_EDIT_CHECK_H_
#define T2S_EVOLVE_MERGED_EDIT_CHECK_H_

#include <string>
#include <vector>

#include "base/status.h"
#include "skill/apply.h"
#include "skill/patch.h"
#include "skill/skill.h"

namespace t2s {

// An input edit an output edit claims to cover, with the name the merge
// prompt gave it ("E2"). `edit` is not owned.
struct ClaimedInput {
  std::string name;
  const Edit* edit = nullptr;
};

// Check 1. FailedPrecondition with the message above on failure.
Status CheckMergedEditWellFormed(const Edit& merged);

// Checks 1 and 2. FailedPrecondition with the message above on failure.
Status CheckMergedEditApplies(const Skill& s0, const Edit& merged, const ApplyOptions& options);

// Check 3. FailedPrecondition with the message above on failure; inputs are
// checked in the order given.
Status CheckMergedEditCarries(const Edit& merged, const std::vector<ClaimedInput>& claimed);

// Checks 1, 2 and 3 in that order.
Status VerifyMergedEdit(const Skill& s0, const Edit& merged,
                        const std::vector<ClaimedInput>& claimed, const ApplyOptions& options);

}  // namespace t2s

#endif  // T2S_EVOLVE_MERGED_EDIT_CHECK_H_
