// evolve --gate SUITE --gate-tasks A:B: S0 and the evolved S1 measured on a
// suite's tasks before S1 is called the result (bench/eval.h, the gate of
// bench/loop.h).
#ifndef T2S_CLI_EVOLVE_GATE_H_
#define T2S_CLI_EVOLVE_GATE_H_

#include <optional>
#include <string>

#include "base/status.h"
#include "cli/agent_flags.h"
#include "cli/command.h"
#include "llm/llm_config.h"

namespace CLI {
class App;
}

namespace t2s {

struct GateFlags {
  std::string suite;
  std::string tasks;
  std::string seeds = "41";
  double alpha = 0;
  AgentFlags agent;
};

void AddGateFlags(CLI::App* app, GateFlags* flags);

// Checks the flags and that the suite and its task range load, before
// evolve pays for anything. A usage error names the flag.
Status CheckGateFlags(const GateFlags& flags);

// Runs the gate in OUT/gate/ and reports on stdout; kOk when S1 is kept,
// kGateKeptSeed when not (S1 moved to OUT/candidate/NAME, S0 copied to
// OUT/skill/NAME), kPartial or kFailure when the runs did not finish.
// OUT/gate.json says which skill to use ("kept": null until decided).
// `dry_run`: prints the gate's bounds (S1 counted as S0), runs nothing.
ExitCode RunEvolveGate(const GateFlags& flags, const std::string& s0_dir,
                       const std::string& s1_dir, const std::string& out, const LlmConfig& llm,
                       std::optional<double> temperature, bool dry_run);

}  // namespace t2s

#endif  // T2S_CLI_EVOLVE_GATE_H_
