// Applying a patch to a skill: every edit is resolved against the original
// files, overlapping edits are refused, and the survivors are applied at once.
#ifndef T2S_SKILL_APPLY_H_
#define T2S_SKILL_APPLY_H_

#include <cstddef>
#include <string>
#include <vector>

#include "skill/patch.h"
#include "skill/skill.h"

namespace t2s {

struct ApplyOptions {
  // replace_text may change the frontmatter `name` or `description`.
  bool allow_identity_edits = false;
  // Files ("scripts/run.py") or folders ("scripts/") no edit may touch.
  std::vector<std::string> protected_paths;
};

struct EditOutcome {
  std::string edit_id;
  std::string op;  // as written in the patch
  std::string file;
  bool applied = false;
  std::string reason;  // why it was not applied; empty when applied
  size_t line = 0;     // 1-based line of the original file it resolved to (0: none/whole file)
  size_t support = 0;  // distinct trajectory ids in its sources
};

struct ApplyResult {
  Skill skill;                        // the new skill (S1)
  std::vector<EditOutcome> outcomes;  // one per edit, in patch order

  size_t applied_count() const;
  size_t failed_count() const;
};

// Applies `patch` to `original` and returns the new skill with the fate of
// every edit. Never fails as a whole: a bad edit is an outcome with a reason.
// An edit fails when its op is unknown or a field is missing, its path is not
// allowed, crosses a symbolic link or is protected, its anchor/section/old
// text matches zero or several places, it overlaps an earlier edit of the
// patch, it adds a section whose heading (level and title) its file already
// has or an earlier edit of the patch adds, or it creates a references/ file
// that the new SKILL.md does not link. insert_after/insert_before go around
// the anchor's whole Markdown block (paragraph, list item, code block...).
ApplyResult ApplyPatch(const Skill& original, const Patch& patch, const ApplyOptions& options = {});

}  // namespace t2s

#endif  // T2S_SKILL_APPLY_H_
