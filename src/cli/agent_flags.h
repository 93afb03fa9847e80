// The agent options that run, eval and loop share (--max-turns, --sandbox,
// ...), and turning them into SuiteRunOptions. Also the one-line error
// helpers every such command uses.
#ifndef T2S_CLI_AGENT_FLAGS_H_
#define T2S_CLI_AGENT_FLAGS_H_

#include <cstdint>
#include <string>

#include "base/result.h"
#include "bench/suite_run.h"
#include "cli/command.h"
#include "llm/llm_config.h"

namespace CLI {
class App;
}

namespace t2s {

struct AgentFlags {
  std::string skill_mode = "preload";
  std::string sandbox = "bwrap";
  int max_turns = 100;
  int jobs = 4;
  double tool_timeout_s = 120;
  int64_t episode_tokens = 0;
  double episode_seconds = 0;
  double temperature = -1;
  int max_tokens = 4096;
};

// Declares the flags on `app`; `sampling` false leaves out --temperature
// and --max-tokens (a command that has its own).
void AddAgentFlags(CLI::App* app, AgentFlags* flags, bool sampling = true);

// Checks the flags (a usage error names the flag) and fills everything of
// SuiteRunOptions but the suite, tasks, skill, out, seed and what comes
// from the LLM configuration (SetLlm).
Result<SuiteRunOptions> AgentRunOptions(const AgentFlags& flags);

// The model and prices of `llm`; prints the warning of --sandbox none on
// stderr, prefixed by `command` (once the command is sure to run).
void SetLlm(const LlmConfig& llm, const char* command, SuiteRunOptions* options);

// "trace2skill COMMAND: MESSAGE" on stderr; the exit code to return.
ExitCode FailWith(const char* command, const std::string& message);
ExitCode UsageError(const char* command, const std::string& message);

// The progress line printer of suite runs: "\r"-led on a terminal.
std::function<void(const std::string&)> ProgressPrinter();

}  // namespace t2s

#endif  // T2S_CLI_AGENT_FLAGS_H_
