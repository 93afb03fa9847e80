// The evolve pipeline (DESIGN.md §1): analysts (map) -> hierarchical merge
// (reduce) -> resolve against S0 -> apply all at once into a new folder ->
// validate -> run folder with provenance, fates and manifest.
#ifndef T2S_EVOLVE_PIPELINE_H_
#define T2S_EVOLVE_PIPELINE_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "base/shard_spec.h"
#include "llm/llm_config.h"
#include "llm/transport.h"
#include "sandbox/sandbox.h"
#include "skill/skill.h"
#include "trace/trajectory.h"

namespace t2s {

// The agentic error analyst (evolve/agentic_analyst.h).
struct AgenticOptions {
  // auto: an agentic analyst for each failed trajectory whose task is
  // available, single-call analysts for the rest; agentic: the same, and a
  // failed trajectory without its task is an error; llm: single-call for all.
  std::string analyst = "auto";
  std::string suite;                 // --suite, for trajectories that name none
  int turns = 30;                    // model calls per analyst episode
  int64_t episode_tokens = 400'000;  // prompt + completion of one episode; 0: no cap
  bool keep_unverified = false;      // unverified analyses still become patches (flagged)
  SandboxOptions sandbox;
  int jobs = 4;                      // tool processes at once
  int64_t tool_timeout_ms = 120'000;
};

struct EvolveOptions {
  std::string mode = "combined";     // error | success | combined
  size_t fan_in = 8;                 // patches per merge group
  size_t trajectory_tokens = 12000;  // rendering budget of one trajectory
  int max_tokens = 4096;             // per answer
  std::optional<int64_t> seed = 0;
  std::optional<double> temperature;
  std::string prompts_dir;  // overrides of prompts/
  bool dry_run = false;
  bool resume = false;           // continue a run whose settings differ
  bool force = false;            // write into a non-empty folder that holds no run
  bool evidence = true;          // mined counts in merge prompts
  // Answers are kept in <out>/run.sqlite. A shared cache file (--cache) is
  // also consulted and written, so another run folder pays nothing for the
  // same calls; no_cache (--no-cache) reuses no answer at all.
  std::string shared_cache;
  bool no_cache = false;
  // Edits to SKILL.md need this many supporting trajectories; 0 chooses
  // from the number analyzed (evolve/route.h). Lower-support additions go
  // to references/ files, or are dropped when `route` is off.
  size_t min_support = 0;
  bool route = true;
  size_t max_skill_lines = 500;  // over it, one restructuring call moves detail to references/
  // Creation from scratch: with no skill given, draft one first.
  std::string new_name;
  std::string about;
  AgenticOptions agentic;
  // Sharded runs (evolve/shard.h). until_analyze: stop after the analysts
  // and write <out>/patch-set.json of the shard's range of the selection;
  // merge_from: no analysts, consolidate these folders' patch sets.
  ShardSpec shard;
  bool until_analyze = false;
  std::vector<std::string> merge_from;
};

// Input records that could not be read, (where, why): recorded in
// fates.json ("unreadable") and the manifest.
using Unreadable = std::vector<std::pair<std::string, std::string>>;

// Reads the trajectories, calling `fn` with each, and fills `unreadable`
// when it is not null (when it is, nothing is reported: a second reading).
// Called once to select trajectories and once more to build the analysts'
// prompts; it must give the same trajectories each time.
using TrajectoryStream =
    std::function<Status(const std::function<void(Trajectory)>& fn, Unreadable* unreadable)>;

struct EvolveInputs {
  Skill skill;  // empty (no files) with EvolveOptions::new_name: drafted first
  std::string skill_dir;
  // The trajectories: read from `stream` when it is set (memory then does
  // not grow with their number), else these, with `unreadable`.
  TrajectoryStream stream;
  std::vector<Trajectory> trajectories;
  Unreadable unreadable;
  // Where the trajectories came from (files or folders, a store, a labels
  // file), recorded in the manifest as absolute paths so that `report` can
  // show each trajectory later. Empty when they were given in memory.
  std::vector<std::string> trace_paths;
  std::string store;
  std::string labels;
};

struct StageLine {
  std::string stage;
  std::string text;
};

struct EvolveSummary {
  size_t trajectories = 0;
  size_t selected = 0;
  size_t unlabelled = 0;  // skipped for want of a success/fail label
  size_t unreadable = 0;  // input records that could not be read
  size_t analyzed = 0;
  size_t agentic = 0;         // analyzed by an agentic analyst (episodes run)
  size_t verified = 0;        // agentic analyses proven by a passing check
  size_t unverified = 0;      // submitted without one: left out (or kept, flagged)
  size_t golden_refusals = 0; // submits refused for quoting golden values
  size_t proposed_edits = 0;
  size_t applied_edits = 0;
  size_t dropped_edits = 0;
  size_t routed_edits = 0;  // below min_support, moved to references/
  size_t min_support = 0;   // the K the run used
  std::string min_support_from;  // "--min-support" or how the default was chosen
  size_t validation_errors = 0;
  std::string skill_out;  // <out>/skill/<name>
  std::string dry_run_report;
  // Non-empty when the run achieved nothing (no trajectory analyzed, or
  // edits proposed and none applied): one line saying so with the most
  // common reasons. The run folder still records what happened.
  std::string failure;
  std::vector<std::string> top_failures;  // "N x reason" of failed analyses
  std::vector<std::string> top_drops;     // "N x reason" of dropped edits
  std::vector<std::string> notes;         // merges that failed, restructuring
  std::string accounting;                 // Accounting::Summary()
  // --until analyze: the patch set written, and the shard's range of the
  // selection ([first, last) of `selected`).
  std::string patch_set;
  size_t shard_first = 0, shard_last = 0;
  size_t merged_shards = 0;  // --merge-from: how many patch sets were joined
};

// Progress for people: (stage, done, total, failed).
using ProgressFn = std::function<void(const std::string&, size_t, size_t, size_t)>;

class LlmClient;
// Called with each LLM client the run creates, before its calls start,
// and with nullptr once it is gone (so Ctrl-C can cancel it).
using AttachFn = std::function<void(LlmClient*)>;

// Errors (one line each): a bad --out, a run of other settings in --out,
// no usable trajectory (e.g. none labelled), an endpoint that refuses the
// run (auth, unknown model, quota, unreachable), an interrupted run (the
// answers so far are kept in <out>/run.sqlite), a failed write.
Result<EvolveSummary> RunEvolve(const EvolveInputs& inputs, const EvolveOptions& options,
                                const LlmConfig& llm, Transport* transport, Clock* clock,
                                const std::filesystem::path& out, const ProgressFn& progress,
                                const AttachFn& attach = {});

// RunEvolve with options.merge_from: no trajectories are read and no
// analyst runs; the patch sets in those folders (evolve/shard.h) are joined
// and consolidated as one run would have. Errors: a folder without a patch
// set, sets of different runs, missing or repeated shards, a skill, model
// or settings other than the shards'.
Result<EvolveSummary> RunEvolveMerge(const EvolveInputs& inputs, const EvolveOptions& options,
                                     const LlmConfig& llm, Transport* transport, Clock* clock,
                                     const std::filesystem::path& out, const ProgressFn& progress,
                                     const AttachFn& attach = {});

// The same stages with the offline analyst (evolve/offline_analyst.h): the
// miner's counts make the patch, no model is called (manifest: "analyst":
// "offline").
Result<EvolveSummary> RunOfflineEvolve(const EvolveInputs& inputs, const EvolveOptions& options,
                                       const std::filesystem::path& out);

}  // namespace t2s

#endif  // T2S_EVOLVE_PIPELINE_H_
