// Fates: what happened to every trajectory and every proposed edit of a
// run, so nothing disappears without a recorded reason.
#ifndef T2S_EVOLVE_FATES_H_
#define T2S_EVOLVE_FATES_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace t2s {

struct TrajectoryFate {
  std::string id;
  std::string label;   // success | fail | unknown
  std::string fate;    // analyzed | skipped | failed
  std::string reason;  // for skipped / failed
  int edits = 0;       // edits its analyst proposed
};

struct EditFate {
  std::string id;
  std::string
      fate;  // applied | merged-into | dropped | carried (internal, replaced before writing)
  std::string into;  // for merged-into: the edit that absorbed it
  std::string reason;
  std::string patch;  // the patch where this happened
  std::vector<std::string> sources;
};

class Fates {
 public:
  void Trajectory(TrajectoryFate fate) { trajectories_[fate.id] = std::move(fate); }
  void Edit(EditFate fate) { edits_[fate.id] = std::move(fate); }
  bool HasEdit(const std::string& id) const { return edits_.count(id) != 0; }

  const std::map<std::string, TrajectoryFate>& trajectories() const { return trajectories_; }
  const std::map<std::string, EditFate>& edits() const { return edits_; }

  // {"schema":"t2s.fates/1","trajectories":[...],"edits":[...],"counts":{...}}
  std::string ToJson() const;
  // The inverse of ToJson (counts are recomputed, not read). Errors name
  // `source` and the record.
  static Result<Fates> FromJson(std::string_view json, std::string_view source);

  // The most common reasons of trajectories with `fate` ("failed",
  // "skipped") or of edits with `fate` ("dropped"), most frequent first
  // (ties by reason), as "N x reason", at most `n`.
  std::vector<std::string> TopTrajectoryReasons(const std::string& fate, size_t n) const;
  std::vector<std::string> TopEditReasons(const std::string& fate, size_t n) const;

 private:
  std::map<std::string, TrajectoryFate> trajectories_;
  std::map<std::string, EditFate> edits_;
};

}  // namespace t2s

#endif  // T2S_EVOLVE_FATES_H_
