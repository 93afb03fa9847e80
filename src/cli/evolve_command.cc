// trace2skill evolve: trajectories + skill -> a better skill in a run folder.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "base/shard_spec.h"
#include "bench/suite.h"
#include "cli/command.h"
#include "cli/evolve_gate.h"
#include "cli/json_stdout.h"
#include "cli/llm_flags.h"
#include "cli/progress_meter.h"
#include "cli/usage_help.h"
#include "evolve/offline_analyst.h"
#include "evolve/pipeline.h"
#include "skill/validate.h"
#include "store/trajectory_input.h"
#include "store/trajectory_store.h"

namespace t2s {
namespace {

struct EvolveArgs {
  std::vector<std::string> traces;
  std::string store;
  std::string labels;
  std::string skill;
  std::string out;
  int64_t seed = 0;
  double temperature = -1;
  std::string analyst = "auto";
  bool no_evidence = false;
  bool no_route = false;
  bool json = false;
  std::string shard;  // i/n
  std::string until;  // analyze
  bool batch = false;
  double batch_poll_s = 10;
  std::string batch_window = "24h";
  EvolveOptions options;
  LlmFlags llm;
  GateFlags gate;
};

void PrintSeedFindings(const std::string& dir, const Skill& skill) {
  ValidateOptions v;
  v.expected_name = skill.folder_name;
  v.advisory_severity = Severity::kWarning;  // the seed is judged as `validate` judges it
  std::vector<Finding> findings = ValidateSkill(skill, v);
  if (findings.empty()) return;
  size_t errors = CountErrors(findings);
  fmt::print(stderr, "trace2skill evolve: the seed skill {} has {} error{} and {} warning{}:\n", dir,
             errors, errors == 1 ? "" : "s", findings.size() - errors,
             findings.size() - errors == 1 ? "" : "s");
  for (const Finding& f : findings) fmt::print(stderr, "  {}\n", FormatFinding(f));
}

// The closing lines for people; the exit code says whether the run achieved
// anything.
ExitCode Report(const EvolveArgs& args, const EvolveSummary& s, bool offline,
               const ProgressMeter* meter) {
  if (args.options.dry_run) {
    fmt::print("{}", s.dry_run_report);
    return ExitCode::kOk;
  }
  std::string what = args.skill.empty() ? "a new draft" : args.skill;
  if (!s.failure.empty()) {
    fmt::print("evolve {} with {} trajectories achieved nothing -> {}\n", what, s.trajectories,
               args.out);
  } else {
    fmt::print("evolved {} with {} trajectories{} -> {}{}\n", what, s.trajectories,
               offline ? ", offline (no LLM used)" : "", s.skill_out,
               args.gate.suite.empty() ? "" : " (S1, to be gated below)");
  }
  if (!offline) {
    fmt::print("  analyzed {} of {} selected ({} unlabelled skipped)\n", s.analyzed, s.selected,
               s.unlabelled);
    if (s.agentic > 0) {
      fmt::print("  agentic analysts: {} episode{}, {} verified by the checker, {} unverified ({}){}\n",
                 s.agentic, s.agentic == 1 ? "" : "s", s.verified, s.unverified,
                 args.options.agentic.keep_unverified ? "kept, flagged" : "left out",
                 s.golden_refusals == 0
                     ? ""
                     : fmt::format(", {} submit{} refused for quoting the ground truth",
                                   s.golden_refusals, s.golden_refusals == 1 ? "" : "s"));
    }
    for (const std::string& r : s.top_failures) fmt::print("    analysis failed: {}\n", r);
  }
  fmt::print("  {} edits proposed; {} applied, {} dropped at the end\n", s.proposed_edits,
             s.applied_edits, s.dropped_edits);
  if (s.routed_edits > 0) {
    fmt::print("  {} edit{} with support below {} went to references/ instead of SKILL.md\n",
               s.routed_edits, s.routed_edits == 1 ? "" : "s", s.min_support);
  }
  for (const std::string& r : s.top_drops) fmt::print("    dropped: {}\n", r);
  for (const std::string& n : s.notes) fmt::print("  note: {}\n", n);
  if (s.proposed_edits == 0 && s.failure.empty()) {
    fmt::print("  no edit was proposed: the skill is unchanged\n");
  }
  if (!s.accounting.empty()) {
    std::string_view acc = s.accounting;
    while (!acc.empty()) {
      size_t nl = acc.find('\n');
      fmt::print("  llm {}\n", acc.substr(0, nl));
      acc = nl == std::string_view::npos ? "" : acc.substr(nl + 1);
    }
  }
  if (meter != nullptr) fmt::print("  {}\n", meter->TotalsLine());
  fmt::print("  next: open {0}/report.html (each change and why), {0}/diff.patch, "
             "{0}/fates.json (why each trajectory and edit ended as it did)\n",
             args.out);
  fmt::print("  validation: {} error{}\n", s.validation_errors,
             s.validation_errors == 1 ? "" : "s");
  if (!s.failure.empty()) {
    fmt::print(stderr, "trace2skill evolve: {}\n", s.failure);
    return ExitCode::kFailure;
  }
  if (s.validation_errors > 0) {
    fmt::print(stderr,
               "trace2skill evolve: the evolved skill has {} validation error{} (trace2skill "
               "validate --strict {})\n",
               s.validation_errors, s.validation_errors == 1 ? "" : "s", s.skill_out);
    return ExitCode::kFailure;
  }
  ExitCode code = ExitCode::kOk;
  if (s.unreadable > 0) {
    fmt::print(stderr,
               "trace2skill evolve: {} input record{} could not be read and {} skipped (listed "
               "above and in fates.json)\n",
               s.unreadable, s.unreadable == 1 ? "" : "s", s.unreadable == 1 ? "was" : "were");
    code = ExitCode::kPartial;
  }
  // Unverified analyses left out are the method working, not a failure.
  const size_t left_out = args.options.agentic.keep_unverified ? 0 : s.unverified;
  if (!offline && s.analyzed + left_out < s.selected) {
    fmt::print(stderr,
               "trace2skill evolve: {} of {} analyses failed (reasons above and in fates.json); "
               "the skill was evolved from the other {}\n",
               s.selected - s.analyzed - left_out, s.selected, s.analyzed + left_out);
    code = ExitCode::kPartial;
  }
  return code;
}

// The closing lines of a shard (--until analyze): what it analyzed and how
// to merge.
ExitCode ReportShard(const EvolveArgs& args, const EvolveSummary& s, const ProgressMeter& meter) {
  const size_t share = s.shard_last - s.shard_first;
  std::string shard = ShardName(args.options.shard);
  fmt::print("analyzed {}{} trajectories of {} selected{} -> {}\n",
             shard.empty() ? "" : "shard " + shard + ": ", share, s.selected,
             share == 0 ? "" : fmt::format(" (numbers {}-{})", s.shard_first + 1, s.shard_last),
             s.patch_set);
  fmt::print("  analyzed {} of {}; {} edits proposed\n", s.analyzed, share, s.proposed_edits);
  for (const std::string& r : s.top_failures) fmt::print("    analysis failed: {}\n", r);
  for (const std::string& n : s.notes) fmt::print("  note: {}\n", n);
  std::string_view acc = s.accounting;
  while (!acc.empty()) {
    size_t nl = acc.find('\n');
    fmt::print("  llm {}\n", acc.substr(0, nl));
    acc = nl == std::string_view::npos ? "" : acc.substr(nl + 1);
  }
  fmt::print("  {}\n", meter.TotalsLine());
  fmt::print(
      "  next: once every shard is done, run this command again with --merge-from and every "
      "shard's folder instead of --traces/--store/--labels, without --shard and --until, with "
      "another --out (the other flags as they are)\n");
  if (share == 0) {
    fmt::print("  note: this shard holds no trajectory ({} selected for {} shards)\n", s.selected,
               args.options.shard.count);
  }
  if (!s.failure.empty()) {
    fmt::print(stderr, "trace2skill evolve: {}\n", s.failure);
    return ExitCode::kFailure;
  }
  const size_t left_out = args.options.agentic.keep_unverified ? 0 : s.unverified;
  if (s.analyzed + left_out < share) {
    fmt::print(stderr,
               "trace2skill evolve: {} of {} analyses failed (reasons above); the patch set holds "
               "the other {}\n",
               share - s.analyzed - left_out, share, s.analyzed + left_out);
    return ExitCode::kPartial;
  }
  return ExitCode::kOk;
}

// With --gate, an evolve that produced S1 measures it against S0.
ExitCode Gate(const EvolveArgs& args, const EvolveSummary& s, ExitCode evolved,
              const Result<LlmConfig>& llm) {
  if (args.gate.suite.empty() || (evolved != ExitCode::kOk && evolved != ExitCode::kPartial)) {
    return evolved;
  }
  if (args.options.dry_run && args.skill.empty()) return evolved;  // no S0 to count yet
  std::string s0 = args.skill.empty()
                       ? (std::filesystem::path(args.out) / "draft" / args.options.new_name).string()
                       : args.skill;
  std::string s1 = args.options.dry_run ? s0 : s.skill_out;
  ExitCode gated = RunEvolveGate(args.gate, s0, s1, args.out, *llm, args.options.temperature,
                                 args.options.dry_run);
  return gated == ExitCode::kOk ? evolved : gated;
}

// The --json summary of a finished (or refused) run.
nlohmann::json SummaryJson(const EvolveArgs& args, const EvolveSummary& s,
                           const ProgressMeter* meter) {
  nlohmann::json j = {{"out", args.out},
                      {"skill_out", s.skill_out},
                      {"trajectories", s.trajectories},
                      {"selected", s.selected},
                      {"unlabelled", s.unlabelled},
                      {"unreadable", s.unreadable},
                      {"analyzed", s.analyzed},
                      {"agentic", {{"episodes", s.agentic},
                                   {"verified", s.verified},
                                   {"unverified", s.unverified},
                                   {"refused_submits", s.golden_refusals}}},
                      {"edits", {{"proposed", s.proposed_edits},
                                 {"applied", s.applied_edits},
                                 {"routed", s.routed_edits},
                                 {"dropped", s.dropped_edits}}},
                      {"top_failures", s.top_failures},
                      {"top_drops", s.top_drops},
                      {"notes", s.notes},
                      {"validation_errors", s.validation_errors},
                      {"report", (std::filesystem::path(args.out) / "report.html").string()}};
  if (!s.failure.empty()) j["failure"] = s.failure;
  if (!s.dry_run_report.empty()) j["dry_run"] = s.dry_run_report;
  if (!s.patch_set.empty()) {
    j["patch_set"] = s.patch_set;
    // The trajectories' numbers in the selection, 1-based as the lines say.
    j["shard"] = {{"index", args.options.shard.index},
                  {"count", args.options.shard.count},
                  {"trajectories", s.shard_last - s.shard_first},
                  {"first", s.shard_first + 1},
                  {"last", s.shard_last}};
    j.erase("skill_out");
    j.erase("report");
  }
  if (s.merged_shards > 0) j["merged_shards"] = s.merged_shards;
  if (meter != nullptr) {
    Spend spent = meter->spend();
    j["elapsed_s"] = static_cast<double>(meter->elapsed_ms()) / 1000.0;
    j["tokens"] = spent.tokens;
    j["cache_hits"] = spent.cache_hits;
    j["cost_usd"] = spent.priced ? nlohmann::json(spent.cost_usd) : nlohmann::json(nullptr);
  }
  return j;
}

ExitCode RunEvolveCommand(EvolveArgs args, nlohmann::json* json) {
  auto fail = [json](const std::string& m) {
    fmt::print(stderr, "trace2skill evolve: {}\n", m);
    (*json)["error"] = m;
    return ExitCode::kFailure;
  };
  auto usage = [json](const std::string& m) {
    fmt::print(stderr, "trace2skill evolve: {}\n", m);
    (*json)["error"] = m;
    return ExitCode::kUsage;
  };
  const bool merging = !args.options.merge_from.empty();
  if (merging && (!args.traces.empty() || !args.store.empty() || !args.labels.empty())) {
    return usage(
        "--merge-from consolidates the shards' patch sets: give no --traces, --store or --labels "
        "(the shards read them)");
  }
  if (!merging && args.traces.empty() && args.store.empty()) {
    return usage("give --traces PATH... or --store DIR");
  }
  if (!args.until.empty() && args.until != "analyze") {
    return usage(fmt::format(
        "--until: expected analyze (the stage a shard stops after), got \"{}\"", args.until));
  }
  args.options.until_analyze = !args.until.empty();
  if (!args.shard.empty()) {
    Result<ShardSpec> shard = ParseShardSpec(args.shard, "--shard");
    if (!shard.ok()) return usage(shard.status().message());
    args.options.shard = *shard;
    if (!args.options.until_analyze) {
      return usage(
          "--shard i/n needs --until analyze: each shard writes its level-0 patch set, then "
          "evolve --merge-from DIR... consolidates them");
    }
  }
  if (merging && args.options.until_analyze) {
    return usage("--merge-from consolidates patch sets; --shard and --until make them");
  }
  if ((merging || args.options.until_analyze) && args.options.dry_run) {
    return usage("--dry-run counts the whole run: give it without --shard, --until and --merge-from");
  }
  if ((merging || args.options.until_analyze) && !args.options.new_name.empty()) {
    return usage(
        "--new drafts the skill in one run: draft it first (evolve --new without shards, or "
        "write it), then give it to every shard and the merge with --skill");
  }
  if (args.options.until_analyze && !args.gate.suite.empty()) {
    return usage("--gate measures the evolved skill; --until analyze stops before there is one "
                 "(gate the merge instead)");
  }
  if (args.options.mode != "error" && args.options.mode != "success" &&
      args.options.mode != "combined") {
    return usage(fmt::format("--mode: expected error, success or combined, got \"{}\"",
                             args.options.mode));
  }
  if (args.options.fan_in < 2) {
    return usage(fmt::format("--fan-in: expected 2 or more patches per merge call, got {}",
                             args.options.fan_in));
  }
  if (args.skill.empty() == args.options.new_name.empty() ||
      (!args.options.new_name.empty() && args.options.about.empty())) {
    return usage("give --skill DIR, or --new NAME with --about \"what the agent does\"");
  }
  if (!args.skill.empty() && !args.options.about.empty()) {
    return usage("--about goes with --new NAME (it describes the skill to draft)");
  }
  if (args.analyst != "llm" && args.analyst != "auto" && args.analyst != "offline" &&
      args.analyst != "agentic") {
    return usage(fmt::format("--analyst: expected auto, agentic, llm or offline, got \"{}\"",
                             args.analyst));
  }
  {
    AgenticOptions& a = args.options.agentic;
    a.analyst = args.analyst == "offline" ? "llm" : args.analyst;
    if (a.turns < 1) return usage(fmt::format("--analyst-turns: expected 1 or more, got {}", a.turns));
    if (a.episode_tokens < 0) {
      return usage(fmt::format("--analyst-tokens: expected 0 (no cap) or more, got {}",
                               a.episode_tokens));
    }
    if (args.gate.agent.jobs < 1) {
      return usage(fmt::format("--jobs: expected 1 or more, got {}", args.gate.agent.jobs));
    }
    if (args.gate.agent.tool_timeout_s <= 0) {
      return usage(fmt::format("--tool-timeout: expected seconds above 0, got {}",
                               args.gate.agent.tool_timeout_s));
    }
    Result<SandboxMode> mode = ParseSandboxMode(args.gate.agent.sandbox);
    if (!mode.ok()) return usage(mode.status().message());
    a.sandbox.mode = *mode;
    a.jobs = args.gate.agent.jobs;
    a.tool_timeout_ms = static_cast<int64_t>(args.gate.agent.tool_timeout_s * 1000);
    if (!a.suite.empty() && args.analyst == "llm") {
      return usage("--suite serves the agentic analyst; --analyst llm uses none");
    }
  }
  if (!args.skill.empty() && PathIsWithin(args.out, args.skill)) {
    return usage(fmt::format(
        "--out {} is the input skill folder or inside it; the input is never modified", args.out));
  }
  if (!args.skill.empty() && PathIsWithin(args.skill, args.out)) {
    return usage(fmt::format(
        "--skill {} lies inside --out {}, which the run rewrites; copy the skill elsewhere first",
        args.skill, args.out));
  }
  if (!args.options.new_name.empty()) {
    Status name = CheckSkillName(args.options.new_name);
    if (!name.ok()) return usage("--new: " + name.message());
  }
  bool gated = !args.gate.suite.empty();
  if (!gated && (!args.gate.tasks.empty())) return usage("--gate-tasks needs --gate SUITE");
  if (gated) {
    Status checked = CheckGateFlags(args.gate);
    if (!checked.ok()) return usage(checked.message());
  }
  EvolveInputs inputs;
  if (!args.skill.empty()) {
    Result<Skill> skill = LoadSkill(args.skill);
    if (!skill.ok()) return fail(skill.status().message());
    inputs.skill = std::move(*skill);
    inputs.skill_dir = args.skill;
    PrintSeedFindings(args.skill, inputs.skill);
  } else {
    inputs.skill.folder_name = args.options.new_name;
  }
  if (!args.llm.cache.empty() && args.llm.no_cache) {
    return usage("--cache and --no-cache exclude each other");
  }
  args.options.shared_cache = args.llm.cache;
  args.options.no_cache = args.llm.no_cache;
  args.options.seed = args.seed;
  args.options.evidence = !args.no_evidence;
  args.options.route = !args.no_route;
  if (args.temperature >= 0) args.options.temperature = args.temperature;

  bool offline = args.analyst == "offline";
  Result<LlmConfig> llm = ResolveLlmConfig(args.llm, [](const char* n) { return std::getenv(n); });
  if (!offline && !llm.ok() && args.analyst == "auto" && args.llm.model.empty() &&
      llm.status().message().rfind("no model", 0) == 0) {
    offline = true;  // no endpoint configured at all: the embedded default
  }
  if (!offline && llm.ok() && args.analyst != "llm" &&
      args.options.agentic.sandbox.mode == SandboxMode::kNone) {
    fmt::print(stderr,
               "trace2skill evolve: warning: --sandbox none: agentic analysts' commands run on "
               "this machine without isolation, with your user's rights\n");
  }
  if (offline && (merging || args.options.until_analyze)) {
    return usage(
        "--shard, --until and --merge-from split a run with a model (give --model and "
        "--base-url, or set T2S_MODEL and OPENAI_BASE_URL); the offline analyst runs in one "
        "process");
  }
  if (offline && !args.options.new_name.empty()) {
    return usage(
        "--new drafts the skill with a model: give --model and --base-url (or set T2S_MODEL and "
        "OPENAI_BASE_URL); the offline analyst needs an existing --skill");
  }
  if (!offline && !llm.ok()) return fail(llm.status().message());
  if (!offline && !args.options.agentic.suite.empty()) {
    // A suite that cannot be loaded would quietly turn every agentic
    // analysis into a single call: say so before anything is spent.
    Result<Suite> suite = LoadSuite(args.options.agentic.suite);
    if (!suite.ok()) return fail("--suite: " + suite.status().message());
  }
  if (args.batch && offline) {
    return usage(
        "--batch sends the model's calls as provider batches: give --model and --base-url (or "
        "set T2S_MODEL and OPENAI_BASE_URL); the offline analyst calls no model");
  }
  if (args.batch) {
    if (args.batch_poll_s <= 0) {
      return usage(fmt::format("--batch-poll: expected seconds above 0, got {}", args.batch_poll_s));
    }
    BatchOptions& b = llm->options.batch;
    b.enabled = true;
    b.poll_ms = static_cast<int64_t>(args.batch_poll_s * 1000);
    b.window = args.batch_window;
  }
  if (!offline) PrintConfigSources(*llm, "evolve");
  if (!offline && llm->options.max_cost_usd > 0 && llm->options.prices.count(llm->model) == 0) {
    return usage(fmt::format(
        "--max-cost needs the price of model \"{0}\" (set [prices.\"{0}\"] input = ..., output = "
        "... in trace2skill.toml): without it every call costs $0 and the budget never stops "
        "the run",
        llm->model));
  }

  // Read as needed (twice: to select, then to build the analysts' prompts),
  // so memory does not grow with the number of trajectories.
  TrajectoryInput input{args.traces, args.store, args.labels};
  inputs.trace_paths = args.traces;
  inputs.store = args.store;
  inputs.labels = args.labels;
  inputs.stream = [input](const std::function<void(Trajectory)>& fn, Unreadable* unreadable) {
    std::vector<SkippedRecord> skipped;
    Status read = ForEachTrajectory(input, fn, &skipped, /*quiet=*/unreadable == nullptr);
    if (unreadable != nullptr) {
      for (SkippedRecord& r : skipped) unreadable->emplace_back(r.where, r.what);
    }
    return read;
  };

  if (offline) {
    fmt::print(stderr,
               "trace2skill evolve: offline analyst: no LLM is used (counts from the miner)\n");
    if (gated && !llm.ok()) {
      return fail("--gate runs an agent on the suite, which needs a model: " +
                  llm.status().message());
    }
    Result<EvolveSummary> s = RunOfflineEvolve(inputs, args.options, args.out);
    if (!s.ok()) return fail(s.status().message());
    json->update(SummaryJson(args, *s, nullptr));
    (*json)["offline"] = true;
    return Gate(args, *s, Report(args, *s, /*offline=*/true, nullptr), llm);
  }
  std::unique_ptr<Transport> transport = MakeCurlTransport();
  ProgressMeter meter = ProgressMeter::OnStderr(*llm);
  auto progress = [&meter](const std::string& stage, size_t done, size_t total, size_t failed) {
    meter.Update(stage, done, total, failed);
  };
  Result<EvolveSummary> s = RunEvolve(inputs, args.options, *llm, transport.get(), RealClock(),
                                      args.out, progress, meter.Attacher());
  if (!s.ok()) {
    fail(s.status().message());
    return WasInterrupted() ? ExitCode::kInterrupted : ExitCode::kFailure;
  }
  json->update(SummaryJson(args, *s, &meter));
  if (args.options.until_analyze) return ReportShard(args, *s, meter);
  if (s->unlabelled > 0) {
    fmt::print(stderr,
               "trace2skill evolve: {} of {} trajectories have no success/fail label and were "
               "skipped; give labels with --labels FILE\n",
               s->unlabelled, s->trajectories);
  }
  return Gate(args, *s, Report(args, *s, /*offline=*/false, &meter), llm);
}

}  // namespace

CommandRunner SetupEvolve(CLI::App* sub) {
  auto args = std::make_shared<EvolveArgs>();
  sub->add_option("--traces", args->traces, "Trajectory files or folders (any supported format)");
  sub->add_option("--store", args->store,
                  "A trajectory store made by `ingest` (instead of or with --traces)");
  sub->add_option("--labels", args->labels, "CSV or JSONL of id,label[,reward]");
  sub->add_option("--skill", args->skill, "The skill to improve (never modified)");
  sub->add_option("--new", args->options.new_name,
                  "Without --skill: draft a new skill of this name first");
  sub->add_option("--about", args->options.about, "With --new: what the agent does");
  sub->add_option("--max-skill-lines", args->options.max_skill_lines,
                  "SKILL.md budget; over it, one call moves detail into references/")
      ->capture_default_str();
  sub->add_option("--out", args->out, "The run folder (re-running the same command resumes it)")
      ->required();
  sub->add_option("--min-support", args->options.min_support,
                  "Trajectories an edit to SKILL.md needs; below it, additions go to references/ "
                  "(default: max(1, round(sqrt(analyzed)/3)))")
      ->check(CLI::PositiveNumber);
  sub->add_flag("--no-route", args->no_route,
                "Drop low-support edits instead of moving them to references/");
  sub->add_option("--mode", args->options.mode, "error, success or combined")
      ->capture_default_str();
  sub->add_option("--fan-in", args->options.fan_in, "Patches per merge call")
      ->capture_default_str();
  sub->add_option("--trajectory-tokens", args->options.trajectory_tokens,
                  "Token budget of one rendered trajectory")
      ->capture_default_str();
  sub->add_option("--max-tokens", args->options.max_tokens, "Answer length limit")
      ->capture_default_str();
  sub->add_option("--seed", args->seed, "Sampling seed sent to the model")->capture_default_str();
  sub->add_option("--temperature", args->temperature,
                  "Sampling temperature (default: the server's)");
  sub->add_option("--prompts", args->options.prompts_dir,
                  "A folder of prompt files overriding the built-in ones");
  sub->add_option("--analyst", args->analyst,
                  "auto: an agentic analyst for each failed trajectory whose task is available "
                  "(written by `run`, or --suite), one call for the rest, offline when no model "
                  "is configured; agentic: the same, a failure without its task is an error; "
                  "llm: one call each; offline: the miner, no LLM")
      ->capture_default_str();
  CLI::App* agentic = sub->add_option_group(
      "agentic analyst", "Failed trajectories analyzed by an agent that must fix the output and pass the checker");
  agentic->add_option("--suite", args->options.agentic.suite,
                      "The task suite of trajectories that do not name theirs (a t2s.suite/1 "
                      "folder or spreadsheetbench:PATH)");
  agentic->add_option("--analyst-turns", args->options.agentic.turns, "Model calls per analyst episode")
      ->capture_default_str();
  agentic->add_option("--analyst-tokens", args->options.agentic.episode_tokens,
                      "Tokens one analyst episode may spend (prompt + completion; 0: no cap)")
      ->capture_default_str();
  agentic->add_flag("--keep-unverified", args->options.agentic.keep_unverified,
                    "Keep analyses submitted without a passing check (flagged in fates.json)");
  sub->add_flag("--no-evidence", args->no_evidence,
                "Leave the miner's counts out of merge prompts");
  sub->add_flag("--dry-run", args->options.dry_run, "Count calls and tokens; call nothing");
  sub->add_flag("--batch", args->batch,
                "Send each stage's calls as one provider batch (OpenAI Batch API, Anthropic "
                "Message Batches): about half the price, answers within the batch window; a "
                "killed run polls its batches again. Agentic analysts' turns are not batched");
  sub->add_option("--batch-poll", args->batch_poll_s,
                  "Seconds before a batch is first polled (the wait doubles up to 5 minutes)")
      ->capture_default_str();
  sub->add_option("--batch-window", args->batch_window, "OpenAI's completion_window")
      ->capture_default_str();
  sub->add_option("--shard", args->shard,
                  "With --until analyze: analyze only share i of n of the selected trajectories");
  sub->add_option("--until", args->until,
                  "analyze: stop after the analysts and write OUT/patch-set.json");
  sub->add_option("--merge-from", args->options.merge_from,
                  "Consolidate the patch sets of these shard folders (instead of --traces)");
  sub->add_flag("--resume", args->options.resume,
                "Continue the run in --out even if settings changed");
  sub->add_flag("--force", args->options.force, "Write into a non-empty --out that holds no run");
  AddLlmFlags(sub, &args->llm);
  AddGateFlags(sub, &args->gate);
  sub->get_option("--cache")->description(
      "A response cache shared between runs, consulted after OUT/run.sqlite and written with it");
  sub->get_option("--no-cache")->description(
      "Reuse no answer, not even from OUT/run.sqlite (answers are still recorded there)");
  sub->footer(
      "Writes OUT/skill/NAME/, diff.patch, changelog.md, provenance.json, fates.json, patches/,\n"
      "manifest.json, report.html and run.sqlite (every answered call: a re-run pays nothing "
      "again).\n\n"
      "Examples (from the repository root):\n"
      "  trace2skill evolve --traces examples/traces/airline-runs.jsonl \\\n"
      "      --skill examples/skills/airline-support --out out/airline-offline --analyst offline\n"
      "  trace2skill evolve --traces examples/traces/airline-runs.jsonl \\\n"
      "      --skill examples/skills/airline-support --out out/airline-1 --dry-run --model m\n"
      "  trace2skill evolve --traces examples/traces/airline-runs.jsonl \\\n"
      "      --skill examples/skills/airline-support --out out/airline-1 \\\n"
      "      --base-url http://localhost:8000/v1 --model Qwen/Qwen3-32B --concurrency 64\n\n"
      "Sharded over machines (README: Slurm and Kubernetes): each of n jobs runs the same\n"
      "command with --shard i/n --until analyze --out DIR_i; then one job runs it with\n"
      "--merge-from DIR_1 ... DIR_n instead of --traces/--store, and gets what one run would.");
  sub->add_flag("--json", args->json,
                "Print the summary as one JSON object on stdout (the lines for people go to "
                "stderr)");
  GroupOptions(sub, "Inputs", {"--traces", "--store", "--labels", "--skill", "--new", "--about"});
  GroupOptions(sub, "Method",
               {"--mode", "--analyst", "--min-support", "--no-route", "--fan-in",
                "--trajectory-tokens", "--max-skill-lines", "--no-evidence", "--prompts"});
  GroupOptions(sub, "Model", {"--seed", "--temperature", "--max-tokens"});
  GroupOptions(sub, "Budget", {"--dry-run", "--batch", "--batch-poll", "--batch-window"});
  GroupOptions(sub, "Output", {"--out", "--resume", "--force", "--json"});
  GroupOptions(sub, "Sharded runs", {"--shard", "--until", "--merge-from"});
  return [args] {
    JsonStdout out(args->json);
    nlohmann::json json = {{"schema", "t2s.evolve-summary/1"}};
    ExitCode code = RunEvolveCommand(*args, &json);
    json["exit_code"] = static_cast<int>(code);
    out.Emit(json.dump(2));
    return code;
  };
}

}  // namespace t2s
