#include "evolve/merge.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "base/text.h"
#include "evolve/merged_edit_check.h"

namespace t2s {
namespace {

std::string Squash(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : Trim(s)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string DuplicateKey(const Edit& e) {
  return fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", e.file, EditOpName(e.op),
                     Squash(e.section), Squash(e.after_section), Squash(e.old_text),
                     Squash(e.anchor), Squash(e.content));
}

std::string TargetKey(const Edit& e) { return e.file + "\x1f" + Squash(e.section); }

void AddSources(std::vector<std::string>* into, const std::vector<std::string>& from) {
  for (const std::string& s : from) {
    if (std::find(into->begin(), into->end(), s) == into->end()) into->push_back(s);
  }
  std::sort(into->begin(), into->end());
}

}  // namespace

void FoldDuplicates(std::vector<PatchUnit>* units, Fates* fates) {
  // First pass: the first occurrence of each edit takes every duplicate's sources.
  std::map<std::string, Edit*> first;
  for (PatchUnit& u : *units) {
    for (Edit& e : u.edits) {
      auto [it, fresh] = first.emplace(DuplicateKey(e), &e);
      if (!fresh) AddSources(&it->second->sources, e.sources);
    }
  }
  std::map<std::string, std::string> keeper_id;
  for (const auto& [key, e] : first) keeper_id[key] = e->id;
  // Second pass: drop the duplicates (ids, not pointers: vectors are replaced).
  for (PatchUnit& u : *units) {
    std::vector<Edit> kept;
    for (Edit& e : u.edits) {
      const std::string& keeper = keeper_id.at(DuplicateKey(e));
      if (keeper == e.id) {
        kept.push_back(std::move(e));
      } else {
        fates->Edit({e.id, "merged-into", keeper, "exact duplicate", u.id, e.sources});
      }
    }
    u.edits = std::move(kept);
  }
  // A unit whose every edit was folded into another has nothing to merge.
  units->erase(std::remove_if(units->begin(), units->end(),
                              [](const PatchUnit& u) { return u.edits.empty(); }),
               units->end());
}

std::vector<std::vector<size_t>> GroupUnits(const std::vector<PatchUnit>& units, size_t fan_in) {
  // Order by each unit's most edited target, then by id, so related patches meet.
  std::vector<std::pair<std::string, size_t>> order;
  for (size_t i = 0; i < units.size(); ++i) {
    std::map<std::string, int> counts;
    for (const Edit& e : units[i].edits) ++counts[TargetKey(e)];
    std::string best;
    int most = -1;
    for (const auto& [key, n] : counts) {
      if (n > most) {
        best = key;
        most = n;
      }
    }
    order.emplace_back(best + "\x1e" + units[i].id, i);
  }
  std::sort(order.begin(), order.end());
  std::vector<std::vector<size_t>> groups;
  for (size_t i = 0; i < order.size(); i += fan_in) {
    std::vector<size_t> g;
    for (size_t j = i; j < std::min(order.size(), i + fan_in); ++j) g.push_back(order[j].second);
    groups.push_back(std::move(g));
  }
  return groups;
}

std::string MergeInput(const std::vector<const Edit*>& inputs, const std::string& skill_outline,
                       const std::string& evidence) {
  std::string out = "# The skill's outline\n\n" + skill_outline + "\n";
  if (!evidence.empty())
    out += "# Measured evidence (counted by code, not judged)\n\n" + evidence + "\n";
  // What is the same in every merge call of the level comes first (for a
  // server's prefix cache); the group's edits last.
  out +=
      "# Your answer\n\nAnswer with a t2s_merge JSON object: {\"edits\": [{\"from\": [\"E1\", "
      "...], \"file\": ..., \"op\": ..., "
      "\"section\"/\"after_section\"/\"old_text\"/\"anchor\": ..., \"content\": ...}], "
      "\"dropped\": [{\"id\": \"E3\", "
      "\"reason\": ...}], \"changelog\": [...]}\n\n";
  out += std::string(kMergeEditsHeading);
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Edit& e = *inputs[i];
    out += fmt::format("E{} (support {}): {}\n", i + 1, Support(e), EditFieldsJson(e));
  }
  return out;
}

namespace {

PatchUnit MergeAnswerUnit(const Skill& s0, const std::vector<const Edit*>& inputs,
                          const MergeAnswer& answer, const std::string& id, int level, Fates* fates,
                          const ApplyOptions& options) {
  PatchUnit out;
  out.id = id;
  out.level = level;
  out.changelog = answer.changelog;
  auto index_of = [&](const std::string& name) -> int {
    if (name.size() < 2 || name[0] != 'E') return -1;
    int n = std::atoi(name.c_str() + 1);
    return n >= 1 && static_cast<size_t>(n) <= inputs.size() ? n - 1 : -1;
  };
  std::set<int> covered;                 // by a kept output edit, or dropped
  std::map<int, std::string> carry_why;  // inputs an unverified output named
  struct Refused {
    std::string id, why;
    std::vector<int> from;
  };
  std::vector<Refused> refused;
  int k = 0;
  for (const MergedEdit& m : answer.edits) {
    Edit e = m.edit;
    e.id = fmt::format("{}-e{}", id, ++k);
    e.sources.clear();  // support is computed here, never taken from the model
    std::vector<int> from;
    for (const std::string& name : m.from) {
      int i = index_of(name);
      if (i >= 0 && std::find(from.begin(), from.end(), i) == from.end()) from.push_back(i);
    }
    if (from.empty()) {
      fates->Edit({e.id, "dropped", "", "the merge produced it from no known input edit", id, {}});
      continue;
    }
    std::vector<ClaimedInput> claimed;
    for (int i : from) {
      AddSources(&e.sources, inputs[static_cast<size_t>(i)]->sources);
      claimed.push_back({fmt::format("E{}", i + 1), inputs[static_cast<size_t>(i)]});
    }
    Status verified = VerifyMergedEdit(s0, e, claimed, options);
    if (!verified.ok()) {
      // Its inputs stay as they were: the lesson is kept, not the rewrite.
      fates->Edit(
          {e.id, "dropped", "", "unverified merge output: " + verified.message(), id, e.sources});
      for (int i : from) {
        carry_why.emplace(
            i, fmt::format("carried up: {} was not verified ({})", e.id, verified.message()));
      }
      refused.push_back({e.id, verified.message(), from});
      continue;
    }
    for (int i : from) {
      if (covered.insert(i).second) {
        fates->Edit({inputs[static_cast<size_t>(i)]->id, "merged-into", e.id, "", id,
                     inputs[static_cast<size_t>(i)]->sources});
      }
    }
    out.edits.push_back(std::move(e));
  }
  for (const auto& [name, reason] : answer.dropped) {
    int i = index_of(name);
    if (i < 0 || covered.count(i) != 0) continue;
    covered.insert(i);
    const Edit& e = *inputs[static_cast<size_t>(i)];
    fates->Edit(
        {e.id, "dropped", "", reason.empty() ? "dropped by the merge" : reason, id, e.sources});
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    int n = static_cast<int>(i);
    if (covered.count(n) != 0) continue;
    const Edit& e = *inputs[i];
    auto why = carry_why.find(n);
    fates->Edit({e.id, "carried", "",
                 why != carry_why.end() ? why->second : "the merge neither covered nor dropped it",
                 id, e.sources});
    out.edits.push_back(e);  // carried up unchanged
  }
  for (const Refused& r : refused) {
    std::vector<std::string> carried;
    for (int i : r.from) {
      if (covered.count(i) == 0) carried.push_back(inputs[static_cast<size_t>(i)]->id);
    }
    out.changelog.push_back(
        fmt::format("{} not kept ({}); carried up unchanged: {}", r.id, r.why,
                    carried.empty() ? "none" : fmt::format("{}", fmt::join(carried, ", "))));
  }
  return out;
}

}  // namespace

PatchUnit ApplyMergeAnswer(const Skill& s0, const std::vector<const Edit*>& inputs,
                           const MergeAnswer& answer, const std::string& id, int level,
                           Fates* fates, const ApplyOptions& options) {
  return MergeAnswerUnit(s0, inputs, answer, id, level, fates, options);
}

PatchUnit CarryUp(const std::vector<const PatchUnit*>& group, const std::string& id, int level) {
  PatchUnit out;
  out.id = id;
  out.level = level;
  for (const PatchUnit* u : group) {
    out.inputs.push_back(u->id);
    out.edits.insert(out.edits.end(), u->edits.begin(), u->edits.end());
    out.changelog.insert(out.changelog.end(), u->changelog.begin(), u->changelog.end());
  }
  return out;
}

}  // namespace t2s
