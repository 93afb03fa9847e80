#include "bench/eval_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bench/run_outputs.h"

namespace t2s {
namespace {

using Json = nlohmann::ordered_json;

Json RateOrNull(const Rate& r) { return r.finished == 0 ? Json() : Json(r.rate()); }

Json IntervalJson(const Rate& r) {
  Interval i = r.interval();
  return Json::array({i.low, i.high});
}

std::string VerdictWord(const Comparison& c) {
  if (!c.significant) return "no significant difference";
  return c.b > c.c ? "better" : "worse";
}

std::string RunFolder(const std::string& label, int64_t seed) {
  return fmt::format("runs/{}/seed-{}", label, seed);
}

std::string Percent(const Rate& r) {
  return r.finished == 0 ? "-" : fmt::format("{:.1f} %", 100 * r.rate());
}

std::string IntervalText(const Rate& r) {
  if (r.finished == 0) return "-";
  Interval i = r.interval();
  return fmt::format("[{:.1f}, {:.1f}]", 100 * i.low, 100 * i.high);
}

}  // namespace

std::string EvalJson(const EvalSummary& s, const std::string& stop_reason) {
  Json skills = Json::array();
  for (const SkillSummary& k : s.skills) {
    Json seeds = Json::array();
    Json runs = Json::array();
    for (const auto& [seed, rate] : k.per_seed) {
      seeds.push_back({{"seed", seed},
                       {"pass", rate.passed},
                       {"finished", rate.finished},
                       {"pass_rate", RateOrNull(rate)}});
      runs.push_back(RunFolder(k.label, seed));
    }
    Json types = Json::array();
    for (const auto& [type, rate] : k.by_type) {
      types.push_back({{"type", type},
                       {"pass", rate.passed},
                       {"finished", rate.finished},
                       {"pass_rate", RateOrNull(rate)},
                       {"interval", IntervalJson(rate)}});
    }
    Json versus;
    if (k.vs_reference) {
      const Comparison& c = *k.vs_reference;
      versus = {{"reference", c.reference},
                {"pairs", c.pairs},
                {"only_this_passed", c.b},
                {"only_reference_passed", c.c},
                {"p_value", c.p},
                {"significant", c.significant},
                {"verdict", VerdictWord(c)},
                {"text", c.words}};
    }
    skills.push_back({{"label", k.label},
                      {"skill", k.dir.empty() ? Json() : Json(k.dir)},
                      {"pass", k.overall.passed},
                      {"finished", k.overall.finished},
                      {"pass_rate", RateOrNull(k.overall)},
                      {"interval", IntervalJson(k.overall)},
                      {"seed_mean", k.seed_mean},
                      {"seed_sd", k.seed_sd},
                      {"seeds", seeds},
                      {"by_type", types},
                      {"vs_reference", versus},
                      {"unfinished", k.unfinished},
                      {"tokens",
                       {{"prompt", k.usage.prompt_tokens},
                        {"completion", k.usage.completion_tokens}}},
                      {"cost_usd", k.cost_usd},
                      {"seconds", k.seconds},
                      {"runs", runs}});
  }
  Json tasks = Json::array();
  for (const TaskRow& row : s.rows) {
    Json verdicts = Json::object();
    for (size_t i = 0; i < row.verdicts.size() && i < s.skills.size(); ++i) {
      verdicts[s.skills[i].label] = row.verdicts[i];
    }
    tasks.push_back({{"id", row.id}, {"type", row.type}, {"verdicts", verdicts}});
  }
  Json doc = {{"schema", kEvalSchema},
              {"title", s.title},
              {"suite", s.suite},
              {"suite_name", s.suite_name},
              {"tasks", s.tasks},
              {"seeds", s.seeds},
              {"alpha", s.alpha},
              {"complete", s.complete},
              {"stop_reason", stop_reason},
              {"model", s.model},
              {"settings", s.settings},
              {"price_known", s.price_known},
              {"this_run", RunSpendJson(s.spend)},
              {"skills", skills},
              {"tasks_table", tasks}};
  if (!s.shard.empty()) doc["shard"] = s.shard;
  if (!s.combined_from.empty()) doc["combined_from"] = s.combined_from;
  return doc.dump(2) + "\n";
}

std::string EvalText(const EvalSummary& s) {
  size_t width = 5;
  for (const SkillSummary& k : s.skills) width = std::max(width, k.label.size());
  std::string out;
  for (const SkillSummary& k : s.skills) {
    out += fmt::format("  {:<{}}  {:>4}/{:<4} pass  {:>7} {:<14}", k.label, width, k.overall.passed,
                       k.overall.finished, Percent(k.overall), IntervalText(k.overall));
    if (s.seeds.size() > 1) {
      out += k.overall.finished == 0
                 ? std::string("  seeds -")
                 : fmt::format("  seeds {:.1f} ± {:.1f} %", 100 * k.seed_mean, 100 * k.seed_sd);
    }
    out += k.vs_reference ? fmt::format("  vs {}: {}", k.vs_reference->reference,
                                        k.vs_reference->words)
                          : std::string("  (reference)");
    if (k.unfinished > 0) out += fmt::format("  ({} unfinished)", k.unfinished);
    out += "\n";
  }
  return out;
}

}  // namespace t2s
