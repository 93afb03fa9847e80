#include "bench/eval.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <set>

#include "base/file_io.h"
#include "bench/eval_report.h"
#include "bench/result_folder.h"
#include "bench/run_estimate.h"
#include "bench/suite.h"
#include "report/render_report.h"
#include "skill/skill.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;

// What a run spent in this process (tasks resumed from an earlier one were
// paid for then).
void AddSpent(const SuiteRunSummary& run, double* cost, int64_t* tokens) {
  for (const TaskResult& t : run.tasks) {
    if (t.resumed) continue;
    *cost += t.cost_usd;
    *tokens += t.usage.prompt_tokens + t.usage.completion_tokens;
  }
}

}  // namespace

std::vector<EvalSkill> LabelSkills(const std::vector<std::string>& dirs) {
  std::map<std::string, int> seen;
  std::vector<EvalSkill> out;
  for (const std::string& dir : dirs) {
    std::string base = "none";
    if (dir != "none") {
      fs::path p = fs::path(dir).lexically_normal();
      if (p.filename().empty()) p = p.parent_path();  // "skills/xlsx/"
      base = p.filename().string();
      if (base.empty() || base == "." || base == "..") base = "skill";
    }
    int n = ++seen[base];
    out.push_back({n == 1 ? base : fmt::format("{}-{}", base, n), dir == "none" ? "" : dir});
  }
  return out;
}

Result<EvalResult> RunEval(const EvalOptions& options, const std::string& provider,
                           const std::vector<Endpoint>& endpoints, const LlmOptions& llm,
                           Transport* transport, Clock* clock,
                           const std::function<void(LlmClient*)>& attach_client) {
  if (options.skills.empty()) return Status::InvalidArgument("give at least one --skill (or none)");
  if (options.seeds.empty()) return Status::InvalidArgument("--seeds: give at least one seed");
  std::set<int64_t> seeds;
  for (int64_t s : options.seeds) {
    if (!seeds.insert(s).second) {
      return Status::InvalidArgument(fmt::format("--seeds: seed {} is given twice", s));
    }
  }
  std::set<std::string> labels;
  for (const EvalSkill& s : options.skills) {
    if (!labels.insert(s.label).second) {
      return Status::InvalidArgument(fmt::format("two skills are labelled \"{}\"", s.label));
    }
  }
  // Everything that can be wrong is found before the first call is paid.
  T2S_ASSIGN_OR_RETURN(Suite suite, LoadSuite(options.suite));
  T2S_ASSIGN_OR_RETURN(std::vector<size_t> selected, SelectTasks(suite, options.tasks));
  T2S_ASSIGN_OR_RETURN(selected, ShardTasks(options.shard, std::move(selected)));
  std::vector<std::pair<std::string, std::string>> types;
  for (size_t i : selected) types.emplace_back(suite.tasks[i].id, suite.tasks[i].type);
  EvalResult result;
  RunEstimate total;
  for (const EvalSkill& s : options.skills) {
    Result<Skill> skill = Skill{};
    if (!s.dir.empty()) skill = LoadSkill(s.dir);
    if (!skill.ok()) {
      return Status(skill.status().code(),
                    fmt::format("skill {}: {}", s.label, skill.status().message()));
    }
    RunEstimate e = EstimateRuns(suite, selected, s.dir.empty() ? nullptr : &*skill, options.run,
                                 options.seeds.size());
    total += e;
    result.dry_run_report +=
        "  " + EstimateLine(s.label, e, options.run.prices, options.run.agent.model) + "\n";
  }
  if (options.dry_run) {
    result.dry_run_report =
        fmt::format("dry run: {} skill{} x {} task{} x {} seed{}\n", options.skills.size(),
                    options.skills.size() == 1 ? "" : "s", selected.size(),
                    selected.size() == 1 ? "" : "s", options.seeds.size(),
                    options.seeds.size() == 1 ? "" : "s") +
        result.dry_run_report + "  " +
        EstimateLine("total", total, options.run.prices, options.run.agent.model) + "\n";
    return result;
  }
  result.dry_run_report.clear();
  fs::path out(options.out);
  T2S_RETURN_IF_ERROR(CheckResultFolder(out, {"eval.json", "runs"}, "eval", options.force));
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) {
    return Status::IoError(fmt::format("{}: cannot create folder: {}", out.string(), ec.message()));
  }

  std::vector<SkillRuns> runs;
  double spent_cost = 0;
  int64_t spent_tokens = 0;
  size_t runs_total = options.skills.size() * options.seeds.size(), started = 0;
  for (const EvalSkill& skill : options.skills) {
    runs.push_back({skill.label, skill.dir, {}});
    for (int64_t seed : options.seeds) {
      SuiteRunOptions o = options.run;
      o.suite = options.suite;
      o.tasks = options.tasks;
      o.shard = options.shard;
      o.skill_dir = skill.dir;
      o.out = (out / "runs" / skill.label / fmt::format("seed-{}", seed)).string();
      o.agent.sampling.seed = seed;
      if (o.cache.empty() && !o.no_cache) o.cache = (out / "cache.sqlite").string();
      // One budget for the whole eval: each run gets what is left of it.
      LlmOptions budget = llm;
      if (llm.max_cost_usd > 0) budget.max_cost_usd = llm.max_cost_usd - spent_cost;
      if (llm.max_total_tokens > 0) budget.max_total_tokens = llm.max_total_tokens - spent_tokens;
      if ((llm.max_cost_usd > 0 && budget.max_cost_usd <= 0) ||
          (llm.max_total_tokens > 0 && budget.max_total_tokens <= 0)) {
        result.stop_reason = "the budget is spent";
        break;
      }
      if (options.on_run) options.on_run(skill.label, seed, ++started, runs_total);
      Result<SuiteRunSummary> run =
          RunSuite(o, provider, endpoints, budget, transport, clock, attach_client);
      if (!run.ok()) {
        return Status(run.status().code(), fmt::format("{} seed {}: {}", skill.label, seed,
                                                       run.status().message()));
      }
      AddSpent(*run, &spent_cost, &spent_tokens);
      if (run->unfinished > 0) {
        result.stop_reason = fmt::format("{} seed {}: {} task{} did not finish ({})", skill.label,
                                         seed, run->unfinished, run->unfinished == 1 ? "" : "s",
                                         run->stop_reason);
      }
      runs.back().runs.emplace_back(seed, std::move(*run));
      if (!result.stop_reason.empty()) break;
    }
    if (!result.stop_reason.empty()) break;
  }

  result.summary = Summarize(runs, types, options.seeds, options.alpha);
  result.summary.title = options.title;
  result.summary.suite = options.suite;
  result.summary.suite_name = suite.name;
  result.summary.tasks = options.tasks;
  result.summary.shard = ShardName(options.shard);
  const SuiteRunOptions& r = options.run;
  result.summary.model = r.agent.model;
  result.summary.settings = fmt::format(
      "max_turns={} skill_mode={} sandbox={} jobs={} episode_tokens={} max_tokens={}",
      r.agent.max_turns, r.skill_mode == SkillMode::kPreload ? "preload" : "files",
      r.sandbox.mode == SandboxMode::kNone ? "none" : "bwrap", r.jobs, r.agent.max_episode_tokens,
      r.agent.sampling.max_tokens);
  result.summary.price_known = r.prices.count(r.agent.model) > 0;
  for (const SkillRuns& k : runs) {
    for (const auto& [seed, run] : k.runs) result.summary.spend += run.spend;
  }
  T2S_RETURN_IF_ERROR(WriteFileAtomic(out / "eval.json", EvalJson(result.summary, result.stop_reason)));
  T2S_RETURN_IF_ERROR(RenderReport(out));
  return result;
}

}  // namespace t2s
