// trace2skill mine TRACES...: the offline evidence, as tables or JSON.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/command.h"
#include "store/trajectory_input.h"
#include "mine/miner.h"

namespace t2s {
namespace {

struct MineArgs {
  TrajectoryInput input;
  bool json = false;
  size_t top = 10;
  MineOptions options;
};

ExitCode RunMine(const MineArgs& args) {
  if (args.input.paths.empty() && args.input.store.empty()) {
    fmt::print(stderr, "trace2skill mine: give TRACES... or --store DIR\n");
    return ExitCode::kUsage;
  }
  // Streamed: memory holds counts and ids, never the trajectories.
  Miner miner(args.options);
  Status st = ForEachTrajectory(args.input, [&](Trajectory t) { miner.Add(t); });
  if (!st.ok()) {
    fmt::print(stderr, "trace2skill mine: {}\n", st.message());
    return ExitCode::kFailure;
  }
  Evidence ev = miner.Finish();
  fmt::print("{}", args.json ? ev.ToJson(args.top) : ev.Summary(args.top));
  return ExitCode::kOk;
}

}  // namespace

CommandRunner SetupMine(CLI::App* sub) {
  auto args = std::make_shared<MineArgs>();
  sub->add_option("TRACES", args->input.paths,
                  "Trajectory files or folders (any supported format)");
  sub->add_option("--store", args->input.store, "A trajectory store made by `ingest`");
  sub->add_option("--labels", args->input.labels, "CSV or JSONL of id,label[,reward]");
  sub->add_flag("--json", args->json, "Print JSON (schema t2s.evidence/1)");
  sub->add_option("--top", args->top, "Rows per table (0: all, with --json)")
      ->capture_default_str();
  sub->add_option("--min-support", args->options.min_support,
                  "Fewest trajectories behind a recovery or pattern")
      ->capture_default_str();
  sub->footer(
      "Counts error signatures (with failure rates and lift), per-tool errors, recoveries in "
      "successful runs\n"
      "and tool patterns that differ between outcomes. No LLM is used.\n\n"
      "Examples (from the repository root):\n"
      "  trace2skill mine examples/traces/airline-runs.jsonl --top 5\n"
      "  trace2skill mine examples/traces/airline-runs.jsonl --json --top 0");
  return [args] { return RunMine(*args); };
}

}  // namespace t2s
