#include "evolve/pipeline.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "base/file_lock.h"
#include "base/hash.h"
#include "evolve/agentic_analyst.h"
#include "evolve/analyst_task.h"
#include "evolve/answer_schema.h"
#include "evolve/fates.h"
#include "evolve/finalize.h"
#include "evolve/offline_analyst.h"
#include "evolve/manifest.h"
#include "evolve/final_stage.h"
#include "evolve/consolidate.h"
#include "evolve/llm_analyst.h"
#include "evolve/prompts.h"
#include "evolve/requests.h"
#include "evolve/run_folder.h"
#include "evolve/route.h"
#include "evolve/run_identity.h"
#include "evolve/selection.h"
#include "evolve/settle.h"
#include "evolve/shard.h"
#include "evolve/stop.h"
#include "llm/llm_client.h"
#include "llm/redact.h"
#include "skill/apply.h"
#include "skill/validate.h"
#include "trace/token_estimate.h"
#include "trace2skill/version.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// `tokens`: the prompt tokens of the `calls` analyst requests.
// `agentic`: the lines of the agentic analysts, if any.
std::string DryRunReport(size_t all, size_t selected, size_t calls, size_t tokens,
                         const std::string& agentic, const EvolveOptions& o,
                         const LlmConfig& llm) {
  size_t merges = 0;
  for (size_t n = selected; n > 1; n = (n + o.fan_in - 1) / o.fan_in)
    merges += (n + o.fan_in - 1) / o.fan_in;
  std::string report = fmt::format("dry run: {} trajectories, {} selected (--mode {})\n", all,
                                   selected, o.mode);
  if (calls > 0 || agentic.empty()) {
    report += fmt::format("  analyze: {} calls, about {} prompt tokens ({} per call)\n", calls,
                          tokens, calls == 0 ? 0 : tokens / calls);
  }
  report += agentic;
  report += fmt::format(
      "  merge:   at most {} calls (fan-in {})\n"
      "  repair:  at most 1 call\n",
      merges, o.fan_in);
  auto price = llm.options.prices.find(llm.model);
  if (price != llm.options.prices.end()) {
    const bool batch = llm.options.batch.enabled;
    report += fmt::format("  cost of the analyze prompts: about ${:.2f}{}\n",
                          static_cast<double>(tokens) * price->second.input_per_mtok *
                              (batch ? llm.options.batch.price_factor : 1.0) / 1e6,
                          batch ? " (batch price)" : "");
  }
  return report;
}

// What a dry run counts of the agentic analysts.
struct DryRunAgentic {
  size_t episodes = 0;
  size_t single_calls = 0;  // trajectories the single-call analyst takes
  int64_t prompt_tokens = 0;
  std::string problem;  // --analyst agentic and a failure without its task
};

// The run store as the client's cache, backed by the shared cache if any.
struct RunCache {
  std::unique_ptr<ResponseCache> shared;
  std::unique_ptr<ResponseCache> run;
};

Result<RunCache> OpenRunCache(const fs::path& out, const EvolveOptions& o) {
  RunCache c;
  T2S_ASSIGN_OR_RETURN(c.run, ResponseCache::Open(out / "run.sqlite"));
  if (o.no_cache) {
    c.run->set_reads(false);
  } else if (!o.shared_cache.empty()) {
    T2S_ASSIGN_OR_RETURN(c.shared, ResponseCache::Open(o.shared_cache));
    c.run->set_shared(c.shared.get());
  }
  return c;
}

// One run at a time in a folder: a second would pay for every call again.
Result<std::unique_ptr<FileLock>> LockRunFolder(const fs::path& out) {
  Result<std::unique_ptr<FileLock>> locked = FileLock::Acquire(out / kRunLockFile);
  if (!locked.ok()) {
    return Status::FailedPrecondition(fmt::format(
        "{} is in use by another trace2skill run ({}); wait for it to finish or use another --out",
        out.string(), locked.status().message()));
  }
  return locked;
}

// A run folder opened for writing: locked, its answers store, the client.
struct OpenRun {
  std::unique_ptr<FileLock> lock;  // released last
  RunCache cache;
  std::unique_ptr<LlmClient> client;
  std::function<void(LlmClient*)> attach;
  OpenRun() = default;
  OpenRun(OpenRun&&) = default;
  OpenRun& operator=(OpenRun&&) = default;
  ~OpenRun() {
    if (attach && client) attach(nullptr);
  }
};

Result<OpenRun> OpenRunFolder(const fs::path& out, const EvolveOptions& o, const LlmConfig& llm,
                              Transport* transport, Clock* clock, const AttachFn& attach) {
  OpenRun run;
  T2S_RETURN_IF_ERROR(CheckOutFolder(out, o));  // before anything is written there
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) return Status::IoError(fmt::format("{}: cannot create folder: {}", out.string(), ec.message()));
  T2S_ASSIGN_OR_RETURN(run.lock, LockRunFolder(out));
  T2S_ASSIGN_OR_RETURN(run.cache, OpenRunCache(out, o));
  // Batches an earlier --batch run submitted are paid for: calling the
  // model directly for the same calls would pay again.
  if (!llm.options.batch.enabled && !o.resume) {
    Result<std::vector<BatchRecord>> open = run.cache.run->OpenBatches();
    if (open.ok() && !open->empty()) {
      std::vector<std::string> ids;
      for (const BatchRecord& b : *open) ids.push_back(b.id);
      return Status::FailedPrecondition(fmt::format(
          "{} has provider batches an earlier --batch run submitted and did not collect ({}): "
          "run with --batch to collect them, or --resume to call the model directly and pay "
          "for those calls again",
          out.string(), fmt::join(ids, ", ")));
    }
  }
  run.client = std::make_unique<LlmClient>(MakeProvider(llm.provider), llm.endpoints, transport,
                                           clock, run.cache.run.get(), llm.options);
  run.attach = attach;
  if (attach) attach(run.client.get());
  return run;
}

// What the stages after selection share. `llm`, `prompts` and `client`
// are null for the offline analyst, which calls no model.
struct Stages {
  const Skill* seed;
  std::string skill_dir;
  const EvolveOptions* options;
  const LlmConfig* llm;
  const PromptSet* prompts;
  LlmClient* client;
  fs::path out;
  const Selection* selection;
  const TrajectoryStream* stream;
  ProgressFn progress;
  const EvolveInputs* inputs = nullptr;
  std::chrono::system_clock::time_point started;
  // --until analyze: the whole selection (`selection` is the shard's
  // range) and the run's key, for the patch set.
  const Selection* whole = nullptr;
  std::string run_key = {};
  // --merge-from: the evidence text the shards mined (else from `selection`).
  const std::string* evidence_text = nullptr;
};

// Why a run achieved nothing, or "": no analysis succeeded (or none was
// verified), or edits were proposed and none applied (after the finish).
// `attempted`: the trajectories given to analysts (a shard's share).
std::string FailureLine(const EvolveSummary& s, size_t attempted, bool finished) {
  if (s.analyzed == 0 && s.unverified > 0) {
    return fmt::format(
        "none of the {} analyses was verified: {} submitted without a passing check (left out; "
        "--keep-unverified keeps them){}",
        attempted, s.unverified,
        s.top_failures.empty() ? std::string()
                               : fmt::format("; failed: {}", fmt::join(s.top_failures, "; ")));
  }
  if (s.analyzed == 0) {
    return fmt::format("{} of {} analyses failed: {}", attempted, attempted,
                       fmt::join(s.top_failures, "; "));
  }
  if (finished && s.proposed_edits > 0 && s.applied_edits == 0 && s.routed_edits == 0) {
    return fmt::format("none of the {} proposed edits was applied: {}", s.proposed_edits,
                       s.top_drops.empty() ? std::string("every edit was merged away or dropped")
                                           : fmt::format("{}", fmt::join(s.top_drops, "; ")));
  }
  return "";
}

// --until analyze: the shard's level-0 patch set, written to <out>/patch-set.json.
Result<EvolveSummary> WriteShardPatchSet(const Stages& st, std::vector<PatchUnit> units,
                                         const Fates& fates, EvolveSummary summary,
                                         std::vector<std::string> notes) {
  const Selection& whole = *st.whole;
  PatchSet set;
  set.run_key = st.run_key;
  set.shard = st.options->shard;
  set.first = st.selection->first;
  set.last = st.selection->first + st.selection->selected.size();
  set.all = whole.all;
  set.unlabelled = whole.unlabelled;
  set.unreadable = whole.unreadable;
  set.content_hash = whole.content_hash;
  set.selected = whole.selected;
  if (st.options->evidence) set.evidence = EvidenceText(whole.evidence);
  set.trace_paths = st.inputs->trace_paths;
  set.store = st.inputs->store;
  set.labels = st.inputs->labels;
  set.units = std::move(units);
  set.fates = fates;
  set.analyzed = summary.analyzed;
  set.agentic = summary.agentic;
  set.verified = summary.verified;
  set.unverified = summary.unverified;
  set.golden_refusals = summary.golden_refusals;
  set.proposed_edits = summary.proposed_edits;
  set.notes = std::move(notes);
  if (st.client != nullptr) {
    summary.accounting =
        st.client->accounting().Summary(st.llm->options.prices.count(st.llm->model) > 0);
  }
  set.accounting = summary.accounting;
  summary.top_failures = fates.TopTrajectoryReasons("failed", 3);
  if (set.first < set.last) summary.failure = FailureLine(summary, set.last - set.first, /*finished=*/false);
  const fs::path path = st.out / kPatchSetFile;
  T2S_RETURN_IF_ERROR(WriteFileAtomic(path, PatchSetJson(set)));
  summary.patch_set = path.string();
  summary.shard_first = set.first;
  summary.shard_last = set.last;
  return summary;
}

// analyze -> consolidate -> finish -> write.
Result<EvolveSummary> RunStages(const Stages& st, Analyst& analyst, EvolveSummary summary,
                                Fates fates) {
  const EvolveOptions& o = *st.options;
  const Skill& seed = *st.seed;
  if (!seed.symlinks.empty()) {
    summary.notes.push_back(fmt::format(
        "the input skill holds symbolic links ({}); they are not followed and not copied to the "
        "output",
        fmt::join(seed.symlinks, ", ")));
  }
  // Map: level-0 patches, one per analyzed trajectory with edits.
  const size_t notes_before = summary.notes.size();
  T2S_ASSIGN_OR_RETURN(
      std::vector<PatchUnit> units,
      analyst.Analyze({st.seed, st.selection, st.stream, st.options}, &fates, &summary));
  if (o.until_analyze) {
    std::vector<std::string> notes(summary.notes.begin() + static_cast<std::ptrdiff_t>(notes_before),
                                   summary.notes.end());
    return WriteShardPatchSet(st, std::move(units), fates, std::move(summary), std::move(notes));
  }

  // Reduce: level by level until one patch holds every surviving edit.
  ConsolidateInputs merge_in;
  merge_in.seed = st.seed;
  if (st.evidence_text != nullptr) {
    merge_in.evidence = *st.evidence_text;
  } else if (o.evidence && st.client != nullptr) {
    merge_in.evidence = EvidenceText(st.selection->evidence);
  }
  merge_in.options = st.options;
  merge_in.llm = st.llm;
  merge_in.prompts = st.prompts;
  merge_in.out = st.out;
  T2S_ASSIGN_OR_RETURN(Consolidation merged,
                       Consolidate(std::move(units), merge_in, st.client, &fates, st.progress));
  summary.notes.insert(summary.notes.end(), merged.notes.begin(), merged.notes.end());

  // Support, apply, repair, restructure, validate.
  FinishInputs finish_in{st.seed, st.options, st.llm, st.prompts, st.out};
  T2S_ASSIGN_OR_RETURN(Finished done, Finish(std::move(merged.final_edits), finish_in, st.client,
                                             &fates, &summary, st.progress));

  summary.top_failures = fates.TopTrajectoryReasons("failed", 3);
  summary.top_drops = fates.TopEditReasons("dropped", 3);
  summary.failure = FailureLine(summary, summary.selected, /*finished=*/true);
  if (st.client != nullptr) {
    summary.accounting =
        st.client->accounting().Summary(st.llm->options.prices.count(st.llm->model) > 0);
  }

  // Write: the run folder, manifest last.
  RunRecord record;
  record.before = &seed;
  record.after = &done.applied.skill;
  record.skill_name = seed.folder_name;
  record.patches = std::move(merged.patches);
  if (!done.restructure_edits.empty()) {
    // The restructuring is a patch of its own, after the final one.
    PatchUnit unit;
    unit.id = "restructure";
    unit.edits = done.restructure_edits;
    record.patches.push_back(std::move(unit));
  }
  record.restructure_edits = std::move(done.restructure_edits);
  record.restructure_outcomes = std::move(done.restructure_outcomes);
  record.final_patch = std::move(done.final_patch);
  record.outcomes = done.applied.outcomes;
  record.findings = done.findings;
  record.fates = &fates;
  ManifestInputs m;
  m.seed = &seed;
  m.skill_dir = st.skill_dir;
  m.analyst = st.client == nullptr ? "offline" : summary.agentic > 0 ? "agentic" : "llm";
  m.llm = st.llm;
  m.prompts = st.prompts;
  m.client = st.client;
  m.evidence = st.client == nullptr ? &st.selection->evidence : nullptr;
  m.inputs = st.inputs;
  m.findings = &done.findings;
  m.started = st.started;
  record.manifest_json = ManifestText(m, o, summary);
  T2S_RETURN_IF_ERROR(WriteRunFolder(st.out, record));
  summary.skill_out = (st.out / "skill" / seed.folder_name).string();
  return summary;
}

}  // namespace

Result<EvolveSummary> RunEvolve(const EvolveInputs& original, const EvolveOptions& o,
                                const LlmConfig& llm, Transport* transport, Clock* clock,
                                const fs::path& out, const ProgressFn& progress,
                                const AttachFn& attach) {
  if (!o.merge_from.empty()) {
    return RunEvolveMerge(original, o, llm, transport, clock, out, progress, attach);
  }
  const auto started = std::chrono::system_clock::now();
  T2S_ASSIGN_OR_RETURN(PromptSet prompts, PromptSet::Load(o.prompts_dir));
  EvolveSummary summary;
  Fates fates;
  const TrajectoryStream stream = StreamOf(original);
  // A dry run counts each selected trajectory's prompt as it is read.
  size_t dry_run_tokens = 0;
  DryRunAgentic agentic_bound;
  AnalystTasks dry_tasks(o.agentic.suite);
  auto count_prompt = [&](const Trajectory& t) {
    std::string rendered = RenderForAnalyst(original.skill, t, o);
    if (o.agentic.analyst != "llm" && t.outcome.label == Label::kFail) {
      Result<AnalystTask> task = dry_tasks.Resolve(t);
      if (task.ok()) {
        int64_t first = EstimateTokens(prompts.Get("analyst_agentic.md")) +
                        EstimateTokens(AgenticInput(original.skill, rendered, *task, t.outcome.detail));
        ++agentic_bound.episodes;
        agentic_bound.prompt_tokens += EpisodePromptBound(first, o);
        return;
      }
      if (o.agentic.analyst == "agentic" && agentic_bound.problem.empty()) {
        agentic_bound.problem = fmt::format("--analyst agentic: trajectory {}: {}", t.id,
                                            task.status().message());
      }
    }
    ++agentic_bound.single_calls;
    for (const ChatMessage& m :
         AnalystRequest(original.skill, t.outcome.label, rendered, o, llm, prompts).messages)
      dry_run_tokens += EstimateTokens(m.content);
  };
  T2S_ASSIGN_OR_RETURN(
      Selection selection,
      SelectTrajectories(stream, o, &fates, o.dry_run ? count_prompt : std::function<void(const Trajectory&)>()));
  summary.unlabelled = selection.unlabelled;
  summary.unreadable = selection.unreadable.size();
  summary.trajectories = selection.all;
  summary.selected = selection.selected.size();
  if (o.dry_run) {
    if (!agentic_bound.problem.empty()) return Status::FailedPrecondition(agentic_bound.problem);
    std::string agentic;
    if (agentic_bound.episodes > 0) {
      agentic = fmt::format(
          "  analyze (agentic): {} episodes of at most {} turns: at most {} calls, at most {} "
          "prompt tokens{}\n",
          agentic_bound.episodes, o.agentic.turns, agentic_bound.episodes * o.agentic.turns,
          agentic_bound.prompt_tokens,
          o.agentic.episode_tokens > 0
              ? fmt::format(" (cap {} tokens per episode)", o.agentic.episode_tokens)
              : "");
      auto price = llm.options.prices.find(llm.model);
      if (price != llm.options.prices.end()) {
        agentic += fmt::format(
            "  cost of the agentic prompts: at most ${:.2f}\n",
            static_cast<double>(agentic_bound.prompt_tokens) * price->second.input_per_mtok / 1e6);
      }
    }
    summary.dry_run_report = DryRunReport(selection.all, summary.selected,
                                          agentic_bound.single_calls, dry_run_tokens, agentic, o,
                                          llm);
    return summary;
  }

  // One client for every call of the run (the draft included): one
  // accounting, one budget. Its answers are kept in <out>/run.sqlite.
  T2S_ASSIGN_OR_RETURN(OpenRun run, OpenRunFolder(out, o, llm, transport, clock, attach));
  // The run's identity is known before any call: a folder holding another
  // run is refused before the draft is paid for.
  const std::string key = RunKey(original.skill, selection.content_hash, o, llm, prompts);
  // A shard's folder holds a share of the run: its own key.
  T2S_RETURN_IF_ERROR(RecordRunKey(
      out, o.until_analyze ? HexHash(fmt::format("{}/until-analyze/{}/{}", key, o.shard.index,
                                                 o.shard.count))
                           : key,
      o));
  LlmClient& client = *run.client;
  Skill drafted;
  std::string skill_dir = original.skill_dir;
  if (!o.new_name.empty()) {
    // The draft call is kept in the run store too, so a re-run drafts nothing.
    client.set_progress(
        [&](size_t done, size_t total, size_t failed) { progress("draft", done, total, failed); });
    Result<Skill> draft = DraftSkill(o, llm, prompts, &client);
    T2S_RETURN_IF_ERROR(CheckStopped(client, out));
    if (!draft.ok()) return draft.status();
    drafted = std::move(*draft);
    skill_dir = "(drafted: " + o.new_name + ")";
    T2S_RETURN_IF_ERROR(WriteSkill(drafted, out / "draft" / o.new_name, /*force=*/true));
  }
  const Skill& seed = o.new_name.empty() ? original.skill : drafted;

  client.set_progress(
      [&](size_t done, size_t total, size_t failed) { progress("analyze", done, total, failed); });
  LlmAnalyst single(llm, prompts, &client, out);
  AgenticAnalyst agentic(llm, prompts, &client, out, progress);
  Analyst& analyst = o.agentic.analyst == "llm" ? static_cast<Analyst&>(single) : agentic;
  Selection share = selection;
  if (o.until_analyze) RestrictToShard(o.shard, &share);
  Stages stages{&seed, skill_dir, &o, &llm, &prompts, &client, out, &share, &stream, progress,
                &original, started};
  stages.whole = &selection;
  stages.run_key = key;
  return RunStages(stages, analyst, std::move(summary), std::move(fates));
}

Result<EvolveSummary> RunEvolveMerge(const EvolveInputs& inputs, const EvolveOptions& o,
                                     const LlmConfig& llm, Transport* transport, Clock* clock,
                                     const fs::path& out, const ProgressFn& progress,
                                     const AttachFn& attach) {
  const auto started = std::chrono::system_clock::now();
  T2S_ASSIGN_OR_RETURN(PromptSet prompts, PromptSet::Load(o.prompts_dir));
  std::vector<PatchSet> sets;
  std::vector<fs::path> dirs;
  for (const std::string& dir : o.merge_from) {
    T2S_ASSIGN_OR_RETURN(PatchSet set, ReadPatchSet(dir));
    sets.push_back(std::move(set));
    dirs.emplace_back(dir);
  }
  T2S_ASSIGN_OR_RETURN(PatchSet joined, JoinPatchSets(std::move(sets), dirs));
  if (RunKey(inputs.skill, joined.content_hash, o, llm, prompts) != joined.run_key) {
    return Status::FailedPrecondition(fmt::format(
        "--merge-from: the patch sets were made with another skill, model, prompts or settings "
        "than this command's: give the merge the shards' --skill, --model and flags (without "
        "--shard and --until); the run key covers the skill's files, --mode, --fan-in, "
        "--trajectory-tokens, --max-tokens, --seed, --temperature, --no-evidence, "
        "--max-skill-lines, the analyst's settings, the provider, the model and --prompts"));
  }
  const size_t shards = o.merge_from.size();
  Selection selection = SelectionOf(joined);
  EvolveSummary summary;
  summary.unlabelled = selection.unlabelled;
  summary.unreadable = selection.unreadable.size();
  summary.trajectories = selection.all;
  summary.selected = selection.selected.size();
  summary.merged_shards = shards;
  summary.notes.push_back(fmt::format(
      "the analysts ran in {} shard{}: their calls and cost are accounted in {}", shards,
      shards == 1 ? "" : "s", fmt::join(o.merge_from, ", ")));
  EvolveInputs from;  // the shards' inputs, for the manifest and the report
  from.trace_paths = joined.trace_paths;
  from.store = joined.store;
  from.labels = joined.labels;
  const std::string evidence = o.evidence ? joined.evidence : "";

  T2S_ASSIGN_OR_RETURN(OpenRun run, OpenRunFolder(out, o, llm, transport, clock, attach));
  T2S_RETURN_IF_ERROR(RecordRunKey(out, joined.run_key, o));
  PatchSetAnalyst analyst(std::move(joined));
  const TrajectoryStream no_stream;
  Stages stages{&inputs.skill, inputs.skill_dir, &o, &llm, &prompts, run.client.get(), out,
                &selection, &no_stream, progress, &from, started};
  stages.evidence_text = &evidence;
  return RunStages(stages, analyst, std::move(summary), Fates());
}

Result<EvolveSummary> RunOfflineEvolve(const EvolveInputs& inputs, const EvolveOptions& options,
                                       const fs::path& out) {
  const auto started = std::chrono::system_clock::now();
  EvolveOptions o = options;
  o.evidence = true;  // the offline analyst's patch is the miner's evidence
  EvolveSummary summary;
  Fates fates;
  const TrajectoryStream stream = StreamOf(inputs);
  T2S_ASSIGN_OR_RETURN(Selection selection, SelectTrajectories(stream, o, &fates));
  summary.unlabelled = selection.unlabelled;
  summary.unreadable = selection.unreadable.size();
  summary.trajectories = selection.all;
  summary.selected = selection.selected.size();
  OfflineAnalyst analyst;
  if (o.dry_run) {
    T2S_ASSIGN_OR_RETURN(std::vector<PatchUnit> units,
                         analyst.Analyze({&inputs.skill, &selection, &stream, &o}, &fates, &summary));
    summary.dry_run_report = fmt::format(
        "dry run (offline analyst, no LLM): {} trajectories, {} selected, {} edits\n",
        summary.trajectories, summary.selected, summary.proposed_edits);
    return summary;
  }
  T2S_RETURN_IF_ERROR(CheckOutFolder(out, o));
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) return Status::IoError(fmt::format("{}: cannot create folder: {}", out.string(), ec.message()));
  T2S_ASSIGN_OR_RETURN(std::unique_ptr<FileLock> lock, LockRunFolder(out));
  Stages stages{&inputs.skill, inputs.skill_dir, &o, nullptr, nullptr, nullptr, out, &selection,
                &stream, [](const std::string&, size_t, size_t, size_t) {}, &inputs, started};
  return RunStages(stages, analyst, std::move(summary), std::move(fates));
}

}  // namespace t2s
