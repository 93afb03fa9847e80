#include "bench/suite_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "agent/agent_loop.h"
#include "agent/recorder.h"
#include "agent/run_store.h"
#include "base/file_io.h"
#include "base/file_lock.h"
#include "base/hash.h"
#include "bench/run_outputs.h"
#include "bench/check_task.h"
#include "bench/suite.h"
#include "bench/workspace.h"
#include "llm/response_cache.h"
#include "sandbox/job_limiter.h"
#include "sandbox/tool_runner.h"
#include "skill/skill.h"
#include "trace/trajectory_json.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;

// The suite's folder however it was named (relative, absolute, a link).
std::string CanonicalSuite(const std::string& spec) {
  std::string suite = spec;
  std::string prefix;
  if (suite.rfind("spreadsheetbench:", 0) == 0) {
    prefix = "spreadsheetbench:";
    suite = suite.substr(prefix.size());
  }
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(suite, ec);
  if (!ec) suite = canonical.string();
  return prefix + suite;
}

// What makes two runs the same run: a folder holding another is refused.
std::map<std::string, std::string> Settings(const SuiteRunOptions& o, const Skill* skill,
                                            const std::string& provider) {
  std::string skill_id = "none";
  if (skill != nullptr) {
    std::string all;
    for (const auto& [path, content] : skill->files) all += path + '\0' + content + '\0';
    skill_id = skill->folder_name + " " + HexHash(all);
  }
  const SamplingParams& s = o.agent.sampling;
  return {{"suite", CanonicalSuite(o.suite)},
          {"skill", skill_id},
          {"skill_mode", skill == nullptr ? "" : o.skill_mode == SkillMode::kPreload ? "preload" : "files"},
          {"provider", provider},
          {"model", o.agent.model},
          {"max_turns", std::to_string(o.agent.max_turns)},
          {"tool_timeout_ms", std::to_string(o.agent.tool_timeout_ms)},
          {"seed", s.seed ? std::to_string(*s.seed) : ""},
          {"temperature", s.temperature ? fmt::format("{}", *s.temperature) : ""},
          {"sandbox", o.sandbox.mode == SandboxMode::kBwrap ? "bwrap" : "none"}};
}

TaskResult FromRecord(const EpisodeRecord& r) {
  TaskResult t;
  t.id = r.task_id;
  t.verdict = r.verdict;
  t.detail = r.detail;
  t.turns = r.turns;
  t.tool_calls = r.tool_calls;
  t.usage = r.usage;
  t.cost_usd = r.cost_usd;
  t.seconds = r.seconds;
  t.finished = true;
  return t;
}

}  // namespace

Result<SuiteRunSummary> RunSuite(const SuiteRunOptions& o, const std::string& provider,
                                 const std::vector<Endpoint>& endpoints, const LlmOptions& llm,
                                 Transport* transport, Clock* clock,
                                 const std::function<void(LlmClient*)>& attach_client) {
  T2S_ASSIGN_OR_RETURN(Suite suite, LoadSuite(o.suite));
  T2S_ASSIGN_OR_RETURN(std::vector<size_t> selected, SelectTasks(suite, o.tasks));
  T2S_ASSIGN_OR_RETURN(selected, ShardTasks(o.shard, std::move(selected)));
  std::unique_ptr<Skill> skill;
  if (!o.skill_dir.empty()) {
    T2S_ASSIGN_OR_RETURN(Skill loaded, LoadSkill(o.skill_dir));
    skill = std::make_unique<Skill>(std::move(loaded));
  }
  T2S_RETURN_IF_ERROR(ProbeSandbox(o.sandbox));

  const fs::path out = o.out;
  std::error_code ec;
  fs::create_directories(out / "workspaces", ec);
  if (ec) return Status::IoError(fmt::format("{}: cannot create folder: {}", out.string(), ec.message()));
  Result<std::unique_ptr<FileLock>> lock = FileLock::Acquire(out / "run.lock");
  if (!lock.ok()) {
    return Status::FailedPrecondition(fmt::format(
        "{} is in use by another trace2skill run ({}); wait for it to finish or use another --out",
        out.string(), lock.status().message()));
  }
  T2S_ASSIGN_OR_RETURN(std::unique_ptr<RunStore> store, RunStore::Open(out / "run.sqlite"));
  T2S_RETURN_IF_ERROR(store->CheckSettings(Settings(o, skill.get(), provider), out.string()));
  T2S_ASSIGN_OR_RETURN(std::unique_ptr<ResponseCache> cache, ResponseCache::Open(out / "run.sqlite"));
  std::unique_ptr<ResponseCache> shared;
  if (o.no_cache) {
    cache->set_reads(false);
  } else if (!o.cache.empty()) {
    T2S_ASSIGN_OR_RETURN(shared, ResponseCache::Open(o.cache));
    cache->set_shared(shared.get());
  }
  LlmClient client(MakeProvider(provider), endpoints, transport, clock, cache.get(), llm);
  if (attach_client) attach_client(&client);
  struct Detach {
    const std::function<void(LlmClient*)>& f;
    ~Detach() {
      if (f) f(nullptr);
    }
  } detach{attach_client};
  JobLimiter limiter(std::max(1, o.jobs));
  T2S_ASSIGN_OR_RETURN(std::unique_ptr<ToolRunner> runner, ToolRunner::Create(o.sandbox, &limiter));

  const std::string system = SystemPrompt(skill.get(), o.skill_mode);
  const std::string skill_dir =
      skill ? fs::absolute(o.skill_dir).lexically_normal().string() : std::string();
  SuiteRunSummary summary;
  summary.suite_name = suite.name;
  std::map<std::string, size_t> position;  // task id -> index in summary.tasks
  std::vector<EpisodeSpec> episodes;
  std::map<std::string, const TaskSpec*> task_of;
  for (size_t index : selected) {
    const TaskSpec& task = suite.tasks[index];
    position[task.id] = summary.tasks.size();
    if (std::optional<EpisodeRecord> done = store->Finished(task.id)) {
      summary.tasks.push_back(FromRecord(*done));
      summary.tasks.back().resumed = true;
      continue;
    }
    TaskResult pending;
    pending.id = task.id;
    summary.tasks.push_back(pending);
    // An unfinished episode starts over in a fresh workspace.
    fs::path workspace = out / "workspaces" / task.id;
    fs::remove_all(workspace, ec);
    T2S_RETURN_IF_ERROR(PrepareWorkspace(suite, task, workspace.string()));
    EpisodeSpec spec;
    spec.id = task.id;
    spec.system_prompt = system;
    spec.instruction = task.instruction;
    spec.workspace = fs::absolute(workspace).lexically_normal().string();
    spec.skill_dir = skill_dir;
    episodes.push_back(std::move(spec));
    task_of[task.id] = &task;
  }

  const std::string skill_name = skill ? skill->folder_name : "none";
  const std::string suite_path = CanonicalSuite(o.suite);
  const std::string mode_name = o.skill_mode == SkillMode::kPreload ? "preload" : "files";
  auto price = o.prices.find(o.agent.model);
  summary.price_known = price != o.prices.end();
  size_t ended = 0, not_passed = 0;
  Status saved = Status::Ok();
  if (o.on_count) o.on_count(0, episodes.size(), 0);
  std::map<std::string, std::string> lines;  // task id -> trajectory, finished in this run
  AgentLoop loop(&client, runner.get(), store.get(), o.agent);
  loop.Run(episodes, [&](const EpisodeSpec& spec, EpisodeResult episode) {
    TaskResult& t = summary.tasks[position[spec.id]];
    const TaskSpec& task = *task_of[spec.id];
    RunSpend spent;
    spent.paid = episode.usage;
    spent.paid -= episode.cached_usage;
    spent.cached = episode.cached_usage;
    spent.cached_turns = episode.cached_turns;
    if (price != o.prices.end()) {
      spent.paid_cost_usd = CostUsd(spent.paid, price->second);
      spent.cached_cost_usd = CostUsd(spent.cached, price->second);
    }
    summary.spend += spent;
    t.turns = episode.turns;
    t.tool_calls = episode.tool_calls;
    t.usage = episode.usage;
    t.cost_usd = price == o.prices.end() ? 0 : CostUsd(episode.usage, price->second);
    t.seconds = static_cast<double>(episode.elapsed_ms) / 1000.0;
    ++ended;
    if (episode.resumable) {
      t.verdict = "error";
      t.detail = episode.error;
      if (summary.stop_reason.empty()) summary.stop_reason = episode.error;
    } else {
      VerdictKind kind = VerdictKind::kError;
      if (episode.answered) {
        CheckVerdict v = CheckTask(suite, task, spec.workspace, episode.final_message);
        kind = v.kind == CheckVerdict::Kind::kPass   ? VerdictKind::kPass
               : v.kind == CheckVerdict::Kind::kFail ? VerdictKind::kFail
                                                : VerdictKind::kError;
        t.detail = v.detail;
      } else {
        t.detail = episode.error;
      }
      t.verdict = std::string(VerdictName(kind));
      t.finished = true;
      EpisodeContext context{suite.name, suite_path, task.type,   "workspaces/" + spec.id,
                             skill_name, mode_name,  o.agent.model};
      Trajectory trajectory = EpisodeTrajectory(spec, episode, context, kind, t.detail);
      EpisodeRecord record{t.id,    t.verdict,    t.detail,  t.turns,
                           t.tool_calls, t.usage, t.cost_usd, t.seconds,
                           SerializeTrajectory(trajectory)};
      if (Status st = store->SaveEpisode(record); !st.ok() && saved.ok()) saved = st;
      lines[t.id] = std::move(record.trajectory);
    }
    if (t.verdict != "pass") ++not_passed;
    if (o.on_count) o.on_count(ended, episodes.size(), not_passed);
    if (o.progress) {
      o.progress(fmt::format("[{}/{}] {}: {}{} ({} turns, {:.1f} s)", ended, episodes.size(),
                             spec.id, t.verdict, t.finished ? "" : " (unfinished)", t.turns,
                             t.seconds));
    }
  });
  T2S_RETURN_IF_ERROR(saved);

  for (const TaskResult& t : summary.tasks) {
    if (!t.finished) {
      ++summary.unfinished;
    } else if (t.verdict == "pass") {
      ++summary.passed;
    } else if (t.verdict == "fail") {
      ++summary.failed;
    } else {
      ++summary.errors;
    }
  }
  std::vector<std::string> trajectories;
  for (const TaskResult& t : summary.tasks) {
    if (!t.finished) continue;
    if (auto line = lines.find(t.id); line != lines.end()) {
      trajectories.push_back(std::move(line->second));
    } else if (std::optional<EpisodeRecord> r = store->Finished(t.id)) {
      trajectories.push_back(std::move(r->trajectory));  // finished in an earlier run
    }
  }
  RunIdentity identity{suite.name, o.suite, skill_name, o.agent.model};
  T2S_RETURN_IF_ERROR(WriteRunOutputs(out, identity, summary, trajectories));
  return summary;
}

}  // namespace t2s
