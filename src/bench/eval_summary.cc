#include "bench/eval_summary.h"

#include <algorithm>

namespace t2s {
namespace {

using Outcomes = std::map<std::pair<std::string, int64_t>, std::string>;  // (task, seed) -> verdict

Outcomes OutcomesOf(const SkillRuns& s) {
  Outcomes out;
  for (const auto& [seed, run] : s.runs) {
    for (const TaskResult& t : run.tasks) out[{t.id, seed}] = t.finished ? t.verdict : "unfinished";
  }
  return out;
}

bool Finished(const std::string& verdict) { return !verdict.empty() && verdict != "unfinished"; }

void Count(const std::string& verdict, Rate* rate) {
  if (!Finished(verdict)) return;
  ++rate->finished;
  if (verdict == "pass") ++rate->passed;
}

}  // namespace

EvalSummary Summarize(const std::vector<SkillRuns>& skills,
                      const std::vector<std::pair<std::string, std::string>>& types,
                      const std::vector<int64_t>& seeds, double alpha) {
  EvalSummary out;
  out.seeds = seeds;
  out.alpha = alpha;
  out.complete = !skills.empty();
  std::map<std::string, std::string> type_of(types.begin(), types.end());
  std::vector<Outcomes> outcomes;
  for (const SkillRuns& s : skills) outcomes.push_back(OutcomesOf(s));

  for (size_t i = 0; i < skills.size(); ++i) {
    const SkillRuns& s = skills[i];
    SkillSummary sum;
    sum.label = s.label;
    sum.dir = s.dir;
    if (s.runs.size() < seeds.size()) out.complete = false;
    std::vector<double> rates;
    for (const auto& [seed, run] : s.runs) {
      Rate seed_rate;
      for (const TaskResult& t : run.tasks) {
        std::string verdict = t.finished ? t.verdict : "unfinished";
        Count(verdict, &seed_rate);
        Count(verdict, &sum.overall);
        auto type = type_of.find(t.id);
        Count(verdict, &sum.by_type[type == type_of.end() ? "" : type->second]);
        if (!t.finished) ++sum.unfinished;
        sum.usage += t.usage;
        sum.cost_usd += t.cost_usd;
        sum.seconds += t.seconds;
      }
      if (seed_rate.finished > 0) rates.push_back(seed_rate.rate());
      sum.per_seed.emplace_back(seed, seed_rate);
    }
    if (sum.unfinished > 0) out.complete = false;
    sum.seed_mean = Mean(rates);
    sum.seed_sd = SampleStdDev(rates);
    out.skills.push_back(std::move(sum));
  }

  for (const auto& [id, type] : types) {
    TaskRow row;
    row.id = id;
    row.type = type;
    for (const Outcomes& o : outcomes) {
      std::vector<std::string> per_seed;
      for (int64_t seed : seeds) {
        auto it = o.find({id, seed});
        per_seed.push_back(it == o.end() ? "" : it->second);
      }
      row.verdicts.push_back(std::move(per_seed));
    }
    out.rows.push_back(std::move(row));
  }
  for (size_t i = 1; i < out.skills.size(); ++i) out.skills[i].vs_reference = CompareSkills(out, i, 0);
  return out;
}

Comparison CompareSkills(const EvalSummary& s, size_t index, size_t reference) {
  Comparison c;
  c.reference = s.skills[reference].label;
  // The unit is the task, not the (task, seed) pair: seeds of one task are
  // not independent evidence. A task counts for the skill that passed it
  // with more of the seeds both finished (a sign test; McNemar with one seed).
  for (const TaskRow& row : s.rows) {
    const std::vector<std::string>& mine = row.verdicts[index];
    const std::vector<std::string>& ref = row.verdicts[reference];
    size_t both = 0, a = 0, r = 0;
    for (size_t k = 0; k < mine.size() && k < ref.size(); ++k) {
      if (!Finished(mine[k]) || !Finished(ref[k])) continue;
      ++both;
      a += mine[k] == "pass" ? 1 : 0;
      r += ref[k] == "pass" ? 1 : 0;
    }
    if (both == 0) continue;
    ++c.pairs;
    if (a > r) ++c.b;
    if (a < r) ++c.c;
  }
  c.p = McNemarExactP(c.b, c.c);
  c.significant = c.p < s.alpha && c.b != c.c;
  c.words = c.pairs == 0 ? "nothing to compare (no task finished by both)"
                         : CompareWords(c.b, c.c, c.p, s.alpha);
  return c;
}

}  // namespace t2s
