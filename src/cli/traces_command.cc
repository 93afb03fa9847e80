// trace2skill traces stats|ls|show ID: what the store holds.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "cli/command.h"
#include "store/trajectory_store.h"
#include "trace/render.h"
#include "trace/trajectory_json.h"

namespace t2s {
namespace {

struct TracesArgs {
  std::string store = kDefaultStore;
  bool json = false;
  std::string label;
  std::string id;
  size_t budget = 16000;
  CLI::App* stats = nullptr;
  CLI::App* ls = nullptr;
  CLI::App* show = nullptr;
};

std::string OneLine(std::string_view text, size_t width) {
  std::string out;
  for (char c : Trim(text)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  if (Utf8Length(out) <= width) return out;
  size_t cut = width;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  return out.substr(0, cut) + "...";
}

ExitCode Stats(TrajectoryStore& store, const TracesArgs& args) {
  Result<StoreStats> s = store.Stats();
  if (!s.ok()) {
    fmt::print(stderr, "trace2skill traces: {}\n", s.status().message());
    return ExitCode::kFailure;
  }
  auto count = [&](Label l) { return s->by_label.count(l) ? s->by_label.at(l) : 0; };
  double mean_steps =
      s->trajectories ? static_cast<double>(s->steps) / static_cast<double>(s->trajectories) : 0;
  double mean_tokens =
      s->trajectories ? static_cast<double>(s->tokens) / static_cast<double>(s->trajectories) : 0;
  if (args.json) {
    nlohmann::json formats = s->by_format;
    nlohmann::json j = {
        {"schema", "t2s.traces-stats/1"},
        {"trajectories", s->trajectories},
        {"success", count(Label::kSuccess)},
        {"fail", count(Label::kFail)},
        {"unknown", count(Label::kUnknown)},
        {"formats", formats},
        {"steps", {{"total", s->steps}, {"mean", mean_steps}, {"max", s->max_steps}}},
        {"tokens_estimate", {{"total", s->tokens}, {"mean", mean_tokens}}}};
    fmt::print("{}\n", j.dump(2));
    return ExitCode::kOk;
  }
  fmt::print("{} trajectories: {} success, {} fail, {} unknown\n", s->trajectories,
             count(Label::kSuccess), count(Label::kFail), count(Label::kUnknown));
  std::string formats;
  for (const auto& [name, n] : s->by_format)
    formats += fmt::format("{}{} {}", formats.empty() ? "" : ", ", name, n);
  fmt::print("formats: {}\n", formats.empty() ? "none" : formats);
  fmt::print("steps: {} in all, {:.1f} on average, {} at most\n", s->steps, mean_steps,
             s->max_steps);
  fmt::print("tokens (estimate): {} in all, {:.0f} on average\n", s->tokens, mean_tokens);
  return ExitCode::kOk;
}

ExitCode List(TrajectoryStore& store, const TracesArgs& args) {
  std::optional<Label> filter;
  if (!args.label.empty()) {
    filter = ParseLabel(args.label);
    if (!filter) {
      fmt::print(stderr,
                 "trace2skill traces ls: --label: expected success, fail or unknown, got \"{}\"\n",
                 args.label);
      return ExitCode::kUsage;
    }
  }
  Result<std::vector<TrajectorySummary>> list = store.List(filter);
  if (!list.ok()) {
    fmt::print(stderr, "trace2skill traces: {}\n", list.status().message());
    return ExitCode::kFailure;
  }
  if (args.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const TrajectorySummary& t : *list) {
      rows.push_back({{"id", t.id},
                      {"label", LabelName(t.label)},
                      {"reward", t.reward ? nlohmann::json(*t.reward) : nlohmann::json()},
                      {"format", t.format},
                      {"file", t.file},
                      {"steps", t.steps},
                      {"tokens", t.tokens},
                      {"task", t.task}});
    }
    fmt::print("{}\n", rows.dump(2));
    return ExitCode::kOk;
  }
  size_t width = 2;
  for (const TrajectorySummary& t : *list) width = std::max(width, t.id.size());
  fmt::print("{:<{}}  {:<7}  {:>6}  {:>7}  {}\n", "id", width, "label", "steps", "tokens", "task");
  for (const TrajectorySummary& t : *list) {
    fmt::print("{:<{}}  {:<7}  {:>6}  {:>7}  {}\n", t.id, width, LabelName(t.label), t.steps,
               t.tokens, OneLine(t.task, 60));
  }
  return ExitCode::kOk;
}

ExitCode Show(TrajectoryStore& store, const TracesArgs& args) {
  Result<Trajectory> t = store.Get(args.id);
  if (!t.ok()) {
    fmt::print(stderr, "trace2skill traces show: {}\n", t.status().message());
    return ExitCode::kFailure;
  }
  if (args.json) {
    fmt::print("{}\n", SerializeTrajectory(*t));
    return ExitCode::kOk;
  }
  RenderOptions options;
  options.token_budget = args.budget;
  fmt::print("id: {}\n{}", t->id, RenderTrajectory(*t, options));
  return ExitCode::kOk;
}

ExitCode RunTraces(const TracesArgs& args) {
  Result<std::unique_ptr<TrajectoryStore>> store = TrajectoryStore::OpenExisting(args.store);
  if (!store.ok()) {
    fmt::print(stderr, "trace2skill traces: {}\n", store.status().message());
    return ExitCode::kFailure;
  }
  if (args.stats->parsed()) return Stats(**store, args);
  if (args.ls->parsed()) return List(**store, args);
  return Show(**store, args);
}

}  // namespace

CommandRunner SetupTraces(CLI::App* sub) {
  auto args = std::make_shared<TracesArgs>();
  sub->add_option("--store", args->store, "The store folder")->capture_default_str();
  sub->add_flag("--json", args->json, "Print JSON");
  sub->require_subcommand(1);
  args->stats =
      sub->add_subcommand("stats", "Counts by label and format, steps and token estimates");
  args->ls = sub->add_subcommand("ls", "One line per trajectory");
  args->ls->add_option("--label", args->label, "Only success, fail or unknown");
  args->show = sub->add_subcommand("show", "One trajectory, rendered as an analyst sees it");
  args->show->add_option("ID", args->id, "Trajectory id (see ls)")->required();
  args->show->add_option("--budget", args->budget, "Token budget of the rendering")
      ->capture_default_str();
  for (CLI::App* s : {args->stats, args->ls, args->show}) {
    s->add_option("--store", args->store, "The store folder")->capture_default_str();
    s->add_flag("--json", args->json, "Print JSON");
  }
  sub->footer(
      "Examples (from the repository root, after trace2skill ingest\n"
      "examples/traces/airline-demo.jsonl --store out/store):\n"
      "  trace2skill traces stats --store out/store\n"
      "  trace2skill traces ls --label fail --store out/store\n"
      "  trace2skill traces show demo-split-payment-fail --budget 4000 --store out/store");
  return [args] { return RunTraces(*args); };
}

}  // namespace t2s
