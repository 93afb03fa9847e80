// The subcommand table: each subcommand lives in its own file and adds
// itself to the command line through a Setup function.
#ifndef T2S_CLI_COMMAND_H_
#define T2S_CLI_COMMAND_H_

#include <functional>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace t2s {

// Documented exit codes of every command.
enum class ExitCode : int {
  kOk = 0,       // done
  kFailure = 1,  // the work failed or found errors; one line on stderr says why
  kUsage = 2,    // the command line is wrong
  kPartial = 3,  // done, but part of the input was not used (skipped records, failed analyses)
  kGateKeptSeed = 4,  // loop, evolve --gate: no candidate beat the seed skill, which is kept
  kInterrupted = 130,  // Ctrl-C: what was done is kept; the same command resumes
};

// The exit codes for --help footers.
inline constexpr const char* kExitCodesHelp =
    "Exit codes: 0 done, 1 failure (one line on stderr says why; for evolve also: no trajectory\n"
    "analyzed, no proposed edit applied, or validation errors in the output), 2 bad usage,\n"
    "3 done, but part of the input was not used: records that could not be read, (evolve)\n"
    "analyses that failed (each reported on stderr and in fates.json), or (run, eval, loop)\n"
    "tasks that did not finish, 4 (loop, evolve --gate) the gate kept the seed skill: no\n"
    "candidate beat it, 130 interrupted (Ctrl-C; evolve, run, eval and loop keep every answer\n"
    "and the same command resumes).";

using CommandRunner = std::function<ExitCode()>;

struct Command {
  std::string_view name;
  std::string_view summary;
  // Declares the subcommand's options on `sub`; the runner reads them after parsing.
  CommandRunner (*setup)(CLI::App* sub);
};

const std::vector<Command>& AllCommands();

CommandRunner SetupValidate(CLI::App* sub);
CommandRunner SetupApply(CLI::App* sub);
CommandRunner SetupIngest(CLI::App* sub);
CommandRunner SetupTraces(CLI::App* sub);
CommandRunner SetupLlm(CLI::App* sub);
CommandRunner SetupEvolve(CLI::App* sub);
CommandRunner SetupMine(CLI::App* sub);
CommandRunner SetupRun(CLI::App* sub);
CommandRunner SetupEval(CLI::App* sub);
CommandRunner SetupLoop(CLI::App* sub);
CommandRunner SetupReport(CLI::App* sub);

// The trajectory store folder when --store is not given.
inline constexpr const char* kDefaultStore = "trace2skill-store";

}  // namespace t2s

#endif  // T2S_CLI_COMMAND_H_
