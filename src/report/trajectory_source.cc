#include "report/trajectory_source.h"

#include <fmt/format.h>

#include <filesystem>

namespace t2s {

FoundTrajectories FindTrajectories(const TrajectoryInput& input,
                                   const std::set<std::string>& wanted) {
  FoundTrajectories found;
  if (input.paths.empty() && input.store.empty()) {
    found.problem = "the run folder does not record where its trajectories came from";
    return found;
  }
  std::vector<std::string> missing;
  TrajectoryInput readable = input;
  readable.paths.clear();
  for (const std::string& p : input.paths) {
    std::error_code ec;
    if (std::filesystem::exists(p, ec)) {
      readable.paths.push_back(p);
    } else {
      missing.push_back(p);
    }
  }
  if (!readable.store.empty() && !std::filesystem::exists(readable.store)) {
    missing.push_back(readable.store);
    readable.store.clear();
  }
  if (!readable.labels.empty() && !std::filesystem::exists(readable.labels)) {
    readable.labels.clear();  // the trajectories still read, with their own labels
  }
  if (!readable.paths.empty() || !readable.store.empty()) {
    Status read = ForEachTrajectory(
        readable,
        [&](Trajectory t) {
          if (wanted.count(t.id) != 0) found.by_id.emplace(t.id, std::move(t));
        },
        nullptr, /*quiet=*/true);
    if (!read.ok()) found.problem = read.message();
  }
  if (!missing.empty()) {
    std::string list;
    for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
    bool one = missing.size() == 1;
    std::string line = fmt::format("the run's input{} {} no longer exist{}", one ? "" : "s", list,
                                   one ? "s" : "");
    found.problem = found.problem.empty() ? line : found.problem + "; " + line;
  }
  return found;
}

}  // namespace t2s
