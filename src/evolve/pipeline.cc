#include "evolve/pipeline.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "base/file_lock.h"
#include "base/hash.h"
#include "evolve/analysis.h"
#include "evolve/answer_schema.h"
#include "evolve/fates.h"
#include "evolve/finalize.h"
#include "evolve/merge.h"
#include "evolve/prompts.h"
#include "evolve/requests.h"
#include "evolve/run_folder.h"
#include "evolve/run_identity.h"
#include "llm/llm_client.h"
#include "llm/redact.h"
#include "mine/miner.h"
#include "skill/apply.h"
#include "skill/validate.h"
#include "trace/token_estimate.h"
#include "trace2skill/version.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

bool Selected(const Trajectory& t, const std::string& mode, std::string* why) {
  if (t.outcome.label == Label::kUnknown) {
    *why = "no success/fail label (give --labels FILE)";
    return false;
  }
  if (mode == "error" && t.outcome.label != Label::kFail) {
    *why = "--mode error analyzes failed trajectories only";
    return false;
  }
  if (mode == "success" && t.outcome.label != Label::kSuccess) {
    *why = "--mode success analyzes successful trajectories only";
    return false;
  }
  return true;
}

// Why nothing could be selected: one line that says what to do.
std::string NothingSelected(size_t all, size_t unlabelled, const std::string& mode) {
  if (unlabelled == all) {
    return fmt::format(
        "none of the {} trajectories has a success/fail label, which --mode {} needs; give "
        "labels with --labels FILE (CSV id,label[,reward] or JSONL), or use trajectories whose "
        "format records an outcome",
        all, mode);
  }
  return fmt::format("no trajectory fits --mode {}: {} trajectories, {} without a label", mode,
                     all, unlabelled);
}

// Why the client stopped the run early (an endpoint that refuses every
// call, Ctrl-C), or "" when it did not.
std::string StopReason(const LlmClient& client, const fs::path& out) {
  if (client.fatal_error()) return client.fatal_error()->message;
  if (client.cancelled()) {
    return fmt::format(
        "interrupted: every answer received so far is kept in {}; run the same command again to "
        "resume",
        (out / "run.sqlite").string());
  }
  return "";
}

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

// Level-0 patches: one per analyzed trajectory with edits.
std::vector<PatchUnit> Analyze(const std::vector<const Trajectory*>& selected,
                               const std::vector<CallResult>& answers, Fates* fates,
                               EvolveSummary* summary) {
  std::vector<PatchUnit> units;
  for (size_t i = 0; i < selected.size(); ++i) {
    const Trajectory& t = *selected[i];
    std::string label(LabelName(t.outcome.label));
    if (!answers[i].ok()) {
      fates->Trajectory({t.id, label, "failed", answers[i].error, 0});
      continue;
    }
    Result<Analysis> a = ParseAnalysis(answers[i].response->json);
    if (!a.ok()) {
      fates->Trajectory({t.id, label, "failed", a.status().message(), 0});
      continue;
    }
    PatchUnit u;
    u.id = fmt::format("L0-{:04}", i);
    u.changelog = a->changelog;
    for (size_t k = 0; k < a->edits.size(); ++k) {
      Edit e = a->edits[k];
      e.id = fmt::format("{}-e{}", u.id, k + 1);
      e.sources = {t.id};
      u.edits.push_back(std::move(e));
    }
    fates->Trajectory({t.id, label, "analyzed", "", static_cast<int>(u.edits.size())});
    summary->proposed_edits += u.edits.size();
    ++summary->analyzed;
    if (!u.edits.empty()) units.push_back(std::move(u));
  }
  return units;
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
  // Select, in id order.
  std::vector<const Trajectory*> selected, all;
  for (const Trajectory& t : original.trajectories) all.push_back(&t);
  std::sort(all.begin(), all.end(),
            [](const Trajectory* a, const Trajectory* b) { return a->id < b->id; });
  for (const Trajectory* t : all) {
    std::string why;
    if (Selected(*t, o.mode, &why)) {
      selected.push_back(t);
    } else {
      if (t->outcome.label == Label::kUnknown) ++summary.unlabelled;
      fates.Trajectory({t->id, std::string(LabelName(t->outcome.label)), "skipped", why, 0});
    }
  }
  for (const auto& [where, why] : original.unreadable) {
    fates.Trajectory({where, "unknown", "unreadable", why, 0});
  }
  summary.unreadable = original.unreadable.size();
  summary.trajectories = all.size();
  summary.selected = selected.size();
  if (selected.empty()) {
    return Status::FailedPrecondition(NothingSelected(all.size(), summary.unlabelled, o.mode));
  }

  // One client for every call of the run (the draft included): one
  // accounting, one budget. Its answers are kept in <out>/run.sqlite.
  std::unique_ptr<FileLock> lock;  // released last
  RunCache cache;
  std::unique_ptr<LlmClient> client_owner;
  if (!o.dry_run) {
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
  if (!o.dry_run) {
    // The run's identity is known before any call: a folder holding another
    // run is refused before the draft is paid for.
    T2S_RETURN_IF_ERROR(RecordRunKey(out, RunKey(original, o, llm, prompts), o));
  }
  Skill drafted;
  std::string skill_dir = original.skill_dir;
  if (!o.new_name.empty() && !o.dry_run) {
    // The draft call is kept in the run store too, so a re-run drafts nothing.
    client_owner->set_progress(
        [&](size_t done, size_t total, size_t failed) { progress("draft", done, total, failed); });
    Result<Skill> draft = DraftSkill(o, llm, prompts, client_owner.get());
    if (std::string stop = StopReason(*client_owner, out); !stop.empty())
      return Status::FailedPrecondition(stop);
    if (!draft.ok()) return draft.status();
    drafted = std::move(*draft);
    skill_dir = "(drafted: " + o.new_name + ")";
    T2S_RETURN_IF_ERROR(WriteSkill(drafted, out / "draft" / o.new_name, /*force=*/true));
  }
  const Skill& seed = o.new_name.empty() || o.dry_run ? original.skill : drafted;
  const std::string skill_name = seed.folder_name;
  if (!seed.symlinks.empty()) {
    summary.notes.push_back(fmt::format(
        "the input skill holds symbolic links ({}); they are not followed and not copied to the "
        "output",
        fmt::join(seed.symlinks, ", ")));
  }

  auto analyst_request = [&](const Trajectory& t) {
    bool failed = t.outcome.label == Label::kFail;
    return MakeRequest("analyze", llm, o,
                       prompts.Get(failed ? "analyst_error.md" : "analyst_success.md"),
                       AnalystInput(seed, t, o), kAnalysisAnswer);
  };
  if (o.dry_run) {
    // Counted one request at a time: a dry run holds no prompt.
    size_t tokens = 0;
    for (const Trajectory* t : selected) {
      for (const ChatMessage& m : analyst_request(*t).messages) tokens += EstimateTokens(m.content);
    }
    summary.dry_run_report =
        DryRunReport(all.size(), selected.size(), selected.size(), tokens, o, llm);
    return summary;
  }
  std::vector<ChatRequest> analyst_requests;
  for (const Trajectory* t : selected) analyst_requests.push_back(analyst_request(*t));

  LlmClient& client = *client_owner;

  // Map: one analyst per selected trajectory.
  client.set_progress(
      [&](size_t done, size_t total, size_t failed) { progress("analyze", done, total, failed); });
  std::vector<CallResult> analyses = client.Run(analyst_requests);
  std::vector<ChatRequest>().swap(analyst_requests);  // the prompts are no longer needed
  if (std::string stop = StopReason(client, out); !stop.empty()) return Status::FailedPrecondition(stop);
  std::vector<PatchUnit> units = Analyze(selected, analyses, &fates, &summary);
  analyses.clear();
  std::vector<PatchUnit> all_patches = units;

  // Reduce: level by level until one patch holds every surviving edit.
  FoldDuplicates(&units, &fates);
  std::string outline = Outline(seed);
  std::string evidence;
  if (o.evidence && units.size() > 1) {
    Miner miner;
    for (const Trajectory* t : selected) miner.Add(*t);
    evidence = EvidenceText(miner.Finish());
  }
  for (int level = 1; units.size() > 1; ++level) {
    std::vector<std::vector<size_t>> groups = GroupUnits(units, o.fan_in);
    std::vector<ChatRequest> requests;
    std::vector<std::vector<const Edit*>> inputs(groups.size());
    auto needs_call = [&](size_t g) { return groups[g].size() > 1 && inputs[g].size() > 1; };
    for (size_t g = 0; g < groups.size(); ++g) {
      for (size_t i : groups[g]) {
        for (const Edit& e : units[i].edits) inputs[g].push_back(&e);
      }
      if (needs_call(g)) {
        requests.push_back(MakeRequest("merge", llm, o, prompts.Get("merge.md"),
                                       MergeInput(inputs[g], outline, evidence), kMergeAnswer));
      }
    }
    client.set_progress([&](size_t done, size_t total, size_t failed) {
      progress(fmt::format("merge level {}", level), done, total, failed);
    });
    std::vector<CallResult> answers = client.Run(requests);
    if (std::string stop = StopReason(client, out); !stop.empty()) return Status::FailedPrecondition(stop);
    std::vector<PatchUnit> next;
    size_t call = 0;
    for (size_t g = 0; g < groups.size(); ++g) {
      std::string id = fmt::format("L{}-{:04}", level, g);
      std::vector<const PatchUnit*> members;
      for (size_t i : groups[g]) members.push_back(&units[i]);
      if (!needs_call(g)) {
        next.push_back(CarryUp(members, id, level));
        continue;
      }
      const CallResult& r = answers[call++];
      Result<MergeAnswer> answer = r.ok() ? ParseMergeAnswer(r.response->json)
                                          : Result<MergeAnswer>(Status::Internal(r.error));
      if (!answer.ok()) {
        // Nothing is lost: the inputs go up unchanged, and the failure is on record.
        PatchUnit carried = CarryUp(members, id, level);
        std::string note = fmt::format("merge {} failed ({}); its inputs were carried up unchanged",
                                       id, answer.status().message());
        carried.changelog.push_back(note);
        summary.notes.push_back(note);
        next.push_back(std::move(carried));
        continue;
      }
      PatchUnit merged = ApplyMergeAnswer(inputs[g], *answer, id, level, &fates);
      for (const PatchUnit* m : members) merged.inputs.push_back(m->id);
      next.push_back(std::move(merged));
    }
    all_patches.insert(all_patches.end(), next.begin(), next.end());
    units = std::move(next);
  }

  // Resolve and apply every final edit against S0 at once; one repair call.
  Patch final_patch;
  if (!units.empty()) final_patch.edits = units.front().edits;
  ApplyResult applied = ApplyPatch(seed, final_patch);
  client.set_progress(
      [&](size_t done, size_t total, size_t f) { progress("repair", done, total, f); });
  RepairFailedEdits(seed, o, llm, prompts, &client, &final_patch, &applied);
  if (std::string stop = StopReason(client, out); !stop.empty()) return Status::FailedPrecondition(stop);
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
  applied.skill = Restructure(applied.skill, o, llm, prompts, &client, &summary.notes);
  if (std::string stop = StopReason(client, out); !stop.empty()) return Status::FailedPrecondition(stop);
  ValidateOptions vopts;
  vopts.expected_name = skill_name;
  vopts.max_skill_lines = o.max_skill_lines;
  std::vector<Finding> findings = ValidateSkill(applied.skill, vopts);
  summary.validation_errors = CountErrors(findings);

  summary.top_failures = fates.TopTrajectoryReasons("failed", 3);
  summary.top_drops = fates.TopEditReasons("dropped", 3);
  if (summary.analyzed == 0) {
    summary.failure = fmt::format("{} of {} analyses failed: {}", selected.size(), selected.size(),
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
  record.patches = std::move(all_patches);
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
