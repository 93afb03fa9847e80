// Why every edit exists: for an edit of the final patch, the level-0 edits
// that flowed into it, each with the trajectory behind it, the analyst's
// lessons for that trajectory, and the patches it passed through
// ("L0-0007 -> L1-0002 -> L2-0000 -> final").
#ifndef T2S_EVOLVE_LINEAGE_H_
#define T2S_EVOLVE_LINEAGE_H_

#include <map>
#include <string>
#include <vector>

#include "evolve/fates.h"
#include "evolve/merge.h"

namespace t2s {

struct Origin {
  std::string edit;        // the level-0 edit, "L0-0007-e1"
  std::string trajectory;  // its source
  std::string path;        // "L0-0007 -> L1-0002 -> L2-0000 -> final"
};

class Lineage {
 public:
  // `patches`: every unit of every level, level 0 first (as consolidation
  // made them); `fates`: where each merged or folded edit went.
  Lineage(const std::vector<PatchUnit>& patches, const Fates& fates);

  // The level-0 edits behind the final edit `id`, in id order.
  std::vector<Origin> Origins(const std::string& id) const;
  // The lessons of the trajectories behind the final edit `id`, each once
  // (the same title and advice from two trajectories is one lesson).
  std::vector<Lesson> Lessons(const std::string& id) const;
  // The patch where the edit got its final form: "L2-0000" for a merged
  // edit "L2-0000-e1", "L0-0007" for one carried up unchanged.
  static std::string MadeIn(const std::string& id);

 private:
  // edit id -> the units holding it, in level order.
  std::map<std::string, std::vector<std::string>> units_of_;
  // edit id -> the edit it was merged or routed into.
  std::map<std::string, std::string> into_;
  // final edit id -> the level-0 edits behind it.
  std::map<std::string, std::vector<std::string>> behind_;
  std::map<std::string, std::string> trajectory_of_;      // level-0 edit -> trajectory
  std::map<std::string, const PatchUnit*> level0_unit_;   // level-0 edit -> its unit
};

}  // namespace t2s

#endif  // T2S_EVOLVE_LINEAGE_H_
