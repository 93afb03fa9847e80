#include "mine/miner.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "mine/signature.h"

namespace t2s {
namespace {

// Top-level keys whose values differ between two argument objects.
std::string ArgumentChange(const std::string& before, const std::string& after) {
  nlohmann::json a = nlohmann::json::parse(before, nullptr, false);
  nlohmann::json b = nlohmann::json::parse(after, nullptr, false);
  if (!a.is_object() || !b.is_object())
    return before == after ? "retried unchanged" : "changed the arguments";
  std::vector<std::string> keys;
  for (const auto& [k, v] : b.items()) {
    if (!a.contains(k) || a[k] != v) keys.push_back(k);
  }
  for (const auto& [k, v] : a.items()) {
    if (!b.contains(k)) keys.push_back(k);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  if (keys.empty()) return "retried unchanged";
  return fmt::format("changed {}", fmt::join(keys, ", "));
}

// The arguments of the call a tool step answers.
std::string CallArguments(const Trajectory& t, size_t tool_step) {
  const std::string& id = t.steps[tool_step].tool_call_id;
  for (size_t i = tool_step; i-- > 0;) {
    for (const ToolCall& c : t.steps[i].tool_calls) {
      if ((!id.empty() && c.id == id) || (id.empty() && c.name == t.steps[tool_step].name))
        return c.arguments;
    }
  }
  return "{}";
}

}  // namespace

Miner::Miner(MineOptions options) : options_(options) {}

void Miner::Add(const Trajectory& t) {
  Evidence& ev = ev_;
  ++ev.trajectories;
  ev.steps += t.steps.size();
  bool success = t.outcome.label == Label::kSuccess, fail = t.outcome.label == Label::kFail;
  ev.successes += success;
  ev.failures += fail;
  std::vector<ErrorEvent> errors = ExtractErrors(t);
  std::set<size_t> error_steps;
  for (const ErrorEvent& e : errors) error_steps.insert(e.step - 1);
  std::set<std::string> tools_with_error;
  for (const ErrorEvent& e : errors) {
    SignatureStats& s = sigs_[e.signature];
    s.signature = e.signature;
    if (!e.tool.empty()) s.tools.insert(e.tool);
    ++s.occurrences;
    if (s.trajectories.insert(t.id).second) {
      // Counted as the trajectory goes by: nothing of it is kept but its id.
      s.affected_labelled += t.outcome.label != Label::kUnknown;
      s.affected_failed += fail;
      if (s.examples.size() < options_.examples) s.examples.push_back({t.id, e.step, e.message});
    }
    if (!e.tool.empty()) tools_with_error.insert(e.tool);
  }
  // Tool calls, results and patterns.
  std::string previous;
  std::set<std::string> seen_patterns;
  for (size_t i = 0; i < t.steps.size(); ++i) {
    const Step& s = t.steps[i];
    for (const ToolCall& c : s.tool_calls) {
      ++tools_[c.name].calls;
      tools_[c.name].tool = c.name;
      seen_patterns.insert(c.name);
      if (!previous.empty()) seen_patterns.insert(previous + " -> " + c.name);
      previous = c.name;
    }
    if (s.role == Role::kTool && error_steps.count(i) != 0)
      ++tools_[s.name].error_results, tools_[s.name].tool = s.name;
  }
  for (const std::string& tool : tools_with_error) {
    ++tools_[tool].trajectories_with_error;
    tools_[tool].of_those_failed += fail;
  }
  for (const std::string& p : seen_patterns) {
    if (success) ++patterns_[p].first;
    if (fail) ++patterns_[p].second;
  }
  // Recoveries: in a success, an error and then a clean result of the same tool.
  if (success) {
    for (const ErrorEvent& e : errors) {
      for (size_t j = e.step; j < t.steps.size(); ++j) {
        const Step& later = t.steps[j];
        if (later.role != Role::kTool || later.name != e.tool || error_steps.count(j) != 0)
          continue;
        std::string change = ArgumentChange(CallArguments(t, e.step - 1), CallArguments(t, j));
        Recovery& r = recoveries_[e.signature + "\x1f" + e.tool + "\x1f" + change];
        r.signature = e.signature;
        r.tool = e.tool;
        r.change = change;
        r.trajectories.insert(t.id);
        break;
      }
    }
  }
}

Evidence Miner::Finish() {
  Evidence ev = std::move(ev_);
  // Failure rates and lift, among labelled trajectories.
  size_t labelled = ev.successes + ev.failures;
  for (auto& [key, s] : sigs_) {
    size_t others = labelled - s.affected_labelled;
    size_t others_failed = ev.failures - s.affected_failed;
    s.failure_rate = s.affected_labelled ? static_cast<double>(s.affected_failed) /
                                               static_cast<double>(s.affected_labelled)
                                         : 0;
    s.failure_rate_others =
        others ? static_cast<double>(others_failed) / static_cast<double>(others) : 0;
    s.lift = s.failure_rate_others > 0 ? s.failure_rate / s.failure_rate_others : 0;
    ev.signatures.push_back(std::move(s));
  }
  std::sort(ev.signatures.begin(), ev.signatures.end(),
            [](const SignatureStats& a, const SignatureStats& b) {
              if (a.trajectories.size() != b.trajectories.size())
                return a.trajectories.size() > b.trajectories.size();
              return a.signature < b.signature;
            });
  for (auto& [name, t] : tools_) ev.tools.push_back(std::move(t));
  for (auto& [key, r] : recoveries_) {
    if (r.trajectories.size() >= options_.min_support) ev.recoveries.push_back(std::move(r));
  }
  std::sort(ev.recoveries.begin(), ev.recoveries.end(), [](const Recovery& a, const Recovery& b) {
    if (a.trajectories.size() != b.trajectories.size())
      return a.trajectories.size() > b.trajectories.size();
    return a.signature < b.signature;
  });
  if (ev.successes >= options_.min_support && ev.failures >= options_.min_support) {
    for (auto& [pattern, counts] : patterns_) {
      auto [in_success, in_fail] = counts;
      if (in_success + in_fail < options_.min_support) continue;
      Correlate c{pattern, in_success, in_fail,
                  static_cast<double>(in_success) / static_cast<double>(ev.successes),
                  static_cast<double>(in_fail) / static_cast<double>(ev.failures)};
      if (std::abs(c.success_share - c.fail_share) >= 0.15) ev.correlates.push_back(c);
    }
    std::sort(ev.correlates.begin(), ev.correlates.end(),
              [](const Correlate& a, const Correlate& b) {
                double da = std::abs(a.success_share - a.fail_share),
                       db = std::abs(b.success_share - b.fail_share);
                if (da != db) return da > db;
                return a.pattern < b.pattern;
              });
  }
  sigs_.clear();
  tools_.clear();
  recoveries_.clear();
  patterns_.clear();
  return ev;
}

Evidence Mine(const std::vector<Trajectory>& all, const MineOptions& options) {
  Miner miner(options);
  for (const Trajectory& t : all) miner.Add(t);
  return miner.Finish();
}

std::string Evidence::ToJson(size_t top) const {
  using Json = nlohmann::ordered_json;
  auto limit = [&](size_t n) { return top == 0 ? n : std::min(n, top); };
  Json sigs = Json::array();
  for (size_t i = 0; i < limit(signatures.size()); ++i) {
    const SignatureStats& s = signatures[i];
    Json examples = Json::array();
    for (const Example& e : s.examples)
      examples.push_back({{"trajectory", e.trajectory}, {"step", e.step}, {"message", e.message}});
    sigs.push_back({{"signature", s.signature},
                    {"tools", s.tools},
                    {"trajectories", s.trajectories.size()},
                    {"occurrences", s.occurrences},
                    {"failed", s.affected_failed},
                    {"failure_rate", s.failure_rate},
                    {"failure_rate_others", s.failure_rate_others},
                    {"lift", s.lift},
                    {"examples", examples}});
  }
  Json tool_list = Json::array();
  for (const ToolStats& t : tools) {
    tool_list.push_back({{"tool", t.tool},
                         {"calls", t.calls},
                         {"error_results", t.error_results},
                         {"trajectories_with_error", t.trajectories_with_error},
                         {"of_those_failed", t.of_those_failed}});
  }
  Json recs = Json::array();
  for (size_t i = 0; i < limit(recoveries.size()); ++i) {
    const Recovery& r = recoveries[i];
    recs.push_back({{"signature", r.signature},
                    {"tool", r.tool},
                    {"change", r.change},
                    {"support", r.trajectories.size()},
                    {"trajectories", r.trajectories}});
  }
  Json cors = Json::array();
  for (size_t i = 0; i < limit(correlates.size()); ++i) {
    const Correlate& c = correlates[i];
    cors.push_back({{"pattern", c.pattern},
                    {"in_success", c.in_success},
                    {"in_fail", c.in_fail},
                    {"success_share", c.success_share},
                    {"fail_share", c.fail_share}});
  }
  Json j = {{"schema", "t2s.evidence/1"},
            {"trajectories", trajectories},
            {"successes", successes},
            {"failures", failures},
            {"steps", steps},
            {"signatures", sigs},
            {"tools", tool_list},
            {"recoveries", recs},
            {"correlates", cors}};
  return j.dump(2) + "\n";
}

std::string Evidence::Summary(size_t top) const {
  std::string out = fmt::format("{} trajectories ({} success, {} fail), {} steps\n\n", trajectories,
                                successes, failures, steps);
  out += "Error signatures (trajectories affected, failure rate when affected vs not, lift):\n";
  for (size_t i = 0; i < std::min(top, signatures.size()); ++i) {
    const SignatureStats& s = signatures[i];
    out += fmt::format("  {:>4}  {:>4.0f}% vs {:>3.0f}%  x{:<4.1f} {}  [{}]\n",
                       s.trajectories.size(), 100 * s.failure_rate, 100 * s.failure_rate_others,
                       s.lift, s.signature, fmt::join(s.tools, ", "));
  }
  out += "\nTools (calls, error results, trajectories with an error, of those failed):\n";
  for (const ToolStats& t : tools) {
    out += fmt::format("  {:<32} {:>6} {:>6} {:>6} {:>6}\n", t.tool, t.calls, t.error_results,
                       t.trajectories_with_error, t.of_those_failed);
  }
  out += "\nRecoveries in successful runs (support, tool, what changed, after):\n";
  if (recoveries.empty()) out += "  none with enough support\n";
  for (size_t i = 0; i < std::min(top, recoveries.size()); ++i) {
    const Recovery& r = recoveries[i];
    out += fmt::format("  {:>4}  {}: {} after \"{}\"\n", r.trajectories.size(), r.tool, r.change,
                       r.signature);
  }
  out += "\nPatterns by outcome (share of successful vs failed runs):\n";
  if (correlates.empty()) out += "  none with enough support\n";
  for (size_t i = 0; i < std::min(top, correlates.size()); ++i) {
    const Correlate& c = correlates[i];
    out += fmt::format("  {:>4.0f}% vs {:>3.0f}%  {}\n", 100 * c.success_share, 100 * c.fail_share,
                       c.pattern);
  }
  return out;
}

}  // namespace t2s
