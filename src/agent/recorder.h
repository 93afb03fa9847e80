// The recorder: a finished episode as a t2s.trajectory/1 trajectory that
// `evolve` reads directly (the checker's verdict is its outcome).
#ifndef T2S_AGENT_RECORDER_H_
#define T2S_AGENT_RECORDER_H_

#include <string>

#include "agent/episode.h"
#include "trace/trajectory.h"

namespace t2s {

enum class VerdictKind { kPass, kFail, kError };
// "pass", "fail", "error".
std::string_view VerdictName(VerdictKind kind);

// What the episode is and where it ran, for the trajectory's metadata.
struct EpisodeContext {
  std::string suite;      // the suite's name
  std::string suite_path; // where it was read: an absolute folder or spreadsheetbench:PATH
  std::string task_type;  // the task's type, "" if none
  std::string workspace;  // the final files, relative to the run folder ("workspaces/t1")
  std::string skill;      // the skill's folder name, or "none"
  std::string skill_mode; // preload | files
  std::string model;
};

// Outcome: pass -> success (reward 1), fail -> fail (reward 0), error ->
// fail when the episode did not finish (max turns, token cap, wall time:
// the agent's failure), unknown when the checker could not run. The detail
// is the checker's message or the episode's error; the source "checker",
// or "harness" for an episode that did not finish.
Trajectory EpisodeTrajectory(const EpisodeSpec& spec, const EpisodeResult& episode,
                             const EpisodeContext& context, VerdictKind verdict,
                             const std::string& detail);

}  // namespace t2s

#endif  // T2S_AGENT_RECORDER_H_
