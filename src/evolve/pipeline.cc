#include "evolve/pipeline.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/file_lock.h"
#include "base/hash.h"
#include "evolve/answer_schema.h"
#include "evolve/fates.h"
#include "evolve/finalize.h"
#include "evolve/consolidate.h"
#include "evolve/llm_analyst.h"
#include "evolve/prompts.h"
#include "evolve/requests.h"
#include "evolve/run_folder.h"
#include "evolve/route.h"
#include "evolve/run_identity.h"
#include "evolve/selection.h"
#include "evolve/settle.h"
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
std::string DryRunReport(size_t all, size_t selected, size_t calls, size_t tokens,
                         const EvolveOptions& o, const LlmConfig& llm) {
  size_t merges = 0;
  for (size_t n = selected; n > 1; n = (n + o.fan_in - 1) / o.fan_in)
    merges += (n + o.fan_in - 1) / o.fan_in;
  std::string report = fmt::format(
      "dry run: {} trajectories, {} selected (--mode {})\n"
      "  analyze: {} calls, about {} prompt tokens ({} per call)\n"
      "  merge:   at most {} calls (fan-in {})\n"
      "  repair:  at most 1 call\n",
      all, selected, o.mode, calls, tokens, calls == 0 ? 0 : tokens / calls, merges, o.fan_in);
  auto price = llm.options.prices.find(llm.model);
  if (price != llm.options.prices.end()) {
    report += fmt::format("  cost of the analyze prompts: about ${:.2f}\n",
                          static_cast<double>(tokens) * price->second.input_per_mtok / 1e6);
  }
  return report;
}

Json ManifestJson(const Skill& seed, const std::string& skill_dir, const EvolveOptions& o,
                  const LlmConfig& llm, const PromptSet& prompts, const LlmClient& client,
                  const EvolveSummary& s) {
  Json manifest;
  manifest["schema"] = "t2s.manifest/1";
  manifest["version"] = std::string(kVersion);
  manifest["analyst"] = "llm";
  manifest["status"] = s.failure.empty() ? "done" : "failed";
  if (!s.failure.empty()) manifest["failure"] = s.failure;
  manifest["settings"] = {{"mode", o.mode},
                          {"fan_in", o.fan_in},
                          {"min_support", s.min_support},
                          {"min_support_from", s.min_support_from},
                          {"route", o.route},
                          {"trajectory_tokens", o.trajectory_tokens},
                          {"max_tokens", o.max_tokens},
                          {"seed", o.seed ? Json(*o.seed) : Json()},
                          {"temperature", o.temperature ? Json(*o.temperature) : Json()}};
  Json urls = Json::array();
  for (const Endpoint& e : llm.endpoints) urls.push_back(RedactUrl(e.base_url));
  manifest["llm"] = {{"provider", llm.provider},
                     {"model", llm.model},
                     {"endpoints", urls},
                     {"structured_output", std::string(StructuredModeName(client.mode_of(0)))}};
  manifest["skill"] = {{"input", skill_dir}, {"name", seed.folder_name}};
  manifest["prompts"] = prompts.Hashes();
  manifest["prompts_overridden"] = prompts.overridden();
  for (const std::string& name : AnswerSchemaNames())
    manifest["schemas"][name] = HexHash(AnswerSchema(name));
  manifest["counts"] = {{"trajectories", s.trajectories},
                        {"selected", s.selected},
                        {"unlabelled", s.unlabelled},
                        {"unreadable_records", s.unreadable},
                        {"analyzed", s.analyzed},
                        {"proposed_edits", s.proposed_edits},
                        {"applied_edits", s.applied_edits},
                        {"routed_edits", s.routed_edits},
                        {"dropped_final_edits", s.dropped_edits},
                        {"validation_errors", s.validation_errors}};
  manifest["top_analysis_failures"] = s.top_failures;
  manifest["top_drop_reasons"] = s.top_drops;
  manifest["notes"] = s.notes;
  manifest["accounting"] = Json::parse(client.accounting().ToJson());
  return manifest;
}

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

}  // namespace

Result<EvolveSummary> RunEvolve(const EvolveInputs& original, const EvolveOptions& o,
                                const LlmConfig& llm, Transport* transport, Clock* clock,
                                const fs::path& out, const ProgressFn& progress,
                                const AttachFn& attach) {
  auto attach_client = [&](LlmClient* c) {
    if (attach) attach(c);
  };
  T2S_ASSIGN_OR_RETURN(PromptSet prompts, PromptSet::Load(o.prompts_dir));
  EvolveSummary summary;
  Fates fates;
  const TrajectoryStream stream = StreamOf(original);
  // A dry run counts each selected trajectory's prompt as it is read.
  size_t dry_run_tokens = 0;
  auto count_prompt = [&](const Trajectory& t) {
    std::string rendered = RenderForAnalyst(original.skill, t, o);
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
    summary.dry_run_report = DryRunReport(selection.all, summary.selected, summary.selected,
                                          dry_run_tokens, o, llm);
    return summary;
  }

  // One client for every call of the run (the draft included): one
  // accounting, one budget. Its answers are kept in <out>/run.sqlite.
  std::unique_ptr<FileLock> lock;  // released last
  RunCache cache;
  std::unique_ptr<LlmClient> client_owner;
  {
    T2S_RETURN_IF_ERROR(CheckOutFolder(out, o));  // before anything is written there
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) return Status::IoError(fmt::format("{}: cannot create folder: {}", out.string(), ec.message()));
    // One run at a time in a folder: a second would pay for every call again.
    Result<std::unique_ptr<FileLock>> locked = FileLock::Acquire(out / kRunLockFile);
    if (!locked.ok()) {
      return Status::FailedPrecondition(fmt::format(
          "{} is in use by another trace2skill run ({}); wait for it to finish or use another --out",
          out.string(), locked.status().message()));
    }
    lock = std::move(*locked);
    T2S_ASSIGN_OR_RETURN(cache, OpenRunCache(out, o));
    client_owner = std::make_unique<LlmClient>(MakeProvider(llm.provider), llm.endpoints, transport,
                                               clock, cache.run.get(), llm.options);
    attach_client(client_owner.get());
  }
  struct Detach {
    std::function<void(LlmClient*)> f;
    ~Detach() { f(nullptr); }
  } detach{attach_client};
  // The run's identity is known before any call: a folder holding another
  // run is refused before the draft is paid for.
  T2S_RETURN_IF_ERROR(
      RecordRunKey(out, RunKey(original.skill, selection.content_hash, o, llm, prompts), o));
  LlmClient& client = *client_owner;
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
  const std::string skill_name = seed.folder_name;
  if (!seed.symlinks.empty()) {
    summary.notes.push_back(fmt::format(
        "the input skill holds symbolic links ({}); they are not followed and not copied to the "
        "output",
        fmt::join(seed.symlinks, ", ")));
  }

  // Map: one analyst per selected trajectory.
  client.set_progress(
      [&](size_t done, size_t total, size_t failed) { progress("analyze", done, total, failed); });
  LlmAnalyst analyst(llm, prompts, &client, out);
  T2S_ASSIGN_OR_RETURN(std::vector<PatchUnit> units,
                       analyst.Analyze({&seed, &selection, &stream, &o}, &fates, &summary));

  // Reduce: level by level until one patch holds every surviving edit.
  ConsolidateInputs merge_in;
  merge_in.seed = &seed;
  if (o.evidence) merge_in.evidence = EvidenceText(selection.evidence);
  merge_in.options = &o;
  merge_in.llm = &llm;
  merge_in.prompts = &prompts;
  merge_in.out = out;
  T2S_ASSIGN_OR_RETURN(Consolidation merged,
                       Consolidate(std::move(units), merge_in, &client, &fates, progress));
  summary.notes.insert(summary.notes.end(), merged.notes.begin(), merged.notes.end());

  // Resolve and apply every final edit against S0 at once; one repair call.
  // Support decides what reaches SKILL.md, and which edit wins a conflict.
  summary.min_support = o.min_support > 0 ? o.min_support : DefaultMinSupport(summary.analyzed);
  summary.min_support_from =
      o.min_support > 0 ? "--min-support"
                        : fmt::format("default for {} analyzed trajectories: max(1, round(sqrt(n)/3))",
                                      summary.analyzed);
  RouteResult routed =
      RouteLowSupport(seed, std::move(merged.final_edits), summary.min_support, o.route, &fates);
  summary.routed_edits = routed.routed;
  summary.dropped_edits += routed.dropped;
  Patch final_patch;
  final_patch.edits = std::move(routed.edits);
  OrderBySupport(&final_patch.edits);
  ApplyResult applied = ApplyPatch(seed, final_patch);
  ExplainConflicts(final_patch.edits, &applied.outcomes);
  client.set_progress(
      [&](size_t done, size_t total, size_t f) { progress("repair", done, total, f); });
  RepairFailedEdits(seed, o, llm, prompts, &client, &final_patch, &applied);
  T2S_RETURN_IF_ERROR(CheckStopped(client, out));
  for (size_t i = 0; i < applied.outcomes.size(); ++i) {
    const Edit& e = final_patch.edits[i];
    if (applied.outcomes[i].applied) {
      fates.Edit({e.id, "applied", "", "", "final", e.sources});
      ++summary.applied_edits;
    } else {
      fates.Edit({e.id, "dropped", "", applied.outcomes[i].reason, "final", e.sources});
      ++summary.dropped_edits;
    }
  }
  applied.skill.folder_name = skill_name;
  client.set_progress(
      [&](size_t done, size_t total, size_t f) { progress("restructure", done, total, f); });
  Restructured restructured = Restructure(applied.skill, o, llm, prompts, &client, &summary.notes);
  applied.skill = std::move(restructured.skill);
  for (size_t i = 0; i < restructured.edits.size(); ++i) {
    const EditOutcome& r = restructured.outcomes[i];
    fates.Edit({restructured.edits[i].id, r.applied ? "applied" : "dropped", "", r.reason,
                "restructure", {}});
  }
  T2S_RETURN_IF_ERROR(CheckStopped(client, out));
  ValidateOptions vopts;
  vopts.expected_name = skill_name;
  vopts.max_skill_lines = o.max_skill_lines;
  std::vector<Finding> findings = ValidateSkill(applied.skill, vopts);
  summary.validation_errors = CountErrors(findings);

  summary.top_failures = fates.TopTrajectoryReasons("failed", 3);
  summary.top_drops = fates.TopEditReasons("dropped", 3);
  if (summary.analyzed == 0) {
    summary.failure = fmt::format("{} of {} analyses failed: {}", summary.selected, summary.selected,
                                  fmt::join(summary.top_failures, "; "));
  } else if (summary.proposed_edits > 0 && summary.applied_edits == 0) {
    summary.failure =
        fmt::format("none of the {} proposed edits was applied: {}", summary.proposed_edits,
                    summary.top_drops.empty() ? std::string("every edit was merged away or dropped")
                                              : fmt::format("{}", fmt::join(summary.top_drops, "; ")));
  }
  summary.accounting = client.accounting().Summary();

  RunRecord record;
  record.before = &seed;
  record.after = &applied.skill;
  record.skill_name = skill_name;
  record.patches = std::move(merged.patches);
  if (!restructured.edits.empty()) {
    // The restructuring is a patch of its own, after the final one.
    PatchUnit unit;
    unit.id = "restructure";
    unit.edits = restructured.edits;
    record.patches.push_back(std::move(unit));
  }
  record.restructure_edits = std::move(restructured.edits);
  record.restructure_outcomes = std::move(restructured.outcomes);
  record.final_patch = final_patch;
  record.outcomes = applied.outcomes;
  record.findings = findings;
  record.fates = &fates;
  record.manifest_json = ManifestJson(seed, skill_dir, o, llm, prompts, client, summary).dump(2) + "\n";
  record.llm_summary = summary.accounting;
  T2S_RETURN_IF_ERROR(WriteRunFolder(out, record));
  summary.skill_out = (out / "skill" / skill_name).string();
  return summary;
}

}  // namespace t2s
