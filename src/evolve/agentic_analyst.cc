#include "evolve/agentic_analyst.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <regex>

#include "agent/agent_loop.h"
#include "agent/recorder.h"
#include "agent/run_store.h"
#include "base/file_io.h"
#include "base/hash.h"
#include "bench/check_task.h"
#include "bench/workspace.h"
#include "evolve/analyst_tools.h"
#include "evolve/llm_analyst.h"
#include "evolve/requests.h"
#include "evolve/stop.h"
#include "sandbox/job_limiter.h"
#include "sandbox/tool_runner.h"
#include "trace/trajectory_json.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;

constexpr size_t kToolOutputLimit = 30'000;

std::string HowChecked(const AnalystTask& t) {
  const CheckSpec& c = t.task->check;
  std::string answer = c.file.empty() ? "the agent's final message" : "/workspace/" + c.file;
  switch (c.kind) {
    case CheckSpec::Kind::kExact:
      return fmt::format("{} must equal /reference/golden/expected.txt (whitespace runs count as "
                         "one space)",
                         answer);
    case CheckSpec::Kind::kNumber:
      return fmt::format("the last number in {} must be within {} of the expected number in "
                         "/reference/golden/expected.txt",
                         answer, c.tolerance);
    case CheckSpec::Kind::kXlsx:
      return fmt::format("the workbook /workspace/{} must match the golden workbook in "
                         "/reference/golden/ over the ranges {}",
                         c.file, c.ranges);
    case CheckSpec::Kind::kCommand:
      return "the command in /reference/golden/check.sh runs in a copy of /workspace and must "
             "exit 0 ($T2S_SUITE in it is the task suite; the files it names are under "
             "/reference/golden/suite/)";
  }
  return "";
}

struct Pending {
  size_t index = 0;  // in the selection
  std::string trajectory_id;
  AnalystTask task;
  std::string rendered;
  std::string verdict;  // the checker's message on the agent's output
};

std::string UnitId(size_t index) { return fmt::format("L0-{:04}", index); }

// Sets up analysts/L0-NNNN afresh: the candidate and the reference folder.
Result<EpisodeSpec> PrepareEpisode(const Pending& p, const std::string& system,
                                   const std::string& user, const fs::path& dir,
                                   const std::string& key) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec) return Status::IoError(fmt::format("{}: cannot clear: {}", dir.string(), ec.message()));
  fs::path candidate = dir / "candidate";
  fs::path reference = dir / "reference";
  fs::create_directories(candidate, ec);
  if (ec) return Status::IoError(fmt::format("{}: cannot create: {}", candidate.string(), ec.message()));
  if (!p.task.final_workspace.empty()) {
    T2S_RETURN_IF_ERROR(CopyFolderContents(p.task.final_workspace, candidate));
  } else {
    fs::remove(candidate, ec);
    T2S_RETURN_IF_ERROR(PrepareWorkspace(*p.task.suite, *p.task.task, candidate.string()));
  }
  T2S_RETURN_IF_ERROR(
      PrepareWorkspace(*p.task.suite, *p.task.task, (reference / "inputs").string()));
  T2S_RETURN_IF_ERROR(WriteGoldenMaterial(p.task, reference / "golden"));
  EpisodeSpec spec;
  spec.id = key;
  spec.system_prompt = system;
  spec.instruction = user;
  spec.workspace = fs::absolute(candidate).lexically_normal().string();
  spec.skill_dir = fs::absolute(reference).lexically_normal().string();
  return spec;
}

}  // namespace

std::string AgenticInput(const Skill& seed, const std::string& rendered, const AnalystTask& task,
                         const std::string& verdict) {
  return fmt::format(
      "{}\n# The task\n\nThe agent was asked:\n\n{}\n\nHow it is checked: {}.\n\nThe checker's "
      "verdict on the agent's output: FAIL{}\n\n{}\n\nFind the cause, fix the candidate, call "
      "check until it answers PASS, then call submit with the t2s_analysis object above as its "
      "arguments.\n",
      AnalystInput(seed, rendered), task.task->instruction, HowChecked(task),
      verdict.empty() ? "" : ": " + verdict,
      task.final_workspace.empty()
          ? "The agent's final files are not available: /workspace holds the task's input files; "
            "rebuild the agent's output from the trajectory before you fix it."
          : "/workspace holds the agent's final files.");
}

Status WriteGoldenMaterial(const AnalystTask& t, const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError(fmt::format("{}: cannot create: {}", dir.string(), ec.message()));
  const CheckSpec& c = t.task->check;
  std::string readme = "How the task is checked: " + HowChecked(t) + ".\n";
  switch (c.kind) {
    case CheckSpec::Kind::kExact:
      T2S_RETURN_IF_ERROR(WriteFileAtomic(dir / "expected.txt", c.expected));
      break;
    case CheckSpec::Kind::kNumber:
      T2S_RETURN_IF_ERROR(WriteFileAtomic(dir / "expected.txt",
                                    fmt::format("{}\ntolerance {}\n", c.expected_number, c.tolerance)));
      break;
    case CheckSpec::Kind::kXlsx:
      fs::copy_file(c.golden, dir / fs::path(c.golden).filename(), ec);
      if (ec) {
        return Status::IoError(
            fmt::format("cannot copy the golden workbook {}: {}", c.golden, ec.message()));
      }
      readme += fmt::format("Golden workbook: {}; graded ranges: {}{}\n",
                            fs::path(c.golden).filename().string(), c.ranges,
                            c.sheet.empty() ? "" : " (sheet " + c.sheet + " when none is named)");
      break;
    case CheckSpec::Kind::kCommand: {
      T2S_RETURN_IF_ERROR(WriteFileAtomic(dir / "check.sh", c.run + "\n"));
      static const std::regex kSuitePath(R"(\$\{?T2S_SUITE\}?/([^\s"'\\;|&)<>]+))");
      for (std::sregex_iterator it(c.run.begin(), c.run.end(), kSuitePath), end; it != end; ++it) {
        fs::path rel = fs::path((*it)[1].str()).lexically_normal();
        fs::path from = fs::path(t.suite->root) / rel;
        if (!PathIsWithin(from, t.suite->root) || !fs::is_regular_file(from, ec)) continue;
        fs::create_directories((dir / "suite" / rel).parent_path(), ec);
        fs::copy_file(from, dir / "suite" / rel, fs::copy_options::overwrite_existing, ec);
      }
      break;
    }
  }
  return WriteFileAtomic(dir / "README.txt", readme);
}

int64_t EpisodePromptBound(int64_t first, const EvolveOptions& o) {
  const int64_t turns = std::max(1, o.agentic.turns);
  const int64_t growth = o.max_tokens + static_cast<int64_t>(kToolOutputLimit / 3);
  // Turn k's prompt is at most first + k * growth; with a token cap no turn
  // is asked once the episode's prompts alone reach it.
  const int64_t cap = o.agentic.episode_tokens;
  int64_t bound = 0;
  for (int64_t k = 0; k < turns; ++k) {
    bound += first + growth * k;
    if (cap > 0 && bound >= cap) break;
  }
  return bound;
}

Result<std::vector<PatchUnit>> AgenticAnalyst::Analyze(const AnalystInputs& in, Fates* fates,
                                                       EvolveSummary* summary) {
  const Selection& sel = *in.selection;
  const EvolveOptions& o = *in.options;
  const AgenticOptions& ao = o.agentic;
  const size_t n = sel.selected.size();

  // One reading decides who gets an episode (failed trajectories whose
  // task is available) and renders the rest for the single-call analyst.
  AnalystTasks tasks(ao.suite);
  std::vector<Pending> pending;
  Status problem = Status::Ok();
  T2S_ASSIGN_OR_RETURN(std::unique_ptr<TextSpool> spool, TextSpool::Create(out_));
  T2S_ASSIGN_OR_RETURN(
      std::vector<size_t> slot, RenderSelected(in, spool.get(), [&](const Trajectory& t) {
        size_t i = sel.IndexOf(t.id);
        if (sel.selected[i].label != Label::kFail) return true;
        Result<AnalystTask> task = tasks.Resolve(t);
        if (!task.ok()) {
          if (ao.analyst == "agentic" && problem.ok()) {
            problem = Status::FailedPrecondition(fmt::format(
                "--analyst agentic: trajectory {}: {}", t.id, task.status().message()));
          }
          return true;
        }
        pending.push_back({i, t.id, std::move(*task), RenderForAnalyst(*in.seed, t, o),
                           t.outcome.detail});
        return false;
      }));
  T2S_RETURN_IF_ERROR(problem);
  std::sort(pending.begin(), pending.end(),
            [](const Pending& a, const Pending& b) { return a.index < b.index; });
  std::vector<size_t> single;
  for (size_t i = 0; i < n; ++i) {
    if (slot[i] != SIZE_MAX) single.push_back(i);
  }

  std::vector<PatchUnit> units;
  if (!pending.empty()) {
    const std::string system = prompts_.Get("analyst_agentic.md");
    AnalystTools tools;
    std::vector<EpisodeSpec> specs;
    std::vector<Pending> kept;
    std::map<std::string, size_t> of_key;  // episode key -> index in kept
    size_t reproduced_not = 0;
    for (Pending& p : pending) {
      std::string user = AgenticInput(*in.seed, p.rendered, p.task, p.verdict);
      // The tool log is keyed on what decides the conversation: a changed
      // skill, model or seed never replays another episode's tool results.
      std::string key = fmt::format(
          "analyst/{}/{}", p.trajectory_id,
          HexHash(fmt::format("{}\n{}\n{}\n{}\n{}", system, user, llm_.model,
                              o.seed ? std::to_string(*o.seed) : "", o.temperature.value_or(-1))));
      T2S_ASSIGN_OR_RETURN(EpisodeSpec spec,
                           PrepareEpisode(p, system, user, out_ / "analysts" / UnitId(sel.first + p.index), key));
      // A failure the checker does not reproduce (a label from elsewhere)
      // could be "verified" without a fix: a single call analyzes it.
      if (CheckTask(*p.task.suite, *p.task.task, spec.workspace, p.task.final_message).kind ==
          CheckVerdict::Kind::kPass) {
        std::error_code ec;
        fs::remove_all(out_ / "analysts" / UnitId(sel.first + p.index), ec);
        T2S_ASSIGN_OR_RETURN(slot[p.index], spool->Add(p.rendered));
        single.push_back(p.index);
        ++reproduced_not;
        continue;
      }
      p.rendered.clear();
      p.rendered.shrink_to_fit();
      AnalystEpisode episode{p.task, GoldenValues::Of(*p.task.suite, *p.task.task)};
      episode.golden.DropInputs(*p.task.task);
      for (const auto& [path, text] : in.seed->files) episode.golden.DropPublic(text);
      episode.golden.AddExpected(p.verdict);
      tools.Add(key, std::move(episode));
      of_key[key] = kept.size();
      kept.push_back(std::move(p));
      specs.push_back(std::move(spec));
    }
    pending = std::move(kept);
    std::sort(single.begin(), single.end());
    if (reproduced_not > 0) {
      summary->notes.push_back(fmt::format(
          "{} failed trajector{} passed the checker when checked again (the failure does not "
          "reproduce): analyzed by single calls, not by agentic analysts",
          reproduced_not, reproduced_not == 1 ? "y" : "ies"));
    }

    T2S_ASSIGN_OR_RETURN(std::unique_ptr<RunStore> log, RunStore::Open(out_ / "run.sqlite"));
    SandboxOptions sandbox = ao.sandbox;
    sandbox.skill_mount = "/reference";
    T2S_RETURN_IF_ERROR(ProbeSandbox(sandbox));
    JobLimiter limiter(std::max(1, ao.jobs));
    T2S_ASSIGN_OR_RETURN(std::unique_ptr<ToolRunner> runner, ToolRunner::Create(sandbox, &limiter));
    AgentOptions agent;
    agent.model = llm_.model;
    agent.stage = "analyze-agentic";  // its own line in the accounting
    agent.sampling.max_tokens = o.max_tokens;
    agent.sampling.seed = o.seed;
    agent.sampling.temperature = o.temperature;
    agent.max_turns = std::max(1, ao.turns);
    agent.max_episode_tokens = ao.episode_tokens;
    agent.tool_timeout_ms = ao.tool_timeout_ms;
    agent.tool_output_limit = kToolOutputLimit;
    AgentLoop loop(client_, runner.get(), log.get(), agent);
    loop.set_local_tools(&tools);
    std::vector<EpisodeResult> results(pending.size());
    size_t done = 0, failed = 0;
    loop.Run(specs, [&](const EpisodeSpec& spec, EpisodeResult r) {
      ++done;
      if (!r.ending_call) ++failed;
      results[of_key[spec.id]] = std::move(r);
      if (progress_) progress_("analyze (agentic)", done, pending.size(), failed);
    });
    T2S_RETURN_IF_ERROR(CheckStopped(*client_, out_));

    for (size_t k = 0; k < pending.size(); ++k) {
      const Pending& p = pending[k];
      const EpisodeResult& r = results[k];
      const AnalystRecord rec = tools.Record(specs[k].id);
      const fs::path dir = out_ / "analysts" / UnitId(sel.first + p.index);
      const std::string label(LabelName(Label::kFail));
      ++summary->agentic;
      summary->golden_refusals += rec.refusals.size();
      std::string refused =
          rec.refusals.empty()
              ? ""
              : fmt::format("; {} submit{} refused for quoting the ground truth ({})",
                            rec.refusals.size(), rec.refusals.size() == 1 ? "" : "s",
                            rec.refusals.back());
      // The episode itself, for people: verified reads as success.
      EpisodeContext context{p.task.suite->name, "", p.task.task->type, "candidate", "none", "",
                             llm_.model};
      Trajectory conversation =
          EpisodeTrajectory(specs[k], r, context,
                            rec.analysis && rec.verified ? VerdictKind::kPass : VerdictKind::kFail,
                            rec.last_check);
      conversation.id = UnitId(sel.first + p.index);
      conversation.metadata["format"] = "trace2skill-analyst";
      conversation.metadata["analyzed"] = p.trajectory_id;
      T2S_RETURN_IF_ERROR(
          WriteFileAtomic(dir / "conversation.jsonl", SerializeTrajectory(conversation) + "\n"));

      if (!rec.analysis) {
        std::string why = !r.answered ? r.error : "the analyst ended without calling submit";
        fates->Trajectory({p.trajectory_id, label, "failed", "agentic analyst: " + why + refused, 0});
        continue;
      }
      const Analysis& a = *rec.analysis;
      std::string checks = fmt::format("{} check{}, {} passed", rec.checks,
                                       rec.checks == 1 ? "" : "s", rec.passes);
      if (!rec.verified) {
        ++summary->unverified;
        if (!ao.keep_unverified) {
          fates->Trajectory({p.trajectory_id, label, "unverified",
                             fmt::format("submitted without a passing check ({}{}){}", checks,
                                         rec.last_check.empty() ? "" : "; last: " + rec.last_check,
                                         refused),
                             static_cast<int>(a.edits.size())});
          continue;
        }
      } else {
        ++summary->verified;
      }
      PatchUnit u;
      u.id = UnitId(sel.first + p.index);
      u.changelog = a.changelog;
      u.causes = a.causes;
      u.lessons = a.lessons;
      u.unverified = !rec.verified;
      for (size_t e = 0; e < a.edits.size(); ++e) {
        Edit edit = a.edits[e];
        edit.id = fmt::format("{}-e{}", u.id, e + 1);
        edit.sources = {p.trajectory_id};
        u.edits.push_back(std::move(edit));
      }
      fates->Trajectory(
          {p.trajectory_id, label, "analyzed",
           rec.verified ? fmt::format("verified by the checker ({}){}", checks, refused)
                        : fmt::format("UNVERIFIED, kept by --keep-unverified ({}){}", checks, refused),
           static_cast<int>(u.edits.size())});
      summary->proposed_edits += u.edits.size();
      ++summary->analyzed;
      if (!u.edits.empty()) units.push_back(std::move(u));
    }
  }

  // The rest: one call each.
  LlmAnalyst rest(llm_, prompts_, client_, out_);
  rest.Only(std::move(single), std::move(spool), std::move(slot));
  T2S_ASSIGN_OR_RETURN(std::vector<PatchUnit> more, rest.Analyze(in, fates, summary));
  for (PatchUnit& u : more) units.push_back(std::move(u));
  // Selection order: "L0-9999" before "L0-10000".
  std::sort(units.begin(), units.end(), [](const PatchUnit& a, const PatchUnit& b) {
    return a.id.size() != b.id.size() ? a.id.size() < b.id.size() : a.id < b.id;
  });
  return units;
}

}  // namespace t2s
