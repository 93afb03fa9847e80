// Prevalence acts (the paper's routing of low-support observations): an
// edit to SKILL.md that fewer than K trajectories back does not reach
// SKILL.md. When it adds text, it goes to a references/ file, one per
// SKILL.md section it would have touched, linked from SKILL.md; otherwise
// (or with routing off) it is dropped with the reason.
#ifndef T2S_EVOLVE_ROUTE_H_
#define T2S_EVOLVE_ROUTE_H_

#include <string>
#include <vector>

#include "evolve/fates.h"
#include "skill/patch.h"
#include "skill/skill.h"

namespace t2s {

// The heading of the SKILL.md section linking the routed lessons.
inline constexpr const char* kRoutedHeading = "## Less frequent lessons";

// The default K for `analyzed` trajectories: max(1, round(sqrt(n) / 3)),
// so 1 below 20, 2 at 36, 5 at 200, 11 at 1,000: a lesson must recur more
// as the pool grows, but a small pool keeps what it has.
size_t DefaultMinSupport(size_t analyzed);

struct RouteResult {
  std::vector<Edit> edits;    // to apply: the supported ones
  std::vector<Edit> routing;  // to apply after them: the lessons files and their links
  size_t routed = 0;          // low-support edits moved to references/
  size_t dropped = 0;         // low-support edits dropped
};

// Splits `edits` by support against `min_support`. Routed edits are
// recorded in `fates` as "routed" into the edit that carries them
// ("route-eN", creating references/lessons-<section>.md, a further
// lessons-<section>-2.md past `max_file_lines`); dropped ones as "dropped"
// with the reason. An edit's section is its own or, for an anchored one,
// the S0 section holding its anchor. Relative links in routed text are
// rebased for its new folder.
RouteResult RouteLowSupport(const Skill& seed, std::vector<Edit> edits, size_t min_support,
                            bool route, Fates* fates, size_t max_file_lines = 250);

}  // namespace t2s

#endif  // T2S_EVOLVE_ROUTE_H_
