#include "cli/evolve_gate.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/file_io.h"
#include "bench/eval.h"
#include "bench/eval_report.h"
#include "bench/loop.h"
#include "bench/suite.h"
#include "skill/skill.h"
#include "cli/llm_flags.h"
#include "cli/seed_list.h"

namespace t2s {

namespace fs = std::filesystem;

void AddGateFlags(CLI::App* sub, GateFlags* f) {
  CLI::App* group = sub->add_option_group(
      "gate", "Measure S0 and S1 on a suite before calling S1 the result");
  group->add_option("--gate", f->suite,
                    "A suite (a t2s.suite/1 folder or spreadsheetbench:PATH): S1 is the result "
                    "only if it passes more of its tasks than S0");
  group->add_option("--gate-tasks", f->tasks, "The gate's tasks A:B (default: all)");
  group->add_option("--gate-seeds", f->seeds, "Sampling seeds of the gate's runs")
      ->capture_default_str();
  group->add_option("--gate-alpha", f->alpha,
                    "Also require McNemar p below this (0: more passes suffice)")
      ->capture_default_str();
  // --sandbox, --jobs and --tool-timeout serve the agentic analysts too.
  AddAgentFlags(group, &f->agent, /*sampling=*/false);
}

Status CheckGateFlags(const GateFlags& f) {
  if (Result<std::vector<int64_t>> seeds = ParseSeedList(f.seeds); !seeds.ok()) {
    return Status::InvalidArgument("--gate-seeds " + seeds.status().message().substr(8));
  }
  T2S_RETURN_IF_ERROR(AgentRunOptions(f.agent).status());
  if (f.alpha < 0 || f.alpha >= 1) {
    return Status::InvalidArgument(fmt::format("--gate-alpha: expected a level in [0, 1), got {}", f.alpha));
  }
  Result<Suite> suite = LoadSuite(f.suite);
  if (!suite.ok()) return Status(suite.status().code(), "--gate: " + suite.status().message());
  return SelectTasks(*suite, f.tasks).status();
}

ExitCode RunEvolveGate(const GateFlags& f, const std::string& s0_dir, const std::string& s1_dir,
                       const std::string& out, const LlmConfig& llm,
                       std::optional<double> temperature, bool dry_run) {
  const char* kCommand = "evolve";
  EvalOptions o;
  o.suite = f.suite;
  o.tasks = f.tasks;
  o.seeds = *ParseSeedList(f.seeds);
  o.alpha = f.alpha > 0 ? f.alpha : 0.05;
  o.out = (fs::path(out) / "gate").string();
  o.title = "gate";
  o.skills = {{"S0", s0_dir}, {"S1", s1_dir}};
  o.run = *AgentRunOptions(f.agent);
  SetLlm(llm, kCommand, &o.run);
  o.run.agent.sampling.temperature = temperature;
  o.on_run = [](const std::string& label, int64_t seed, size_t n, size_t total) {
    fmt::print(stderr, "gate: run {}/{}: skill {}, seed {}\n", n, total, label, seed);
  };
  o.dry_run = dry_run;
  fs::path gate_file = fs::path(out) / "gate.json";
  if (!dry_run) {
    // Until the gate has decided, S1 is not the result, whatever stops the process.
    nlohmann::ordered_json pending = {
        {"schema", "t2s.gate/1"},
        {"kept", nullptr},
        {"reason", "the gate has not finished: run the same evolve command again"},
        {"use", s0_dir},
        {"candidate", s1_dir},
        {"eval", "gate/eval.json"}};
    Status written = WriteFileAtomic(gate_file, pending.dump(2) + "\n");
    if (!written.ok()) return FailWith(kCommand, written.message());
  }
  std::unique_ptr<Transport> transport = MakeCurlTransport();
  Result<EvalResult> r = RunEval(o, llm.provider, llm.endpoints, llm.options, transport.get(),
                                 RealClock(), CancelOnInterrupt);
  if (!r.ok()) {
    FailWith(kCommand, fmt::format("gate: {}; S1 in {} is not the result until the same "
                                   "command finishes the gate",
                                   r.status().message(), s1_dir));
    return WasInterrupted() ? ExitCode::kInterrupted : ExitCode::kFailure;
  }
  if (dry_run) {
    fmt::print("gate (S1 counted as large as S0):\n{}", r->dry_run_report);
    return ExitCode::kOk;
  }
  fmt::print("gate on {} ({} tasks x {} seeds):\n{}", r->summary.suite_name, r->summary.rows.size(),
             o.seeds.size(), EvalText(r->summary));
  if (!r->stop_reason.empty()) {
    fmt::print(stderr,
               "trace2skill evolve: gate stopped: {}; run the same command again to resume (S1 "
               "is in {} but not yet gated)\n",
               r->stop_reason, s1_dir);
    return WasInterrupted() ? ExitCode::kInterrupted : ExitCode::kPartial;
  }
  auto [kept, why] = GateDecision(r->summary, f.alpha, "on the gate's tasks");
  bool keep_s1 = kept == 1;
  fs::path s1(s1_dir);
  fs::path candidate = fs::path(out) / "candidate" / s1.filename();
  std::error_code ec;
  if (!keep_s1) {
    // The run folder keeps both: S1 as the candidate, S0 where the result goes.
    fs::remove_all(candidate, ec);
    fs::create_directories(candidate.parent_path(), ec);
    fs::rename(s1, candidate, ec);
    if (ec) return FailWith(kCommand, fmt::format("{}: cannot move to {}: {}", s1_dir, candidate.string(), ec.message()));
    Result<Skill> seed = LoadSkill(s0_dir);
    Status copied = seed.ok() ? WriteSkill(*seed, s1, /*force=*/true) : seed.status();
    if (!copied.ok()) return FailWith(kCommand, copied.message());
  }
  nlohmann::ordered_json gate = {{"schema", "t2s.gate/1"},
                                 {"kept", keep_s1 ? "S1" : "S0"},
                                 {"reason", why},
                                 {"use", s1_dir},
                                 {"seed_skill", s0_dir},
                                 {"candidate", keep_s1 ? s1_dir : candidate.string()},
                                 {"eval", "gate/eval.json"}};
  Status written = WriteFileAtomic(gate_file, gate.dump(2) + "\n");
  if (!written.ok()) return FailWith(kCommand, written.message());
  fmt::print("gate: {}\n", why);
  if (keep_s1) {
    fmt::print("gate: S1 is the result: {}\n", s1_dir);
    return ExitCode::kOk;
  }
  fmt::print("gate: S0 ({}) is the result, copied to {}; the candidate S1 was moved to {}\n",
             s0_dir, s1_dir, candidate.string());
  fmt::print(stderr, "trace2skill evolve: the gate kept the seed skill: {}\n", why);
  return ExitCode::kGateKeptSeed;
}

}  // namespace t2s
