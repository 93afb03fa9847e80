// One page per trajectory (trajectories/<id>.html): its steps as the agent
// took them, with the steps an analyst cited highlighted, and what the run
// made of it.
#ifndef T2S_REPORT_TRAJECTORY_PAGE_H_
#define T2S_REPORT_TRAJECTORY_PAGE_H_

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "report/evolve_files.h"
#include "trace/trajectory.h"

namespace t2s {

struct TrajectoryPageInfo {
  std::string id;
  std::string run_title;  // "evolve: airline-support", shown in the page's heading
  std::string label;      // success | fail | unknown (from the run's records)
  std::string fate;       // analyzed | failed | ... (evolve) or the verdict (run)
  std::string reason;     // why, if the run recorded one
  std::string detail;     // the checker's message about the outcome
  std::vector<CauseText> causes;    // the analyst's diagnosis (level-0 patch)
  std::vector<LessonText> lessons;
  std::vector<std::string> edits;   // the applied edits it supports
  // Why the trajectory itself is not shown (not found at report time).
  std::string missing;
};

// The 1-based step numbers a diagnosis cites: "step 12", "steps 3, 5 and 7",
// "steps 4-6" in the causes' evidence, and every lesson's evidence_steps.
std::set<int64_t> CitedSteps(const std::vector<CauseText>& causes,
                             const std::vector<LessonText>& lessons);

// The page. `t` may be null (not found): the page then shows what the run
// folder records and says why the steps are missing.
std::string TrajectoryPageHtml(const TrajectoryPageInfo& info, const Trajectory* t);

// The lessons as an HTML list ("none" when there are none).
std::string LessonsHtml(const std::vector<LessonText>& lessons);

}  // namespace t2s

#endif  // T2S_REPORT_TRAJECTORY_PAGE_H_
