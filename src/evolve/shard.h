// Sharded runs: `evolve --shard i/n --until analyze` analyzes one share of
// the selection on one machine and writes its level-0 patch set;
// `evolve --merge-from DIR...` consolidates the sets of every shard as one
// run would have: the same unit ids, in the same order, so the same merge
// prompts and the same result.
//
// Every shard reads all the trajectories to select (selection is cheap and
// must agree), and analyzes the contiguous range of the selection that is
// its share. Its patch set also carries what the merge needs of the whole
// selection: the selected ids, the mined evidence, the fates of skipped
// trajectories, and the run key, so shards of different inputs or settings
// are never joined.
#ifndef T2S_EVOLVE_SHARD_H_
#define T2S_EVOLVE_SHARD_H_

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "base/shard_spec.h"
#include "evolve/analyst.h"
#include "evolve/fates.h"
#include "evolve/merge.h"
#include "evolve/selection.h"

namespace t2s {

// Keeps the shard's range of `selection->selected` (Selection::first says
// where it starts in the whole selection).
void RestrictToShard(const ShardSpec& s, Selection* selection);

inline constexpr const char* kPatchSetFile = "patch-set.json";

// What one shard leaves for the merge (<out>/patch-set.json).
struct PatchSet {
  std::string run_key;  // RunKey: the same for every shard of one run
  ShardSpec shard;
  size_t first = 0, last = 0;  // its range of the selection
  // The whole selection, as every shard saw it.
  size_t all = 0;
  size_t unlabelled = 0;
  std::vector<std::pair<std::string, std::string>> unreadable;
  std::string content_hash;
  std::vector<SelectedTrajectory> selected;
  std::string evidence;  // the mined findings merge prompts show ("" for none)
  // Where the trajectories came from (the manifest's inputs).
  std::vector<std::string> trace_paths;
  std::string store;
  std::string labels;
  // The shard's analysis.
  std::vector<PatchUnit> units;
  Fates fates;  // its range's trajectories and every skipped one
  size_t analyzed = 0, agentic = 0, verified = 0, unverified = 0, golden_refusals = 0;
  size_t proposed_edits = 0;
  std::vector<std::string> notes;
  std::string accounting;  // what its calls cost
};

std::string PatchSetJson(const PatchSet& set);
// Errors: a folder without a patch set (saying how to make one), a file
// that is not one (naming the field).
Result<PatchSet> ReadPatchSet(const std::filesystem::path& dir);

// Joins the patch sets read from `dirs` (the same order) into the patch set
// of the whole run. Errors: sets of another run key than the first, a shard
// given twice or of another count, missing shards.
Result<PatchSet> JoinPatchSets(std::vector<PatchSet> sets,
                               const std::vector<std::filesystem::path>& dirs);

// The selection a joined patch set was made from (evidence aside: the merge
// takes PatchSet::evidence as it is).
Selection SelectionOf(const PatchSet& set);

// The analyst of a merge: hands over a joined set's units, fates and counts.
class PatchSetAnalyst : public Analyst {
 public:
  explicit PatchSetAnalyst(PatchSet set) : set_(std::move(set)) {}
  Result<std::vector<PatchUnit>> Analyze(const AnalystInputs& in, Fates* fates,
                                         EvolveSummary* summary) override;

 private:
  PatchSet set_;
};

}  // namespace t2s

#endif  // T2S_EVOLVE_SHARD_H_
