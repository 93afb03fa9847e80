// trace2skill loop: the paper's protocol end to end (bench/loop.h).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <cstdlib>
#include <memory>

#include "base/clock.h"
#include "base/file_io.h"
#include "bench/eval_report.h"
#include "bench/loop.h"
#include "bench/loop_report.h"
#include "cli/agent_flags.h"
#include "cli/command.h"
#include "cli/json_stdout.h"
#include "cli/llm_flags.h"
#include "cli/progress_meter.h"
#include "cli/seed_list.h"
#include "cli/usage_help.h"
#include "skill/validate.h"

namespace t2s {
namespace {

struct LoopArgs {
  std::string suite;
  std::string train;
  std::string test;
  std::string skill;
  std::string out;
  std::string seeds = "41,42,43";
  double alpha = 0.05;
  double gate_alpha = 0;
  int analyst_max_tokens = 4096;
  bool no_evidence = false;
  bool no_route = false;
  bool dry_run = false;
  bool force = false;
  EvolveOptions evolve;
  AgentFlags agent;
  LlmFlags llm;
  bool json = false;
};

ExitCode RunLoopCommand(LoopArgs args) {
  const char* kCommand = "loop";
  Result<SuiteRunOptions> run = AgentRunOptions(args.agent);
  if (!run.ok()) return UsageError(kCommand, run.status().message());
  Result<std::vector<int64_t>> seeds = ParseSeedList(args.seeds);
  if (!seeds.ok()) return UsageError(kCommand, seeds.status().message());
  if (args.skill.empty() == args.evolve.new_name.empty() ||
      (!args.evolve.new_name.empty() && args.evolve.about.empty())) {
    return UsageError(kCommand, "give --skill DIR, or --new NAME with --about \"what the agent does\"");
  }
  if (!args.skill.empty() && !args.evolve.about.empty()) {
    return UsageError(kCommand, "--about goes with --new NAME (it describes the skill to draft)");
  }
  if (!args.evolve.new_name.empty()) {
    Status name = CheckSkillName(args.evolve.new_name);
    if (!name.ok()) return UsageError(kCommand, "--new: " + name.message());
  }
  if (args.evolve.mode != "error" && args.evolve.mode != "success" &&
      args.evolve.mode != "combined") {
    return UsageError(kCommand, fmt::format("--mode: expected error, success or combined, got \"{}\"",
                                            args.evolve.mode));
  }
  if (args.evolve.agentic.analyst != "auto" && args.evolve.agentic.analyst != "agentic" &&
      args.evolve.agentic.analyst != "llm") {
    return UsageError(kCommand, fmt::format("--analyst: expected auto, agentic or llm, got \"{}\"",
                                            args.evolve.agentic.analyst));
  }
  if (args.evolve.agentic.turns < 1) {
    return UsageError(kCommand, fmt::format("--analyst-turns: expected 1 or more, got {}",
                                            args.evolve.agentic.turns));
  }
  if (args.evolve.agentic.episode_tokens < 0) {
    return UsageError(kCommand, fmt::format("--analyst-tokens: expected 0 (no cap) or more, got {}",
                                            args.evolve.agentic.episode_tokens));
  }
  if (args.alpha <= 0 || args.alpha >= 1 || args.gate_alpha < 0 || args.gate_alpha >= 1) {
    return UsageError(kCommand, "--alpha and --gate-alpha: expected a level between 0 and 1");
  }
  if (!args.skill.empty() && PathIsWithin(args.out, args.skill)) {
    return UsageError(kCommand, fmt::format("--out {} is the input skill folder or inside it; the "
                                            "input is never modified",
                                            args.out));
  }
  if (args.evolve.fan_in < 2) {
    return UsageError(kCommand, fmt::format("--fan-in: expected 2 or more patches per merge call, got {}",
                                            args.evolve.fan_in));
  }
  if (!args.skill.empty() && PathIsWithin(args.skill, args.out)) {
    return UsageError(kCommand, fmt::format("--skill {} lies inside --out {}, which the loop "
                                            "rewrites; copy the skill elsewhere first",
                                            args.skill, args.out));
  }
  if (!args.llm.cache.empty() && args.llm.no_cache) {
    return UsageError(kCommand, "--cache and --no-cache exclude each other");
  }
  LoopOptions o;
  o.suite = args.suite;
  o.train = args.train;
  o.test = args.test;
  o.skill_dir = args.skill;
  o.seeds = *seeds;
  o.out = args.out;
  o.alpha = args.alpha;
  o.gate_alpha = args.gate_alpha;
  o.dry_run = args.dry_run;
  o.force = args.force;
  o.run = std::move(*run);
  o.run.cache = args.llm.cache;
  o.run.no_cache = args.llm.no_cache;
  o.evolve = args.evolve;
  o.evolve.max_tokens = args.analyst_max_tokens;
  o.evolve.evidence = !args.no_evidence;
  o.evolve.route = !args.no_route;
  o.evolve.shared_cache = args.llm.cache;
  o.evolve.no_cache = args.llm.no_cache;
  if (args.agent.temperature >= 0) o.evolve.temperature = args.agent.temperature;
  Result<LlmConfig> llm = ResolveLlmConfig(args.llm, [](const char* n) { return std::getenv(n); });
  if (!llm.ok()) return FailWith(kCommand, llm.status().message());
  PrintConfigSources(*llm, kCommand);
  SetLlm(*llm, kCommand, &o.run);
  ProgressMeter meter = ProgressMeter::OnStderr(*llm);
  std::string stage = "loop";
  o.progress = [&meter, &stage](const std::string& line) {
    meter.Say(line);
    stage = line;
  };
  o.run.progress = nullptr;
  o.run.on_count = [&meter, &stage](size_t done, size_t total, size_t not_passed) {
    meter.Update(stage, done, total, not_passed);
  };
  std::unique_ptr<Transport> transport = MakeCurlTransport();
  Result<LoopResult> r = RunLoop(o, *llm, transport.get(), RealClock(), meter.Attacher());
  if (!r.ok()) {
    if (r.status().message().rfind("task range", 0) == 0) {  // "task range(s) ...": usage
      return UsageError(kCommand, r.status().message());
    }
    FailWith(kCommand, r.status().message());
    return WasInterrupted() ? ExitCode::kInterrupted : ExitCode::kFailure;
  }
  if (args.dry_run) {
    fmt::print("{}", r->dry_run_report);
    return ExitCode::kOk;
  }
  if (!r->selection.skills.empty()) {
    fmt::print("selection (train split {}):\n{}", o.train, EvalText(r->selection));
  }
  if (!r->test.skills.empty()) fmt::print("held-out (test split {}):\n{}", o.test, EvalText(r->test));
  fmt::print("{}", LoopText(*r));
  fmt::print("{}\n", meter.TotalsLine());
  fmt::print("wrote {0}/loop.json; open {0}/report.html{1}\n", args.out,
             r->skill_out.empty() ? "" : ", " + r->skill_out);
  if (!r->stop_reason.empty()) {
    fmt::print(stderr, "trace2skill loop: stopped: {}; run the same command again to resume\n",
               r->stop_reason);
    if (WasInterrupted()) return ExitCode::kInterrupted;
    bool any = false;
    for (const SkillSummary& k : r->selection.skills) any = any || k.overall.finished > 0;
    return any ? ExitCode::kPartial : ExitCode::kFailure;
  }
  if (r->kept_seed_skill) {
    fmt::print(stderr, "trace2skill loop: the gate kept the seed skill: {}\n", r->gate_reason);
    return ExitCode::kGateKeptSeed;
  }
  return ExitCode::kOk;
}

}  // namespace

CommandRunner SetupLoop(CLI::App* sub) {
  auto args = std::make_shared<LoopArgs>();
  sub->add_option("--suite", args->suite,
                  "A t2s.suite/1 folder, or spreadsheetbench:PATH (dataset.json + spreadsheet/)")
      ->required();
  sub->add_option("--train", args->train, "The evolving split: tasks A:B (a Python slice)")
      ->required();
  sub->add_option("--test", args->test, "The held-out split: tasks C:D")->required();
  sub->add_option("--skill", args->skill, "The seed skill S0 (never modified)");
  sub->add_option("--new", args->evolve.new_name, "Without --skill: draft S0 of this name first");
  sub->add_option("--about", args->evolve.about, "With --new: what the agent does");
  sub->add_option("--out", args->out, "The loop folder (re-running the same command resumes it)")
      ->required();
  sub->add_option("--seeds", args->seeds,
                  "One candidate per seed; every skill runs every task once per seed")
      ->capture_default_str();
  sub->add_option("--mode", args->evolve.mode, "Which trajectories evolve learns from: error, "
                                               "success or combined")
      ->capture_default_str();
  sub->add_option("--gate-alpha", args->gate_alpha,
                  "Also require McNemar p below this on the train split (0: more passes suffice)")
      ->capture_default_str();
  sub->add_option("--alpha", args->alpha, "Significance level of the reported comparisons")
      ->capture_default_str();
  sub->add_flag("--dry-run", args->dry_run,
                "Count episodes, calls and tokens of every stage; run nothing");
  sub->add_flag("--force", args->force, "Write into an --out that holds other files");
  // evolve's options
  sub->add_option("--fan-in", args->evolve.fan_in, "Patches per merge call")->capture_default_str();
  sub->add_option("--trajectory-tokens", args->evolve.trajectory_tokens,
                  "Token budget of one rendered trajectory")
      ->capture_default_str();
  sub->add_option("--analyst-max-tokens", args->analyst_max_tokens,
                  "Answer length limit of analyst and merge calls")
      ->capture_default_str();
  sub->add_option("--min-support", args->evolve.min_support,
                  "Trajectories an edit to SKILL.md needs (default: from the number analyzed)");
  sub->add_flag("--no-route", args->no_route, "Drop low-support edits instead of moving them to references/");
  sub->add_option("--max-skill-lines", args->evolve.max_skill_lines, "SKILL.md budget")
      ->capture_default_str();
  sub->add_option("--prompts", args->evolve.prompts_dir, "A folder of prompt files overriding the built-in ones");
  sub->add_flag("--no-evidence", args->no_evidence, "Leave the miner's counts out of merge prompts");
  sub->add_option("--analyst", args->evolve.agentic.analyst,
                  "auto or agentic: failed train runs are analyzed by an agent that must fix the "
                  "output and pass the checker; llm: one call per trajectory")
      ->capture_default_str();
  sub->add_option("--analyst-turns", args->evolve.agentic.turns, "Model calls per analyst episode")
      ->capture_default_str();
  sub->add_option("--analyst-tokens", args->evolve.agentic.episode_tokens,
                  "Tokens one analyst episode may spend (0: no cap)")
      ->capture_default_str();
  sub->add_flag("--keep-unverified", args->evolve.agentic.keep_unverified,
                "Keep analyses submitted without a passing check (flagged)");
  AddAgentFlags(sub, &args->agent);
  AddLlmFlags(sub, &args->llm);
  sub->get_option("--cache")->description(
      "A response cache shared by every stage (default: OUT/cache.sqlite)");
  sub->get_option("--no-cache")->description("Reuse no answer (answers are still recorded)");
  sub->footer(
      "Runs S0 on the train split once per seed, evolves one candidate per seed from those\n"
      "trajectories, evaluates S0 and every candidate on the train split, keeps the best\n"
      "candidate only if it passes more train tasks than S0 (and p < --gate-alpha when given),\n"
      "then evaluates no skill, S0 and the kept skill on the test split. Writes OUT/selection/,\n"
      "OUT/evolve/seed-<s>/, OUT/test/ (eval folders and evolve runs), OUT/skill/<name>/ (the\n"
      "kept skill), loop.json (t2s.loop/1) and report.html.\n\n"
      "Examples (from the repository root; a model endpoint is needed):\n"
      "  trace2skill loop --suite examples/suite-demo --train 0:3 --test 3:5 \\\n"
      "      --skill examples/skills/workspace-tasks --out out/loop-demo --model Qwen/Qwen3-32B \\\n"
      "      --base-url http://localhost:8000/v1\n"
      "  trace2skill loop --suite examples/suite-demo --train 0:3 --test 3:5 \\\n"
      "      --new workspace-tasks --about \"small file and text tasks in a workspace\" \\\n"
      "      --out out/loop-new --dry-run --model m\n\n"
      "For loop, exit code 4 means the gate kept S0 (no candidate beat it on the train split);\n"
      "3 means a stage did not finish (the same command resumes it), 1 that no task finished.\n"
      "--max-cost and --max-tokens-budget hold for one invocation (a resumed loop starts anew).");
  sub->add_flag("--json", args->json,
                "Print loop.json on stdout when done, with \"exit_code\" (the lines for people go "
                "to stderr)");
  GroupOptions(sub, "Inputs", {"--suite", "--train", "--test", "--skill", "--new", "--about"});
  GroupOptions(sub, "Method",
               {"--seeds", "--mode", "--gate-alpha", "--alpha", "--fan-in", "--trajectory-tokens",
                "--analyst-max-tokens", "--min-support", "--no-route", "--max-skill-lines",
                "--prompts", "--no-evidence", "--analyst", "--analyst-turns", "--analyst-tokens",
                "--keep-unverified"});
  GroupOptions(sub, "Budget", {"--dry-run"});
  GroupOptions(sub, "Output", {"--out", "--force", "--json"});
  return [args] {
    JsonStdout out(args->json);
    ExitCode code = RunLoopCommand(*args);
    out.EmitResult(std::filesystem::path(args->out) / "loop.json", code, args->dry_run);
    return code;
  };
}

}  // namespace t2s
