#include "bench/loop.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "bench/loop_report.h"
#include "bench/result_folder.h"
#include "bench/run_estimate.h"
#include "bench/suite.h"
#include "trace/token_estimate.h"
#include "base/file_io.h"
#include "evolve/draft.h"
#include "skill/skill.h"
#include "skill/validate.h"
#include "trace/reader.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSeedLabel = "S0";

// The trajectories a run wrote, read twice by evolve as it needs them.
TrajectoryStream RunTrajectories(const fs::path& file) {
  return [file](const std::function<void(Trajectory)>& fn, Unreadable* unreadable) -> Status {
    struct Sink final : TrajectorySink {
      const std::function<void(Trajectory)>* fn;
      Unreadable* unreadable;
      void Add(Trajectory t) override { (*fn)(std::move(t)); }
      void Skip(const std::string& where, const std::string& what) override {
        if (unreadable != nullptr) unreadable->emplace_back(where, what);
      }
    } sink;
    sink.fn = &fn;
    sink.unreadable = unreadable;
    return FindReader("native")->Read(file, file.string(), &sink);
  };
}

EvalOptions EvalOn(const LoopOptions& o, const std::string& tasks, const std::string& folder,
                   const std::string& title) {
  EvalOptions e;
  e.suite = o.suite;
  e.tasks = tasks;
  e.seeds = o.seeds;
  e.out = (fs::path(o.out) / folder).string();
  e.alpha = o.alpha;
  e.run = o.run;
  // One cache for the whole loop: the selection eval asks nothing the train runs asked.
  if (e.run.cache.empty() && !e.run.no_cache) e.run.cache = (fs::path(o.out) / "cache.sqlite").string();
  e.title = title;
  e.on_run = [&o, title](const std::string& label, int64_t seed, size_t n, size_t total) {
    if (o.progress) o.progress(fmt::format("{}: run {}/{}: skill {}, seed {}", title, n, total, label, seed));
  };
  return e;
}

// The upper bounds of every stage, before anything is asked. Candidates
// are counted as large as S0 (they grow by a few lines).
Result<std::string> DryRun(const LoopOptions& o, const Skill& s0) {
  T2S_ASSIGN_OR_RETURN(Suite suite, LoadSuite(o.suite));
  T2S_ASSIGN_OR_RETURN(std::vector<size_t> train, SelectTasks(suite, o.train));
  T2S_ASSIGN_OR_RETURN(std::vector<size_t> test, SelectTasks(suite, o.test));
  const std::map<std::string, Price>& prices = o.run.prices;
  const std::string& model = o.run.agent.model;
  size_t n = o.seeds.size();
  std::string report = fmt::format(
      "dry run: loop on {} ({} train tasks, {} test tasks, {} seeds){}\n", suite.name, train.size(),
      test.size(), n,
      o.evolve.new_name.empty() ? "" : "; S0 is drafted first (1 call), counted here as empty");
  RunEstimate total;
  auto stage = [&](const std::string& what, const RunEstimate& e) {
    total += e;
    report += "  " + EstimateLine(what, e, prices, model) + "\n";
  };
  stage("1. S0 on the train split", EstimateRuns(suite, train, &s0, o.run, n));
  size_t skill_tokens = 0;
  for (const auto& [path, content] : s0.files) skill_tokens += EstimateTokens(content);
  size_t analyst_prompt = o.evolve.trajectory_tokens + skill_tokens + 2000;  // + instructions
  size_t merges = 0;
  for (size_t k = train.size(); k > 1; k = (k + o.evolve.fan_in - 1) / o.evolve.fan_in)
    merges += (k + o.evolve.fan_in - 1) / o.evolve.fan_in;
  report += fmt::format(
      "  2. evolve: {} runs x at most {} analyst calls of at most {} prompt tokens ({:.2f}M in "
      "all), and at most {} merge calls each\n",
      n, train.size(), analyst_prompt,
      static_cast<double>(n * train.size() * analyst_prompt) / 1e6, merges + 2);
  if (o.evolve.agentic.analyst != "llm") {
    report += fmt::format(
        "     each failed train run is analyzed by an agent instead: at most {} calls{} per "
        "episode\n",
        o.evolve.agentic.turns,
        o.evolve.agentic.episode_tokens > 0
            ? fmt::format(" and {} tokens", o.evolve.agentic.episode_tokens)
            : std::string());
  }
  RunEstimate candidates = EstimateRuns(suite, train, &s0, o.run, n);
  RunEstimate all_candidates;
  for (size_t i = 0; i < n; ++i) all_candidates += candidates;
  stage(fmt::format("3. selection: {} candidates on the train split", n), all_candidates);
  RunEstimate held = EstimateRuns(suite, test, nullptr, o.run, n);
  held += EstimateRuns(suite, test, &s0, o.run, n);
  held += EstimateRuns(suite, test, &s0, o.run, n);
  stage("4. held-out: none, S0 and the kept skill", held);
  report += "  " + EstimateLine("agent runs in all", total, prices, model) + "\n";
  return report;
}

// A held-out split that shares tasks with the train split proves nothing.
Status CheckDisjoint(const Suite& suite, const std::vector<size_t>& train,
                     const std::vector<size_t>& test, const LoopOptions& o) {
  std::vector<std::string> shared;
  for (size_t i : test) {
    if (std::find(train.begin(), train.end(), i) != train.end()) shared.push_back(suite.tasks[i].id);
  }
  if (shared.empty()) return Status::Ok();
  return Status::InvalidArgument(fmt::format(
      "task ranges --train {} and --test {} share {} task{} ({}{}): the held-out split must not "
      "overlap the train split",
      o.train, o.test, shared.size(), shared.size() == 1 ? "" : "s", shared[0],
      shared.size() > 1 ? ", ..." : ""));
}

// A stage whose runs did not finish: the loop says so and stops there.
Result<LoopResult> Stopped(const std::string& why, const LoopOptions& o, LoopResult result) {
  result.stop_reason = why;
  T2S_RETURN_IF_ERROR(WriteLoopOutputs(o, result));
  return result;
}

}  // namespace

std::pair<size_t, std::string> GateDecision(const EvalSummary& selection, double gate_alpha,
                                            const std::string& where) {
  const SkillSummary& s0 = selection.skills[0];
  if (selection.skills.size() < 2) {
    return {0, "no candidate to compare: S0 kept"};
  }
  size_t best = 1;
  for (size_t i = 2; i < selection.skills.size(); ++i) {
    if (selection.skills[i].overall.passed > selection.skills[best].overall.passed) best = i;
  }
  const SkillSummary& b = selection.skills[best];
  const Comparison& c = *b.vs_reference;
  std::string score = fmt::format("{} passed {}/{} {}, {} {}/{} ({})", b.label,
                                  b.overall.passed, b.overall.finished, where, s0.label,
                                  s0.overall.passed, s0.overall.finished, c.words);
  if (b.overall.passed <= s0.overall.passed) {
    return {0, fmt::format("the best candidate: {}; no better, so {} is kept", score, s0.label)};
  }
  if (gate_alpha > 0 && !(c.p < gate_alpha)) {
    return {0, fmt::format("the best candidate: {}; not significant at --gate-alpha {}, so {} is kept",
                           score, gate_alpha, s0.label)};
  }
  return {best, fmt::format("{}; kept", score)};
}

Result<LoopResult> RunLoop(const LoopOptions& o, const LlmConfig& llm, Transport* transport,
                           Clock* clock, const AttachFn& attach) {
  auto say = [&](const std::string& line) {
    if (o.progress) o.progress(line);
  };
  fs::path out(o.out);
  LoopResult result;
  // Everything that can be wrong is found before the first call is paid.
  T2S_ASSIGN_OR_RETURN(Suite suite, LoadSuite(o.suite));
  T2S_ASSIGN_OR_RETURN(std::vector<size_t> train_tasks, SelectTasks(suite, o.train));
  T2S_ASSIGN_OR_RETURN(std::vector<size_t> test_tasks, SelectTasks(suite, o.test));
  T2S_RETURN_IF_ERROR(CheckDisjoint(suite, train_tasks, test_tasks, o));
  if (!o.dry_run) {
    T2S_RETURN_IF_ERROR(
        CheckResultFolder(out, {"loop.json", "selection", "evolve", "draft"}, "loop", o.force));
  }

  // Stage 1: S0.
  Skill s0;
  if (!o.evolve.new_name.empty() && o.dry_run) {
    s0.folder_name = o.evolve.new_name;  // not drafted: nothing is asked in a dry run
  } else if (!o.evolve.new_name.empty()) {
    say(fmt::format("loop: drafting {} (--new)", o.evolve.new_name));
    T2S_ASSIGN_OR_RETURN(s0, DraftSeedSkill(o.evolve, llm, transport, clock, out / "draft", attach));
    result.s0_dir = (out / "draft" / o.evolve.new_name).string();
  } else {
    T2S_ASSIGN_OR_RETURN(s0, LoadSkill(o.skill_dir));
    result.s0_dir = o.skill_dir;
  }
  EvalSkill seed_skill{kSeedLabel, result.s0_dir};
  if (o.evolve.new_name.empty() || !o.dry_run) {
    ValidateOptions v;
    v.max_skill_lines = o.evolve.max_skill_lines;
    v.advisory_severity = Severity::kWarning;  // as evolve judges a seed
    std::vector<Finding> findings = ValidateSkill(s0, v);
    if (size_t errors = CountErrors(findings); errors > 0) {
      std::string first;
      for (const Finding& f : findings) {
        if (f.severity == Severity::kError && first.empty()) first = FormatFinding(f);
      }
      return Status::FailedPrecondition(fmt::format(
          "the seed skill {} has {} validation error{} ({}): every candidate would inherit "
          "them; fix it first (trace2skill validate {})",
          result.s0_dir, errors, errors == 1 ? "" : "s", first, result.s0_dir));
    }
  }
  if (o.dry_run) {
    T2S_ASSIGN_OR_RETURN(result.dry_run_report, DryRun(o, s0));
    return result;
  }

  // Stage 2: S0 on the train split, once per seed.
  say("loop: S0 on the train split");
  EvalOptions train = EvalOn(o, o.train, "selection", "selection (train split)");
  train.skills = {seed_skill};
  T2S_ASSIGN_OR_RETURN(EvalResult s0_runs, RunEval(train, llm.provider, llm.endpoints, llm.options,
                                                   transport, clock, attach));
  result.selection = s0_runs.summary;
  if (!s0_runs.stop_reason.empty()) return Stopped(s0_runs.stop_reason, o, std::move(result));

  // Stage 3: one candidate per seed.
  for (int64_t seed : o.seeds) {
    LoopCandidate c;
    c.seed = seed;
    c.label = fmt::format("seed-{}", seed);
    say(fmt::format("loop: evolving candidate {}", c.label));
    EvolveInputs inputs;
    inputs.skill = s0;
    inputs.skill_dir = result.s0_dir;
    fs::path trajectories =
        fs::path(train.out) / "runs" / kSeedLabel / fmt::format("seed-{}", seed) / "trajectories.jsonl";
    inputs.stream = RunTrajectories(trajectories);
    inputs.trace_paths = {trajectories.string()};
    EvolveOptions e = o.evolve;
    e.new_name.clear();
    // Failed train runs get agentic analysts in the run's own sandbox.
    e.agentic.suite = o.suite;
    e.agentic.sandbox = o.run.sandbox;
    e.agentic.jobs = o.run.jobs;
    e.agentic.tool_timeout_ms = o.run.agent.tool_timeout_ms;
    e.seed = seed;
    if (e.shared_cache.empty() && !e.no_cache) e.shared_cache = (out / "cache.sqlite").string();
    fs::path evolve_out = out / "evolve" / c.label;
    auto progress = [&](const std::string& stage, size_t done, size_t total, size_t failed) {
      if (done == total) {
        say(fmt::format("loop: {} {}: {}/{} done, {} failed", c.label, stage, done, total, failed));
      }
    };
    Result<EvolveSummary> run = RunEvolve(inputs, e, llm, transport, clock, evolve_out, progress, attach);
    if (!run.ok() && run.status().message().rfind("no trajectory fits", 0) == 0) {
      // S0 solved every train task, say, and --mode error has nothing to learn from.
      c.why_none = run.status().message();
      result.candidates.push_back(std::move(c));
      continue;
    }
    if (!run.ok()) return Status(run.status().code(), c.label + ": evolve: " + run.status().message());
    const EvolveSummary& evolved = *run;
    c.applied_edits = evolved.applied_edits + evolved.routed_edits;
    if (!evolved.failure.empty()) {
      c.why_none = evolved.failure;
    } else if (evolved.validation_errors > 0) {
      c.why_none = fmt::format("the evolved skill has {} validation errors", evolved.validation_errors);
    } else if (c.applied_edits == 0) {
      c.why_none = "no edit was applied: the candidate would equal S0";
    } else {
      c.dir = evolved.skill_out;
    }
    result.candidates.push_back(std::move(c));
  }

  // Stage 4: selection on the train split (S0's runs are already done).
  train.skills = {seed_skill};
  for (const LoopCandidate& c : result.candidates) {
    if (!c.dir.empty()) train.skills.push_back({c.label, c.dir});
  }
  say(fmt::format("loop: selection: {} candidate{} against S0 on the train split",
                  train.skills.size() - 1, train.skills.size() == 2 ? "" : "s"));
  T2S_ASSIGN_OR_RETURN(EvalResult selection, RunEval(train, llm.provider, llm.endpoints,
                                                     llm.options, transport, clock, attach));
  result.selection = selection.summary;
  if (!selection.stop_reason.empty()) return Stopped(selection.stop_reason, o, std::move(result));

  // Stage 5: the gate.
  auto [kept, why] = GateDecision(result.selection, o.gate_alpha, "on the train split");
  if (train.skills.size() == 1) {
    why = "no candidate: every seed's evolve run failed or changed nothing, so S0 is kept";
  }
  result.kept_label = train.skills[kept].label;
  result.kept_seed_skill = kept == 0;
  result.gate_reason = why;
  say("loop: gate: " + why);

  // Stage 6: the held-out split.
  EvalOptions test = EvalOn(o, o.test, "test", "held-out (test split)");
  test.skills = {{"none", ""}, seed_skill};
  if (kept != 0) test.skills.push_back(train.skills[kept]);
  say("loop: the held-out split");
  T2S_ASSIGN_OR_RETURN(EvalResult held_out, RunEval(test, llm.provider, llm.endpoints, llm.options,
                                                    transport, clock, attach));
  result.test = held_out.summary;
  if (!held_out.stop_reason.empty()) return Stopped(held_out.stop_reason, o, std::move(result));

  // Stage 7: the kept skill and the report.
  fs::path skill_out = out / "skill" / s0.folder_name;
  T2S_ASSIGN_OR_RETURN(Skill kept_skill, LoadSkill(train.skills[kept].dir));
  T2S_RETURN_IF_ERROR(WriteSkill(kept_skill, skill_out, /*force=*/true));
  result.skill_out = skill_out.string();
  T2S_RETURN_IF_ERROR(WriteLoopOutputs(o, result));
  return result;
}

}  // namespace t2s
