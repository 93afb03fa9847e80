// evolve --gate SUITE --gate-tasks A:B: S0 and the evolved S1 measured on a
// suite's tasks before S1 is called the result (bench/eval.h, the gate of
// bench/loop.h). S1 stays OUT/skill/NAME only when it wins; otherwise it is
// moved to OUT/candidate/NAME and OUT/gate.json says to keep S0.
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
// kGateKeptSeed when not, kPartial or kFailure when the runs did not finish.
ExitCode RunEvolveGate(const GateFlags& flags, const std::string& s0_dir,
                       const std::string& s1_dir, const std::string& out, const LlmConfig& llm,
                       std::optional<double> temperature);

}  // namespace t2s

#endif  // T2S_CLI_EVOLVE_GATE_H_
