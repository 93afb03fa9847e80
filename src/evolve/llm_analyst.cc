#include "evolve/llm_analyst.h"

#include <fmt/format.h>

#include <memory>

#include "base/text_spool.h"
#include "evolve/analysis.h"
#include "evolve/answer_schema.h"
#include "evolve/requests.h"
#include "evolve/stop.h"

namespace t2s {

ChatRequest AnalystRequest(const Skill& seed, Label label, const std::string& rendered,
                           const EvolveOptions& o, const LlmConfig& llm, const PromptSet& prompts) {
  bool failed = label == Label::kFail;
  ChatRequest r = MakeRequest("analyze", llm, o,
                              prompts.Get(failed ? "analyst_error.md" : "analyst_success.md"),
                              AnalystInput(seed, rendered), kAnalysisAnswer);
  r.messages.back().cache_prefix = AnalystPrefix(seed).size();
  return r;
}

Result<std::vector<size_t>> RenderSelected(const AnalystInputs& in, TextSpool* spool,
                                           const std::function<bool(const Trajectory&)>& keep) {
  const Selection& sel = *in.selection;
  const size_t n = sel.selected.size();
  std::vector<size_t> slot(n, SIZE_MAX);
  std::vector<bool> seen(n, false);
  Status write = Status::Ok();
  T2S_RETURN_IF_ERROR((*in.stream)(
      [&](Trajectory t) {
        size_t i = sel.IndexOf(t.id);
        if (i == n || seen[i] || !write.ok()) return;
        seen[i] = true;
        if (keep && !keep(t)) return;
        Result<size_t> at = spool->Add(RenderForAnalyst(*in.seed, t, *in.options));
        if (!at.ok()) write = at.status();
        else slot[i] = *at;
      },
      nullptr));
  T2S_RETURN_IF_ERROR(write);
  for (size_t i = 0; i < n; ++i) {
    if (!seen[i]) {
      return Status::FailedPrecondition(fmt::format(
          "trajectory {} was not found when the input was read a second time: the input changed "
          "while evolve ran",
          sel.selected[i].id));
    }
  }
  return slot;
}

Result<std::vector<PatchUnit>> LlmAnalyst::Analyze(const AnalystInputs& in, Fates* fates,
                                                   EvolveSummary* summary) {
  const Selection& sel = *in.selection;
  const EvolveOptions& o = *in.options;
  const size_t n = sel.selected.size();
  std::vector<size_t> indices = only_;
  if (!subset_) {
    indices.resize(n);
    for (size_t i = 0; i < n; ++i) indices[i] = i;
  }
  if (indices.empty()) return std::vector<PatchUnit>{};
  std::unique_ptr<TextSpool> spool = std::move(spool_);
  std::vector<size_t> slot = std::move(slot_);
  if (spool == nullptr) {
    // Read the trajectories again, rendering the selected ones to disk: the
    // calls go in selection order, the files come in file order.
    T2S_ASSIGN_OR_RETURN(spool, TextSpool::Create(out_));
    T2S_ASSIGN_OR_RETURN(slot, RenderSelected(in, &*spool));
  }

  RequestSource source;
  source.count = indices.size();
  source.stage = "analyze";
  source.model = llm_.model;
  Status read = Status::Ok();
  source.make = [&](size_t k) {
    const size_t i = indices[k];
    Result<std::string> rendered = spool->Get(slot[i]);
    if (!rendered.ok()) {
      if (read.ok()) read = rendered.status();
      client_->Cancel();  // a prompt that cannot be read is not sent
      return ChatRequest{};
    }
    return AnalystRequest(*in.seed, sel.selected[i].label, *rendered, o, llm_, prompts_);
  };
  std::vector<CallResult> answers = client_->Run(source);
  T2S_RETURN_IF_ERROR(read);
  T2S_RETURN_IF_ERROR(CheckStopped(*client_, out_));

  std::vector<PatchUnit> units;
  for (size_t k = 0; k < indices.size(); ++k) {
    const size_t i = indices[k];
    const SelectedTrajectory& t = sel.selected[i];
    std::string label(LabelName(t.label));
    if (!answers[k].ok()) {
      fates->Trajectory({t.id, label, "failed", answers[k].error, 0});
      continue;
    }
    Result<Analysis> a = ParseAnalysis(answers[k].response->json);
    answers[k] = CallResult{};  // the answer is parsed: free it
    if (!a.ok()) {
      fates->Trajectory({t.id, label, "failed", a.status().message(), 0});
      continue;
    }
    PatchUnit u;
    u.id = fmt::format("L0-{:04}", sel.first + i);
    u.changelog = a->changelog;
    u.causes = a->causes;
    u.lessons = a->lessons;
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

}  // namespace t2s
