#include "evolve/lineage.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>

namespace t2s {

Lineage::Lineage(const std::vector<PatchUnit>& patches, const Fates& fates) {
  for (const PatchUnit& u : patches) {
    for (const Edit& e : u.edits) {
      std::vector<std::string>& units = units_of_[e.id];
      if (units.empty() || units.back() != u.id) units.push_back(u.id);
      if (u.level == 0 && level0_unit_.count(e.id) == 0) {
        level0_unit_[e.id] = &u;
        trajectory_of_[e.id] = e.sources.empty() ? "" : e.sources.front();
      }
    }
  }
  for (const auto& [id, f] : fates.edits()) {
    if ((f.fate == "merged-into" || f.fate == "routed") && !f.into.empty()) into_[id] = f.into;
  }
  // Follow each level-0 edit to where it ended; a chain is at most as long
  // as the merge tree is deep, and a cycle (which the merge code never
  // makes) stops at the first repeat.
  for (const auto& [id, unit] : level0_unit_) {
    std::string at = id;
    std::set<std::string> seen{at};
    for (auto it = into_.find(at); it != into_.end() && seen.insert(it->second).second;
         it = into_.find(at)) {
      at = it->second;
    }
    behind_[at].push_back(id);
  }
}

std::string Lineage::MadeIn(const std::string& id) {
  size_t e = id.rfind("-e");
  return e == std::string::npos ? id : id.substr(0, e);
}

std::vector<Origin> Lineage::Origins(const std::string& id) const {
  std::vector<Origin> out;
  auto it = behind_.find(id);
  if (it == behind_.end()) return out;
  for (const std::string& source : it->second) {
    // The units the edit passed through, then those of each edit it was
    // merged into, up to the final one.
    std::vector<std::string> path;
    std::string at = source;
    std::set<std::string> seen;
    while (seen.insert(at).second) {
      auto units = units_of_.find(at);
      if (units != units_of_.end()) {
        for (const std::string& u : units->second) {
          if (path.empty() || path.back() != u) path.push_back(u);
        }
      }
      auto next = into_.find(at);
      if (next == into_.end()) break;
      at = next->second;
    }
    path.push_back("final");
    auto trajectory = trajectory_of_.find(source);
    out.push_back({source, trajectory == trajectory_of_.end() ? "" : trajectory->second,
                   fmt::format("{}", fmt::join(path, " -> "))});
  }
  return out;
}

std::vector<Lesson> Lineage::Lessons(const std::string& id) const {
  std::vector<Lesson> out;
  std::set<std::pair<std::string, std::string>> seen;
  std::set<const PatchUnit*> units;
  auto it = behind_.find(id);
  if (it == behind_.end()) return out;
  for (const std::string& source : it->second) {
    const PatchUnit* u = level0_unit_.at(source);
    if (!units.insert(u).second) continue;
    for (const Lesson& l : u->lessons) {
      if (seen.insert({l.title, l.do_}).second) out.push_back(l);
    }
  }
  return out;
}

}  // namespace t2s
