// trace2skill run: the agent on a suite's tasks, in a sandbox, recorded as
// trajectories that evolve reads (bench/suite_run.h).
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <cstdlib>
#include <memory>

#include "base/clock.h"
#include "bench/suite_run.h"
#include "cli/agent_flags.h"
#include "cli/command.h"
#include "cli/json_stdout.h"
#include "cli/llm_flags.h"
#include "cli/progress_meter.h"
#include "cli/usage_help.h"
#include "sandbox/sandbox.h"

namespace t2s {
namespace {

struct RunArgs {
  std::string suite;
  std::string skill;
  std::string out;
  std::string tasks;
  std::string shard;
  int64_t seed = -1;
  AgentFlags agent;
  LlmFlags llm;
  bool json = false;
};

ExitCode RunRunCommand(RunArgs args) {
  const char* kCommand = "run";
  Result<SuiteRunOptions> options = AgentRunOptions(args.agent);
  if (!options.ok()) return UsageError(kCommand, options.status().message());
  SuiteRunOptions& o = *options;
  o.suite = args.suite;
  o.out = args.out;
  o.tasks = args.tasks;
  if (!args.shard.empty()) {
    Result<ShardSpec> shard = ParseShardSpec(args.shard, "--shard");
    if (!shard.ok()) return UsageError(kCommand, shard.status().message());
    o.shard = *shard;
  }
  if (args.skill != "none") o.skill_dir = args.skill;
  if (args.seed >= 0) o.agent.sampling.seed = args.seed;
  if (!args.llm.cache.empty() && args.llm.no_cache) {
    return UsageError(kCommand, "--cache and --no-cache exclude each other");
  }
  Result<LlmConfig> llm = ResolveLlmConfig(args.llm, [](const char* n) { return std::getenv(n); });
  if (!llm.ok()) return FailWith(kCommand, llm.status().message());
  PrintConfigSources(*llm, kCommand);
  SetLlm(*llm, kCommand, &o);
  o.cache = args.llm.cache;
  o.no_cache = args.llm.no_cache;
  std::unique_ptr<Transport> transport = MakeCurlTransport();
  ProgressMeter meter = ProgressMeter::OnStderr(*llm);
  o.progress = nullptr;
  o.on_count = [&meter](size_t done, size_t total, size_t not_passed) {
    meter.Update("run", done, total, not_passed);
  };
  Result<SuiteRunSummary> s = RunSuite(o, llm->provider, llm->endpoints, llm->options,
                                       transport.get(), RealClock(), meter.Attacher());
  if (!s.ok()) {
    // A --tasks that does not parse or selects nothing is a usage error.
    if (s.status().message().rfind("task range", 0) == 0) {
      return UsageError(kCommand, s.status().message());
    }
    FailWith(kCommand, s.status().message());
    return WasInterrupted() ? ExitCode::kInterrupted : ExitCode::kFailure;
  }
  size_t finished = s->passed + s->failed + s->errors;
  fmt::print("{}: {} tasks: {} pass, {} fail, {} error{}\n", s->suite_name, s->tasks.size(),
             s->passed, s->failed, s->errors,
             s->unfinished > 0 ? fmt::format(", {} unfinished", s->unfinished) : "");
  size_t resumed = 0;
  for (const TaskResult& t : s->tasks) resumed += t.resumed ? 1 : 0;
  if (resumed > 0 || s->spend.cached_turns > 0) {
    fmt::print("resumed: {} tasks finished in an earlier run, {} model turns answered from the "
               "cache\n",
               resumed, s->spend.cached_turns);
  }
  fmt::print("{}\n", meter.TotalsLine());
  fmt::print("wrote {0}/trajectories.jsonl, {0}/results.json; open {0}/report.html\n", args.out);
  if (s->unfinished > 0) {
    fmt::print(stderr,
               "trace2skill run: {} of {} tasks did not finish ({}); run the same command again "
               "to resume them\n",
               s->unfinished, s->tasks.size(), s->stop_reason);
    if (WasInterrupted()) return ExitCode::kInterrupted;
    return finished == 0 ? ExitCode::kFailure : ExitCode::kPartial;
  }
  return ExitCode::kOk;
}

}  // namespace

CommandRunner SetupRun(CLI::App* sub) {
  auto args = std::make_shared<RunArgs>();
  sub->add_option("--suite", args->suite,
                  "A t2s.suite/1 folder, or spreadsheetbench:PATH (dataset.json + spreadsheet/)")
      ->required();
  sub->add_option("--skill", args->skill, "The skill folder the agent gets, or none (the baseline)")
      ->required();
  sub->add_option("--out", args->out, "The run folder (re-running the same command resumes it)")
      ->required();
  sub->add_option("--tasks", args->tasks, "Tasks A:B by index, half-open as a Python slice (default: all)");
  sub->add_option("--shard", args->shard,
                  "Run share i of n of the selected tasks (one job of an array; each its own --out)");
  sub->add_option("--seed", args->seed, "Sampling seed sent to the model");
  AddAgentFlags(sub, &args->agent);
  AddLlmFlags(sub, &args->llm);
  sub->get_option("--cache")->description(
      "A response cache shared between runs, consulted after OUT/run.sqlite and written with it");
  sub->get_option("--no-cache")->description(
      "Reuse no answer, not even from OUT/run.sqlite (answers are still recorded there)");
  sub->footer(
      "Writes OUT/trajectories.jsonl (t2s.trajectory/1, for evolve), results.json (t2s.results/1),\n"
      "workspaces/<id>/, report.html and run.sqlite. Re-running the same command resumes: finished\n"
      "tasks are not run again and no answered model turn is asked again.\n\n"
      "Examples (from the repository root; a model endpoint is needed):\n"
      "  trace2skill run --suite examples/suite-demo --skill none --out out/demo-s0 \\\n"
      "      --base-url http://localhost:8000/v1 --model Qwen/Qwen3-32B --concurrency 32\n"
      "  trace2skill run --suite examples/suite-demo --tasks 0:3 \\\n"
      "      --skill examples/skills/workspace-tasks --out out/demo-s1 --model gpt-4o\n\n"
      "For run, exit code 3 means some tasks finished and others did not (the model calls\n"
      "failed: the same command resumes them); 1 means none finished or the run could not start.");
  GroupOptions(sub, "Inputs", {"--suite", "--skill", "--tasks", "--shard"});
  GroupOptions(sub, "Model", {"--seed"});
  sub->add_flag("--json", args->json,
                "Print results.json on stdout when done, with \"exit_code\" (the lines for people go "
                "to stderr)");
  GroupOptions(sub, "Output", {"--out", "--json"});
  return [args] {
    JsonStdout out(args->json);
    ExitCode code = RunRunCommand(*args);
    out.EmitResult(std::filesystem::path(args->out) / "results.json", code);
    return code;
  };
}

}  // namespace t2s
