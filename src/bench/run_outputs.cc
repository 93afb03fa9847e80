#include "bench/run_outputs.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "report/render_report.h"

namespace t2s {
namespace {

using Json = nlohmann::ordered_json;

}  // namespace

nlohmann::ordered_json RunSpendJson(const RunSpend& s) {
  return {{"paid_tokens", s.paid.total()},
          {"paid_cost_usd", s.paid_cost_usd},
          {"cached_turns", s.cached_turns},
          {"cached_tokens", s.cached.total()},
          {"cached_cost_usd", s.cached_cost_usd}};
}

std::string ResultsJson(const RunIdentity& identity, const SuiteRunSummary& s) {
  Json tasks = Json::array();
  Usage total;
  double cost = 0, seconds = 0;
  for (const TaskResult& t : s.tasks) {
    total += t.usage;
    cost += t.cost_usd;
    seconds += t.seconds;
    tasks.push_back({{"id", t.id},
                     {"verdict", t.verdict},
                     {"detail", t.detail},
                     {"turns", t.turns},
                     {"tool_calls", t.tool_calls},
                     {"tokens",
                      {{"prompt", t.usage.prompt_tokens}, {"completion", t.usage.completion_tokens}}},
                     {"cost_usd", t.cost_usd},
                     {"seconds", t.seconds},
                     {"finished", t.finished}});
  }
  size_t finished = s.passed + s.failed + s.errors;
  Json summary = {{"tasks", s.tasks.size()},
                  {"pass", s.passed},
                  {"fail", s.failed},
                  {"error", s.errors},
                  {"unfinished", s.unfinished},
                  {"pass_rate", finished == 0 ? Json() : Json(static_cast<double>(s.passed) /
                                                              static_cast<double>(finished))},
                  {"prompt_tokens", total.prompt_tokens},
                  {"completion_tokens", total.completion_tokens},
                  {"cost_usd", cost},
                  {"seconds", seconds},
                  {"price_known", s.price_known},
                  // This invocation: what it paid, and what the cache answered
                  // (its original cost, not paid again).
                  {"this_run", RunSpendJson(s.spend)}};
  Json doc = {{"schema", kResultsSchema},
              {"suite", identity.suite_name},
              {"suite_path", identity.suite},
              {"skill", identity.skill},
              {"model", identity.model},
              {"summary", summary},
              {"tasks", tasks}};
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Result<SuiteRunSummary> ParseResultsJson(std::string_view text, std::string_view source,
                                         RunIdentity* identity) {
  SuiteRunSummary s;
  std::string where = "$";
  try {
    Json doc = Json::parse(text);
    if (doc.value("schema", "") != kResultsSchema) {
      return Status::InvalidArgument(
          fmt::format("{}: $.schema: expected \"{}\"", source, kResultsSchema));
    }
    identity->suite_name = doc.at("suite").get<std::string>();
    identity->suite = doc.at("suite_path").get<std::string>();
    identity->skill = doc.at("skill").get<std::string>();
    identity->model = doc.at("model").get<std::string>();
    s.suite_name = identity->suite_name;
    s.price_known = doc.at("summary").value("price_known", false);
    const Json& tasks = doc.at("tasks");
    for (size_t i = 0; i < tasks.size(); ++i) {
      where = fmt::format("$.tasks[{}]", i);
      const Json& j = tasks[i];
      TaskResult t;
      t.id = j.at("id").get<std::string>();
      t.verdict = j.at("verdict").get<std::string>();
      t.detail = j.at("detail").get<std::string>();
      t.turns = j.at("turns").get<int>();
      t.tool_calls = j.at("tool_calls").get<int>();
      t.usage.prompt_tokens = j.at("tokens").at("prompt").get<int64_t>();
      t.usage.completion_tokens = j.at("tokens").at("completion").get<int64_t>();
      t.cost_usd = j.at("cost_usd").get<double>();
      t.seconds = j.at("seconds").get<double>();
      t.finished = j.at("finished").get<bool>();
      t.resumed = t.finished;
      if (!t.finished) ++s.unfinished;
      else if (t.verdict == "pass") ++s.passed;
      else if (t.verdict == "fail") ++s.failed;
      else ++s.errors;
      s.tasks.push_back(std::move(t));
    }
  } catch (const std::exception& e) {
    return Status::InvalidArgument(
        fmt::format("{}: {}: not results as `run` writes them ({})", source, where, e.what()));
  }
  return s;
}

Status WriteRunOutputs(const std::filesystem::path& out, const RunIdentity& identity,
                       const SuiteRunSummary& summary,
                       const std::vector<std::string>& trajectory_lines) {
  std::string jsonl;
  for (const std::string& line : trajectory_lines) jsonl += line + "\n";
  T2S_RETURN_IF_ERROR(WriteFileAtomic(out / "trajectories.jsonl", jsonl));
  T2S_RETURN_IF_ERROR(WriteFileAtomic(out / "results.json", ResultsJson(identity, summary)));
  return RenderReport(out);
}

}  // namespace t2s
