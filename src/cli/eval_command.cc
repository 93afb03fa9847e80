// trace2skill eval: several skills on the same tasks and seeds, with the
// statistics that say whether one helps (bench/eval.h).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "base/clock.h"
#include "bench/eval.h"
#include "bench/eval_combine.h"
#include "bench/eval_report.h"
#include "cli/agent_flags.h"
#include "cli/command.h"
#include "cli/json_stdout.h"
#include "cli/llm_flags.h"
#include "cli/progress_meter.h"
#include "cli/seed_list.h"
#include "cli/usage_help.h"

namespace t2s {
namespace {

struct EvalArgs {
  std::string suite;
  std::string tasks;
  std::string shard;
  std::vector<std::string> combine;
  std::vector<std::string> skills;
  std::string out;
  std::string seeds = "41";
  double alpha = 0.05;
  bool json = false;
  bool dry_run = false;
  bool force = false;
  AgentFlags agent;
  LlmFlags llm;
};

// eval --combine: the shards' folders joined into --out; nothing is run.
ExitCode RunCombine(const EvalArgs& args) {
  const char* kCommand = "eval";
  if (!args.suite.empty() || !args.skills.empty() || !args.tasks.empty() || !args.shard.empty() ||
      args.dry_run) {
    return UsageError(kCommand,
                      "--combine joins finished shards: give only their folders, --out (and "
                      "--force, --json); the shards hold the suite, skills and seeds");
  }
  Result<CombinedEval> r = CombineEvals(args.combine, args.out, args.force);
  if (!r.ok()) return FailWith(kCommand, r.status().message());
  const EvalSummary& s = r->summary;
  fmt::print("{}: {} task{} x {} seed{} from {} shards (pass rate, 95 % interval, against {})\n{}",
             s.suite_name, s.rows.size(), s.rows.size() == 1 ? "" : "s", s.seeds.size(),
             s.seeds.size() == 1 ? "" : "s", args.combine.size(),
             s.skills.empty() ? "" : s.skills[0].label, EvalText(s));
  fmt::print("wrote {0}/eval.json; open {0}/report.html\n", args.out);
  if (!r->stop_reason.empty()) {
    fmt::print(stderr, "trace2skill eval: not every shard finished: {}\n", r->stop_reason);
    return ExitCode::kPartial;
  }
  return ExitCode::kOk;
}

ExitCode RunEvalCommand(EvalArgs args) {
  const char* kCommand = "eval";
  if (!args.combine.empty()) return RunCombine(args);
  if (args.suite.empty()) return UsageError(kCommand, "--suite is required (or --combine DIR...)");
  if (args.skills.empty()) return UsageError(kCommand, "--skill is required (or --combine DIR...)");
  Result<SuiteRunOptions> run = AgentRunOptions(args.agent);
  if (!run.ok()) return UsageError(kCommand, run.status().message());
  Result<std::vector<int64_t>> seeds = ParseSeedList(args.seeds);
  if (!seeds.ok()) return UsageError(kCommand, seeds.status().message());
  if (args.alpha <= 0 || args.alpha >= 1) {
    return UsageError(kCommand, fmt::format("--alpha: expected a level between 0 and 1, got {}", args.alpha));
  }
  if (!args.llm.cache.empty() && args.llm.no_cache) {
    return UsageError(kCommand, "--cache and --no-cache exclude each other");
  }
  EvalOptions o;
  o.suite = args.suite;
  o.tasks = args.tasks;
  if (!args.shard.empty()) {
    Result<ShardSpec> shard = ParseShardSpec(args.shard, "--shard");
    if (!shard.ok()) return UsageError(kCommand, shard.status().message());
    o.shard = *shard;
  }
  o.skills = LabelSkills(args.skills);
  o.seeds = *seeds;
  o.out = args.out;
  o.alpha = args.alpha;
  o.dry_run = args.dry_run;
  o.force = args.force;
  o.run = std::move(*run);
  o.run.cache = args.llm.cache;
  o.run.no_cache = args.llm.no_cache;
  Result<LlmConfig> llm = ResolveLlmConfig(args.llm, [](const char* n) { return std::getenv(n); });
  if (!llm.ok()) return FailWith(kCommand, llm.status().message());
  PrintConfigSources(*llm, kCommand);
  SetLlm(*llm, kCommand, &o.run);
  ProgressMeter meter = ProgressMeter::OnStderr(*llm);
  std::string stage = "eval";
  o.on_run = [&stage](const std::string& label, int64_t seed, size_t n, size_t total) {
    stage = fmt::format("run {}/{}: skill {}, seed {}", n, total, label, seed);
  };
  o.run.progress = nullptr;
  o.run.on_count = [&meter, &stage](size_t done, size_t total, size_t not_passed) {
    meter.Update(stage, done, total, not_passed);
  };
  std::unique_ptr<Transport> transport = MakeCurlTransport();
  Result<EvalResult> r = RunEval(o, llm->provider, llm->endpoints, llm->options, transport.get(),
                                 RealClock(), meter.Attacher());
  if (!r.ok()) {
    if (r.status().message().rfind("task range", 0) == 0) {
      return UsageError(kCommand, r.status().message());
    }
    FailWith(kCommand, r.status().message());
    return WasInterrupted() ? ExitCode::kInterrupted : ExitCode::kFailure;
  }
  if (args.dry_run) {
    fmt::print("{}", r->dry_run_report);
    return ExitCode::kOk;
  }
  const EvalSummary& s = r->summary;
  fmt::print("{}: {} task{} x {} seed{} (pass rate, 95 % interval, against {})\n{}",
             s.suite_name, s.rows.size(), s.rows.size() == 1 ? "" : "s", s.seeds.size(),
             s.seeds.size() == 1 ? "" : "s", o.skills[0].label, EvalText(s));
  fmt::print("{}\n", meter.TotalsLine());
  fmt::print("wrote {0}/eval.json; open {0}/report.html\n", args.out);
  if (!r->stop_reason.empty()) {
    fmt::print(stderr, "trace2skill eval: stopped: {}; run the same command again to resume\n",
               r->stop_reason);
    if (WasInterrupted()) return ExitCode::kInterrupted;
    bool any = false;
    for (const SkillSummary& k : s.skills) any = any || k.overall.finished > 0;
    return any ? ExitCode::kPartial : ExitCode::kFailure;
  }
  return ExitCode::kOk;
}

}  // namespace

CommandRunner SetupEval(CLI::App* sub) {
  auto args = std::make_shared<EvalArgs>();
  sub->add_option("--suite", args->suite,
                  "A t2s.suite/1 folder, or spreadsheetbench:PATH (dataset.json + spreadsheet/)");
  sub->add_option("--tasks", args->tasks,
                  "Tasks A:B by index, half-open as a Python slice (default: all)");
  sub->add_option("--shard", args->shard,
                  "Evaluate share i of n of the selected tasks; eval --combine joins the shards");
  sub->add_option("--combine", args->combine,
                  "Join the folders of every shard (eval --shard i/n) into --out; run nothing");
  sub->add_option("--skill", args->skills,
                  "A skill folder, or none (no skill); repeat it. The first is the reference "
                  "the others are compared with");
  sub->add_option("--out", args->out, "The eval folder (re-running the same command resumes it)")
      ->required();
  sub->add_option("--seeds", args->seeds,
                  "Sampling seeds, comma-separated: each skill runs every task once per seed")
      ->capture_default_str();
  sub->add_option("--alpha", args->alpha,
                  "Significance level: \"better\" or \"worse\" only when p is below it")
      ->capture_default_str();
  sub->add_flag("--json", args->json,
                "Print eval.json on stdout when done, with \"exit_code\" (the lines for people go "
                "to stderr)");
  sub->add_flag("--dry-run", args->dry_run, "Count episodes, calls and tokens; run nothing");
  sub->add_flag("--force", args->force, "Write into an --out that holds other files");
  AddAgentFlags(sub, &args->agent);
  AddLlmFlags(sub, &args->llm);
  sub->get_option("--cache")->description(
      "A response cache shared by the runs (default: OUT/cache.sqlite)");
  sub->get_option("--no-cache")->description("Reuse no answer (answers are still recorded)");
  sub->footer(
      "Writes OUT/runs/<skill>/seed-<s>/ (one `run` folder each), eval.json (t2s.eval/1) and\n"
      "report.html. Pass rates count finished (task, seed) pairs, with 95 % Wilson intervals;\n"
      "each skill is compared with the first task by task (exact sign test on the tasks where\n"
      "one passed more seeds; McNemar with one seed), and\n"
      "called better or worse only when p < --alpha. --max-cost and --max-tokens-budget hold for\n"
      "all the runs of one invocation (a resumed eval starts anew). A run that stops early stops\n"
      "the eval; the same command resumes it.\n\n"
      "Examples (from the repository root; a model endpoint is needed):\n"
      "  trace2skill eval --suite examples/suite-demo --skill none \\\n"
      "      --skill examples/skills/workspace-tasks --seeds 41,42 --out out/eval-demo \\\n"
      "      --model Qwen/Qwen3-32B --base-url http://localhost:8000/v1\n"
      "  trace2skill eval --suite examples/suite-demo --skill none \\\n"
      "      --skill examples/skills/workspace-tasks --out out/eval-demo --dry-run --model m\n\n"
      "For eval, exit code 3 means some tasks did not finish while others did (the same command\n"
      "resumes them); 1 that none finished.");
  GroupOptions(sub, "Inputs", {"--suite", "--tasks", "--skill"});
  GroupOptions(sub, "Method", {"--seeds", "--alpha"});
  GroupOptions(sub, "Budget", {"--dry-run"});
  GroupOptions(sub, "Output", {"--out", "--json", "--force"});
  GroupOptions(sub, "Sharded evals", {"--shard", "--combine"});
  return [args] {
    JsonStdout out(args->json);
    ExitCode code = RunEvalCommand(*args);
    out.EmitResult(std::filesystem::path(args->out) / "eval.json", code, args->dry_run);
    return code;
  };
}

}  // namespace t2s
