#include "cli/command.h"

namespace t2s {

const std::vector<Command>& AllCommands() {
  // In the order a user meets them: the main job first.
  static const std::vector<Command> commands = {
      {"evolve", "Improve a skill from trajectories (analysts, hierarchical merge, apply)", &SetupEvolve},
      {"run", "Run an agent on a suite's tasks in a sandbox, recording trajectories", &SetupRun},
      {"eval", "Measure skills on a suite's tasks: pass rates, intervals, paired tests", &SetupEval},
      {"loop", "The paper end to end: run, evolve per seed, select, gate, held-out eval", &SetupLoop},
      {"report", "Render report.html of a finished evolve, run, eval or loop folder", &SetupReport},
      {"mine", "Count what recurs, fails and recovers across trajectories (no LLM)", &SetupMine},
      {"ingest", "Read trajectories (files, folders, -) into the store", &SetupIngest},
      {"traces", "Look at stored trajectories: stats, ls, show ID", &SetupTraces},
      {"validate", "Check a skill folder against the spec, budgets and links", &SetupValidate},
      {"apply", "Apply a t2s.patch/1 file to a skill, writing a new skill folder", &SetupApply},
      {"llm", "Smoke-test an LLM endpoint: ping, chat PROMPT", &SetupLlm},
  };
  return commands;
}

}  // namespace t2s
