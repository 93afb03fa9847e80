// trace2skill ingest PATH... : trajectories into the store.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "store/ingest.h"
#include "store/trajectory_store.h"
#include "trace/reader.h"

namespace t2s {
namespace {

struct IngestArgs {
  std::vector<std::string> inputs;
  std::string store = kDefaultStore;
  bool json = false;
  IngestOptions options;
};

ExitCode RunIngest(const IngestArgs& args) {
  Result<std::unique_ptr<TrajectoryStore>> store = TrajectoryStore::Open(args.store);
  if (!store.ok()) {
    fmt::print(stderr, "trace2skill ingest: {}\n", store.status().message());
    return ExitCode::kFailure;
  }
  auto problem = [](const std::string& line) { fmt::print(stderr, "{}\n", line); };
  Result<IngestReport> report = Ingest(args.inputs, args.options, store->get(), problem);
  if (!report.ok()) {
    fmt::print(stderr, "trace2skill ingest: {}\n", report.status().message());
    return report.status().code() == StatusCode::kInvalidArgument ? ExitCode::kUsage
                                                                  : ExitCode::kFailure;
  }
  const IngestReport& r = *report;
  if (args.json) {
    nlohmann::json j = {
        {"schema", "t2s.ingest/1"}, {"store", args.store},      {"ingested", r.ingested()},
        {"new", r.added},           {"unchanged", r.unchanged}, {"updated", r.updated},
        {"skipped", r.skipped},     {"files", r.files},         {"ignored_files", r.ignored_files},
        {"relabeled", r.relabeled}, {"renamed", r.renamed}};
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("{} ingested ({} new, {} unchanged, {} updated), {} skipped, from {} file{}",
               r.ingested(), r.added, r.unchanged, r.updated, r.skipped, r.files,
               r.files == 1 ? "" : "s");
    if (r.ignored_files > 0) fmt::print("; {} files in no known format ignored", r.ignored_files);
    if (r.relabeled > 0) fmt::print("; {} stored trajectories relabeled", r.relabeled);
    if (r.renamed > 0) {
      fmt::print("; {} new trajector{} stored under an id qualified by {} file, another file's "
                 "trajectory holding {} id (e.g. {})",
                 r.renamed, r.renamed == 1 ? "y" : "ies", r.renamed == 1 ? "its" : "their",
                 r.renamed == 1 ? "its" : "their", r.rename_example);
    }
    fmt::print(" -> {}\n", args.store);
  }
  return r.skipped > 0 ? ExitCode::kPartial : ExitCode::kOk;
}

}  // namespace

CommandRunner SetupIngest(CLI::App* sub) {
  auto args = std::make_shared<IngestArgs>();
  sub->add_option("PATH", args->inputs,
                  "Trajectory files, folders (read recursively), or - for stdin")
      ->required();
  sub->add_option("--store", args->store, "The store folder")->capture_default_str();
  sub->add_option("--format", args->options.format,
                  "Read every file as this format instead of detecting it: " + AllReaderNames());
  sub->add_option("--labels", args->options.labels_file,
                  "CSV or JSONL of id,label[,reward]; overrides labels found in the traces");
  sub->add_option("--label-threshold", args->options.label_threshold,
                  "Labels derived from a number (a reward or a numeric score: tau-bench, tau2-bench, "
                  "Inspect) are success when it is >= this (default 1)")
      ->check(CLI::Range(-1e9, 1e9));
  sub->add_flag("--json", args->json, "Print the summary as JSON (schema t2s.ingest/1)");
  sub->footer(
      "Formats are detected from each file's content. A malformed record is reported as\n"
      "FILE:LINE: WHAT (or FILE#INDEX) on stderr and skipped; the rest is ingested.\n"
      "Re-ingesting the same traces changes nothing. A trajectory whose id another file's\n"
      "trajectory already holds is stored as ID@PATH (PATH: its file, relative to the folder\n"
      "ingested); ids never change once given. Exit code 0 when every record was\n"
      "ingested, 3 when some were skipped, 1 on failure, 2 on bad usage.\n\n"
      "Examples (from the repository root):\n"
      "  trace2skill ingest examples/traces/airline-demo.jsonl --store out/store\n"
      "  cat examples/traces/airline-runs.jsonl | trace2skill ingest - --store out/store\n"
      "Your own logs: a Claude Code project folder (~/.claude/projects/NAME/), OpenHands\n"
      "events, Inspect logs, OTLP span exports...; labels from a CSV with --labels FILE.");
  return [args] { return RunIngest(*args); };
}

}  // namespace t2s
