// Labels derived from a number a harness records (a reward, a numeric score):
// success when the number >= the threshold, fail otherwise. The default
// threshold is 1 (tau-bench, tau2-bench and most verifiers give 1 to a solved
// task); `ingest --label-threshold T` re-derives such labels with T. Labels
// the harness states outright (Inspect "C"/"I", a `resolved` flag, a labels
// file) are never re-derived.
//
// Every trajectory labelled here records where the label came from:
//   metadata "label_source": "scores.match" / "reward_info.reward" / ...
//   metadata "label_rule":   "reward >= 1"   (only for labels from a number)
#ifndef T2S_TRACE_LABEL_RULE_H_
#define T2S_TRACE_LABEL_RULE_H_

#include <optional>
#include <string>

#include "trace/trajectory.h"

namespace t2s {

inline constexpr double kDefaultLabelThreshold = 1.0;

// Sets the outcome from `reward` (label by the default threshold), the
// outcome's source to `harness`, and records `field` and the rule.
void LabelFromNumber(double reward, const std::string& harness, const std::string& field,
                     Trajectory* t);

// Sets a label the harness stated, with `reward` when it gives one.
void LabelStated(Label label, std::optional<double> reward, const std::string& harness,
                 const std::string& field, Trajectory* t);

// Re-derives a label set by LabelFromNumber with `threshold`; other
// trajectories are left as they are.
void ApplyLabelThreshold(double threshold, Trajectory* t);

}  // namespace t2s

#endif  // T2S_TRACE_LABEL_RULE_H_
