// Where an agentic analyst finds a failed trajectory's task: the suite, the
// task, and the agent's final workspace.
//
// A trajectory written by `trace2skill run` names them in its metadata:
// "suite_path" (or the run folder's results.json), "task_id", and
// "workspace" (relative to the run folder, the folder of the file it was
// read from). `--suite` names the suite for trajectories that do not; the
// task is then the metadata's task_id, else the trajectory's id.
#ifndef T2S_EVOLVE_ANALYST_TASK_H_
#define T2S_EVOLVE_ANALYST_TASK_H_

#include <map>
#include <memory>
#include <string>

#include "base/result.h"
#include "bench/suite.h"
#include "trace/trajectory.h"

namespace t2s {

struct AnalystTask {
  std::shared_ptr<const Suite> suite;
  const TaskSpec* task = nullptr;  // inside *suite
  // The agent's final files (absolute host folder); empty when they are not
  // available: the analyst then starts from the task's input files.
  std::string final_workspace;
  std::string final_message;  // the agent's last message without tool calls
};

class AnalystTasks {
 public:
  // `fallback`: the --suite given, or "": the suite of trajectories that
  // name none (a trajectory written by `run` keeps its own).
  explicit AnalystTasks(std::string fallback) : fallback_(std::move(fallback)) {}

  // The task of `t`, or why there is none (one line), e.g.
  //   "no suite: the trajectory was not written by trace2skill run (give --suite)"
  //   "suite examples/x: <why it cannot be loaded>"
  //   "task t9 is not in suite sums"
  Result<AnalystTask> Resolve(const Trajectory& t);

 private:
  Result<std::shared_ptr<const Suite>> Load(const std::string& spec);

  std::string fallback_;
  std::map<std::string, Result<std::shared_ptr<const Suite>>> suites_;
};

}  // namespace t2s

#endif  // T2S_EVOLVE_ANALYST_TASK_H_
