#include "trace/unique_ids.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <set>

#include "base/hash.h"
#include "trace/trajectory_json.h"

namespace t2s {
namespace {

std::string FileName(const Trajectory& t) {
  auto it = t.metadata.find("file");
  if (it == t.metadata.end() || it->second.empty()) return "input";
  std::string file = it->second.substr(0, it->second.rfind('#'));
  // "path:line" (JSONL readers): the line number goes too.
  size_t colon = file.rfind(':');
  if (colon != std::string::npos && colon + 1 < file.size() &&
      file.find_first_not_of("0123456789", colon + 1) == std::string::npos) {
    file.resize(colon);
  }
  return std::filesystem::path(file).filename().string();
}

}  // namespace

std::string TrajectoryContentHash(const Trajectory& t) {
  return HexHash(SerializeTrajectoryContent(t));
}

bool UniqueIds::Admit(Trajectory* t) {
  std::string original = t->id;
  std::string hash = TrajectoryContentHash(*t);
  auto [it, first] = hashes_.try_emplace(original);
  if (!it->second.insert(hash).second) {
    ++report_.exact_duplicates;
    return false;
  }
  if (first && taken_.insert(original).second) return true;
  std::string id = original + "@" + FileName(*t);
  for (int n = 2; taken_.count(id) != 0; ++n) id = fmt::format("{}@{}#{}", original, FileName(*t), n);
  taken_.insert(id);
  t->id = id;
  if (report_.example.empty()) report_.example = original + " -> " + id;
  ++report_.renamed;
  return true;
}

UniqueIdReport MakeIdsUnique(std::vector<Trajectory>* trajectories) {
  UniqueIds ids;
  std::vector<Trajectory> kept;
  kept.reserve(trajectories->size());
  for (Trajectory& t : *trajectories) {
    if (ids.Admit(&t)) kept.push_back(std::move(t));
  }
  *trajectories = std::move(kept);
  return ids.report();
}

std::string DescribeUniqueIds(const UniqueIdReport& r) {
  std::string out;
  if (r.renamed > 0) {
    out = fmt::format("{} trajector{} repeated an id with other content and {} renamed (e.g. {})",
                      r.renamed, r.renamed == 1 ? "y" : "ies", r.renamed == 1 ? "was" : "were",
                      r.example);
  }
  if (r.exact_duplicates > 0) {
    out += fmt::format("{}{} exact duplicate{} (same id, same content) {} dropped",
                       out.empty() ? "" : "; ", r.exact_duplicates,
                       r.exact_duplicates == 1 ? "" : "s", r.exact_duplicates == 1 ? "was" : "were");
  }
  return out;
}

}  // namespace t2s
