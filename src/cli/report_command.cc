// trace2skill report RUN_DIR: (re)render report.html of a finished folder.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>

#include "cli/command.h"
#include "report/render_report.h"

namespace t2s {
namespace {

struct ReportArgs {
  std::string dir;
};

ExitCode RunReport(const ReportArgs& args) {
  std::error_code ec;
  if (!std::filesystem::is_directory(args.dir, ec)) {
    fmt::print(stderr, "trace2skill report: {}: not a folder\n", args.dir);
    return ExitCode::kFailure;
  }
  FolderKind kind = DetectFolderKind(args.dir);
  Status rendered = RenderReport(args.dir);
  if (!rendered.ok()) {
    fmt::print(stderr, "trace2skill report: {}\n", rendered.message());
    return ExitCode::kFailure;
  }
  std::filesystem::path out = std::filesystem::path(args.dir) / "report.html";
  fmt::print("wrote {} ({} folder){}\n", out.string(), FolderKindName(kind),
             kind == FolderKind::kEvolve || kind == FolderKind::kRun
                 ? fmt::format(" and {}/", (std::filesystem::path(args.dir) / "trajectories").string())
                 : "");
  return ExitCode::kOk;
}

}  // namespace

CommandRunner SetupReport(CLI::App* sub) {
  auto args = std::make_shared<ReportArgs>();
  sub->add_option("RUN_DIR", args->dir,
                  "A folder written by evolve, run, eval or loop")
      ->required();
  sub->footer(
      "Renders RUN_DIR/report.html (and, for evolve and run folders, one page per trajectory\n"
      "under RUN_DIR/trajectories/) from the files the command left there; nothing else is read\n"
      "but the trajectories named by an evolve run's manifest. One self-contained file: no\n"
      "network, fonts or scripts are fetched.\n"
      "Exit codes: 0 written, 1 not a finished run folder or a file that cannot be read or\n"
      "written (one line on stderr), 2 bad usage.\n\n"
      "Examples (from the repository root, after the first example of trace2skill evolve --help):\n"
      "  trace2skill report out/airline-offline");
  return [args] { return RunReport(*args); };
}

}  // namespace t2s
