// The first stage of evolve: read every trajectory once, decide which ones
// the analysts see, and keep only what later stages need of the others (no
// trajectory is held: memory does not grow with their size).
#ifndef T2S_EVOLVE_SELECTION_H_
#define T2S_EVOLVE_SELECTION_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "evolve/fates.h"
#include "evolve/pipeline.h"
#include "mine/miner.h"
#include "trace/trajectory.h"

namespace t2s {

// A selected trajectory, as later stages know it.
struct SelectedTrajectory {
  std::string id;
  Label label = Label::kUnknown;
};

struct Selection {
  size_t all = 0;
  size_t unlabelled = 0;
  std::vector<SelectedTrajectory> selected;  // in id order: the analysts' order
  // Where selected[0] is in the whole run's selection: 0, or the start of a
  // shard's range (evolve/shard.h). Level-0 unit ids count from it.
  size_t first = 0;
  std::vector<std::pair<std::string, std::string>> unreadable;  // (where, why)
  std::string content_hash;  // of every trajectory, whatever the input order
  Evidence evidence;         // mined from the selected ones, when evidence is on

  // The index of `id` in `selected`, or selected.size().
  size_t IndexOf(const std::string& id) const;
};

// The stream of `inputs`: theirs, or one over the trajectories in memory.
TrajectoryStream StreamOf(const EvolveInputs& inputs);

// Reads `stream` once. Trajectories outside `options.mode` or without a
// label are recorded in `fates` as skipped, unreadable records as
// unreadable. `visit`, when given, sees each selected trajectory as it is
// read (a dry run counts its prompt). FailedPrecondition, saying what to
// do, when nothing is selected.
Result<Selection> SelectTrajectories(const TrajectoryStream& stream, const EvolveOptions& options,
                                     Fates* fates,
                                     const std::function<void(const Trajectory&)>& visit = {});

}  // namespace t2s

#endif  // T2S_EVOLVE_SELECTION_H_
