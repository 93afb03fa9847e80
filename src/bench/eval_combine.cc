#include "bench/eval_combine.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "base/shard_spec.h"
#include "bench/eval_report.h"
#include "bench/run_outputs.h"
#include "report/render_report.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// What a shard's eval.json says of the eval it belongs to.
struct ShardEval {
  std::string dir;
  ShardSpec shard;
  std::string title, suite, tasks, model, settings, stop_reason;
  std::vector<int64_t> seeds;
  double alpha = 0.05;
  bool price_known = false;
  std::vector<std::pair<std::string, std::string>> skills;  // (label, folder or "")
  std::vector<std::pair<std::string, std::string>> types;   // (task id, type), in suite order
};

Result<ShardEval> ReadShardEval(const std::string& dir) {
  const fs::path path = fs::path(dir) / "eval.json";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound(fmt::format("{}: no such folder", dir));
  if (!fs::is_regular_file(path, ec)) {
    return Status::NotFound(fmt::format(
        "{}: not an eval's folder (no eval.json); shards are made by trace2skill eval --shard i/n "
        "--out DIR",
        dir));
  }
  T2S_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  ShardEval e;
  e.dir = dir;
  std::string shard;
  try {
    Json j = Json::parse(text);
    if (j.value("schema", "") != kEvalSchema) {
      return Status::InvalidArgument(
          fmt::format("{}: $.schema: expected \"{}\"", path.string(), kEvalSchema));
    }
    shard = j.value("shard", "1/1");
    e.title = j.at("title").get<std::string>();
    e.suite = j.at("suite").get<std::string>();
    e.tasks = j.at("tasks").get<std::string>();
    e.seeds = j.at("seeds").get<std::vector<int64_t>>();
    e.alpha = j.at("alpha").get<double>();
    e.model = j.value("model", "");
    e.settings = j.value("settings", "");
    e.price_known = j.value("price_known", false);
    e.stop_reason = j.at("stop_reason").get<std::string>();
    for (const Json& k : j.at("skills")) {
      const Json& folder = k.at("skill");
      e.skills.emplace_back(k.at("label").get<std::string>(),
                            folder.is_null() ? "" : folder.get<std::string>());
    }
    for (const Json& row : j.at("tasks_table")) {
      e.types.emplace_back(row.at("id").get<std::string>(), row.at("type").get<std::string>());
    }
  } catch (const std::exception& ex) {
    return Status::InvalidArgument(
        fmt::format("{}: not an eval.json as eval writes it ({})", path.string(), ex.what()));
  }
  T2S_ASSIGN_OR_RETURN(e.shard, ParseShardSpec(shard, path.string() + ": $.shard"));
  return e;
}

// Refuses shards that are not of one eval: the first differing field.
Status CheckSameEval(const ShardEval& a, const ShardEval& b) {
  auto differ = [&](const char* what) {
    return Status::FailedPrecondition(fmt::format(
        "--combine: {} and {} are not shards of one eval (their {} differ): give each shard the "
        "same --suite, --tasks, --skill, --seeds and --alpha",
        a.dir, b.dir, what));
  };
  if (a.suite != b.suite) return differ("suites");
  if (a.tasks != b.tasks) return differ("task ranges");
  if (a.skills != b.skills) return differ("skills");
  if (a.seeds != b.seeds) return differ("seeds");
  if (a.alpha != b.alpha) return differ("alpha levels");
  return Status::Ok();
}

// --out may be new, empty, or an earlier --combine's (its files are replaced);
// anything else would be overwritten in part.
Status CheckCombineFolder(const fs::path& out, bool force) {
  std::error_code ec;
  if (force || !fs::exists(out, ec) || fs::is_empty(out, ec)) return Status::Ok();
  Result<std::string> text = ReadFile(out / "eval.json");
  if (text.ok()) {
    Json j = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (j.is_object() && j.contains("combined_from")) return Status::Ok();
  }
  return Status::AlreadyExists(fmt::format(
      "{}: holds files and no earlier eval --combine; use another --out, or --force to write "
      "into it",
      out.string()));
}

}  // namespace

Result<CombinedEval> CombineEvals(const std::vector<std::string>& dirs, const std::string& out_dir,
                                  bool force) {
  std::vector<ShardEval> shards;
  std::vector<ShardSpec> specs;
  for (const std::string& dir : dirs) {
    T2S_ASSIGN_OR_RETURN(ShardEval e, ReadShardEval(dir));
    if (!shards.empty()) T2S_RETURN_IF_ERROR(CheckSameEval(shards[0], e));
    specs.push_back(e.shard);
    shards.push_back(std::move(e));
  }
  T2S_ASSIGN_OR_RETURN(std::vector<size_t> order, OrderShards(specs, dirs, "--combine"));
  const fs::path out = out_dir;
  T2S_RETURN_IF_ERROR(CheckCombineFolder(out, force));

  const ShardEval& first = shards[order[0]];
  std::vector<std::pair<std::string, std::string>> types;
  std::vector<std::string> reasons;
  for (size_t k : order) {
    types.insert(types.end(), shards[k].types.begin(), shards[k].types.end());
    if (!shards[k].stop_reason.empty()) {
      reasons.push_back(fmt::format("{}: {}", shards[k].dir, shards[k].stop_reason));
    }
  }
  std::vector<SkillRuns> runs;
  for (const auto& [label, folder] : first.skills) {
    runs.push_back({label, folder, {}});
    for (int64_t seed : first.seeds) {
      const std::string run = fmt::format("runs/{}/seed-{}", label, seed);
      SuiteRunSummary joined;
      RunIdentity identity;
      std::string trajectories;
      bool any = false;
      for (size_t k : order) {
        const fs::path dir = fs::path(shards[k].dir) / run;
        std::error_code ec;
        if (!fs::is_regular_file(dir / "results.json", ec)) continue;  // not started there
        T2S_ASSIGN_OR_RETURN(std::string text, ReadFile(dir / "results.json"));
        T2S_ASSIGN_OR_RETURN(SuiteRunSummary part,
                             ParseResultsJson(text, (dir / "results.json").string(), &identity));
        T2S_ASSIGN_OR_RETURN(std::string lines, ReadFile(dir / "trajectories.jsonl"));
        trajectories += lines;
        joined.suite_name = part.suite_name;
        joined.price_known = part.price_known;
        for (TaskResult& t : part.tasks) joined.tasks.push_back(std::move(t));
        joined.passed += part.passed;
        joined.failed += part.failed;
        joined.errors += part.errors;
        joined.unfinished += part.unfinished;
        any = true;
      }
      if (!any) continue;
      std::error_code ec;
      fs::create_directories(out / run, ec);
      if (ec) return Status::IoError(fmt::format("{}: cannot create folder: {}", (out / run).string(), ec.message()));
      T2S_RETURN_IF_ERROR(WriteFileAtomic(out / run / "trajectories.jsonl", trajectories));
      T2S_RETURN_IF_ERROR(WriteFileAtomic(out / run / "results.json", ResultsJson(identity, joined)));
      T2S_RETURN_IF_ERROR(RenderReport(out / run));
      runs.back().runs.emplace_back(seed, std::move(joined));
    }
  }
  CombinedEval result;
  result.summary = Summarize(runs, types, first.seeds, first.alpha);
  result.summary.title = first.title;
  result.summary.suite = first.suite;
  result.summary.suite_name = runs.empty() || runs[0].runs.empty()
                                  ? std::string()
                                  : runs[0].runs[0].second.suite_name;
  result.summary.tasks = first.tasks;
  result.summary.model = first.model;
  result.summary.settings = first.settings;
  result.summary.price_known = first.price_known;
  for (size_t k : order) result.summary.combined_from.push_back(shards[k].dir);
  result.stop_reason = fmt::format("{}", fmt::join(reasons, "; "));
  T2S_RETURN_IF_ERROR(
      WriteFileAtomic(out / "eval.json", EvalJson(result.summary, result.stop_reason)));
  T2S_RETURN_IF_ERROR(RenderReport(out));
  return result;
}

}  // namespace t2s
