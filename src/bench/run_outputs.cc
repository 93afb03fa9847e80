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
