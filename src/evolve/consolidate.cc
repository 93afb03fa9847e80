#include "evolve/consolidate.h"

#include <fmt/format.h>

#include "evolve/analysis.h"
#include "evolve/answer_schema.h"
#include "evolve/requests.h"
#include "evolve/stop.h"

namespace t2s {

Result<Consolidation> Consolidate(std::vector<PatchUnit> units, const ConsolidateInputs& in,
                                  LlmClient* client, Fates* fates, const ProgressFn& progress) {
  Consolidation c;
  c.patches = units;
  FoldDuplicates(&units, fates);
  if (client == nullptr && units.size() > 1) {
    // No model to merge with: every edit goes up unchanged.
    std::vector<const PatchUnit*> all;
    for (const PatchUnit& u : units) all.push_back(&u);
    units = {CarryUp(all, "L1-0000", 1)};
    c.patches.push_back(units.front());
  }
  const std::string outline = Outline(*in.seed);
  for (int level = 1; units.size() > 1; ++level) {
    std::vector<std::vector<size_t>> groups = GroupUnits(units, in.options->fan_in);
    std::vector<ChatRequest> requests;
    std::vector<std::vector<const Edit*>> inputs(groups.size());
    auto needs_call = [&](size_t g) { return groups[g].size() > 1 && inputs[g].size() > 1; };
    for (size_t g = 0; g < groups.size(); ++g) {
      for (size_t i : groups[g]) {
        for (const Edit& e : units[i].edits) inputs[g].push_back(&e);
      }
      if (needs_call(g)) {
        ChatRequest r = MakeRequest("merge", *in.llm, *in.options, in.prompts->Get("merge.md"),
                                    MergeInput(inputs[g], outline, in.evidence), kMergeAnswer);
        ChatMessage& user = r.messages.back();
        user.cache_prefix = user.content.find(kMergeEditsHeading);
        if (user.cache_prefix == std::string::npos) user.cache_prefix = 0;
        requests.push_back(std::move(r));
      }
    }
    client->set_progress([&](size_t done, size_t total, size_t failed) {
      progress(fmt::format("merge level {}", level), done, total, failed);
    });
    std::vector<CallResult> answers = client->Run(requests);
    T2S_RETURN_IF_ERROR(CheckStopped(*client, in.out));
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
        c.notes.push_back(note);
        next.push_back(std::move(carried));
        continue;
      }
      PatchUnit merged = ApplyMergeAnswer(*in.seed, inputs[g], *answer, id, level, fates);
      for (const PatchUnit* m : members) merged.inputs.push_back(m->id);
      next.push_back(std::move(merged));
    }
    c.patches.insert(c.patches.end(), next.begin(), next.end());
    units = std::move(next);
  }
  if (!units.empty()) c.final_edits = std::move(units.front().edits);
  return c;
}

}  // namespace t2s
