// trace2skill: dispatches to one subcommand; the work is in the library.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <exception>
#include <map>
#include <string>

#include "cli/command.h"
#include "cli/usage_help.h"
#include "trace2skill/version.h"

int main(int argc, char** argv) {
  using t2s::ExitCode;
  try {
    CLI::App app{"trace2skill: turn agent trajectories into better Agent Skills", "trace2skill"};
    app.set_version_flag("--version", std::string(t2s::kVersion));
    app.require_subcommand(1);
    app.footer(t2s::kExitCodesHelp);
    std::map<CLI::App*, t2s::CommandRunner> runners;
    for (const t2s::Command& c : t2s::AllCommands()) {
      CLI::App* sub = app.add_subcommand(std::string(c.name), std::string(c.summary));
      runners[sub] = c.setup(sub);
      std::string footer = sub->get_footer();
      sub->footer((footer.empty() ? "" : footer + "\n\n") + t2s::kExitCodesHelp);
    }
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
      t2s::UsageAdvice advice = t2s::AdviseUsage(app, argc, argv);
      if (!advice.replaces_error) fmt::print(stderr, "trace2skill: {}\n", e.what());
      fmt::print(stderr, "{}", advice.lines);
      return static_cast<int>(ExitCode::kUsage);
    }
    for (CLI::App* sub : app.get_subcommands()) {
      ExitCode code = runners.at(sub)();
      if (code == ExitCode::kUsage) {
        fmt::print(stderr, "Run 'trace2skill {0} --help' for the options of {0}.\n", sub->get_name());
      }
      return static_cast<int>(code);
    }
    return static_cast<int>(ExitCode::kUsage);
  } catch (const std::exception& e) {
    fmt::print(stderr, "trace2skill: internal error: {}\n", e.what());
    return static_cast<int>(ExitCode::kFailure);
  }
}
