#include "evolve/selection.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/hash.h"
#include "trace/unique_ids.h"

namespace t2s {
namespace {

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
  if (all == 0) return "no trajectories found";
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

}  // namespace

size_t Selection::IndexOf(const std::string& id) const {
  auto it = std::lower_bound(selected.begin(), selected.end(), id,
                             [](const SelectedTrajectory& s, const std::string& v) { return s.id < v; });
  return it != selected.end() && it->id == id ? static_cast<size_t>(it - selected.begin())
                                              : selected.size();
}

TrajectoryStream StreamOf(const EvolveInputs& in) {
  if (in.stream) return in.stream;
  return [&in](const std::function<void(Trajectory)>& fn, Unreadable* unreadable) {
    for (const Trajectory& t : in.trajectories) fn(t);
    if (unreadable != nullptr) *unreadable = in.unreadable;
    return Status::Ok();
  };
}

Result<Selection> SelectTrajectories(const TrajectoryStream& stream, const EvolveOptions& o,
                                     Fates* fates,
                                     const std::function<void(const Trajectory&)>& visit) {
  Selection s;
  Miner miner;
  std::vector<uint64_t> hashes;  // 16 hex digits each, kept as numbers (same order)
  T2S_RETURN_IF_ERROR(stream(
      [&](Trajectory t) {
        ++s.all;
        hashes.push_back(std::stoull(TrajectoryContentHash(t), nullptr, 16));
        std::string why;
        if (!Selected(t, o.mode, &why)) {
          if (t.outcome.label == Label::kUnknown) ++s.unlabelled;
          fates->Trajectory({t.id, std::string(LabelName(t.outcome.label)), "skipped", why, 0});
          return;
        }
        s.selected.push_back({t.id, t.outcome.label});
        if (o.evidence) miner.Add(t);
        if (visit) visit(t);
      },
      &s.unreadable));
  for (const auto& [where, why] : s.unreadable) {
    fates->Trajectory({where, "unknown", "unreadable", why, 0});
  }
  std::sort(s.selected.begin(), s.selected.end(),
            [](const SelectedTrajectory& a, const SelectedTrajectory& b) { return a.id < b.id; });
  std::sort(hashes.begin(), hashes.end());
  std::string all;
  for (uint64_t h : hashes) all += fmt::format("{:016x}", h);
  s.content_hash = HexHash(all);
  if (o.evidence) s.evidence = miner.Finish();
  if (s.selected.empty()) {
    return Status::FailedPrecondition(NothingSelected(s.all, s.unlabelled, o.mode));
  }
  return s;
}

}  // namespace t2s
