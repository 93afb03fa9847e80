// The evolve report's tables: what did not reach the skill and why, the
// merge tree, the validation findings and every trajectory's fate.
#ifndef T2S_REPORT_EVOLVE_TABLES_H_
#define T2S_REPORT_EVOLVE_TABLES_H_

#include <string>

#include "report/evolve_files.h"

namespace t2s {

// <h2 id="dropped">: edits dropped or routed (with support and reason),
// then trajectories whose analysis failed or was unverified, or that were
// unreadable; each part "none" when empty.
std::string DroppedHtml(const EvolveFiles& f);

// <h2 id="merge-tree">: the final patch, then each patch with its inputs
// as nested <details> down to the analysts' level-0 patches.
std::string MergeTreeHtml(const EvolveFiles& f);

// <h2 id="findings">: the new skill's validation findings, or "none".
std::string FindingsHtml(const EvolveFiles& f);

// <h2 id="trajectories">: every trajectory with its label, fate and
// reason, each id a link to its page, filtered by a text box.
std::string TrajectoryTableHtml(const EvolveFiles& f);

}  // namespace t2s

#endif  // T2S_REPORT_EVOLVE_TABLES_H_
